"""The panel's URLs for the permission walk (tests/test_url_permissions.py)."""

PUBLIC = {"panel:about"}
# Joining and the own profile need the resident's account.
OWN_ACCOUNT = {"panel:join", "panel:profile", "panel:edit", "panel:leave"}
# The overview shows disclosure-controlled counts to every staff member.
ALL_STAFF_READ = {"panel_staff:overview"}
# panel_staff:members and panel_staff:settings are administrators' (403 for the
# foreign official); panel_staff:survey and panel_staff:remind follow the survey's
# dialogue, which belongs to the unit the foreign official is not in.


def url_kwargs(world) -> dict[str, dict]:
    from delaktig.surveys.tests.factories import SurveyFactory

    survey = SurveyFactory(activity__dialogue=world["dialogue"])
    return {
        "panel_staff:survey": {"survey_pk": survey.pk},
        "panel_staff:remind": {"survey_pk": survey.pk},
    }
