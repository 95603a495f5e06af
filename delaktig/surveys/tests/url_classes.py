"""URL classification of the surveys app for tests/test_url_permissions.py."""

# Residents answer without an account (unless a survey asks for login, which the
# view checks); tokens and resume secrets are random and unguessable.
PUBLIC = {
    "surveys:start",
    "surveys:page",
    "surveys:email_resume_link",
    "surveys:thanks",
    "surveys:invitation",
    "surveys:resume",
}

# The list shows only the surveys of the viewer's own units (or all, for administrators).
ALL_STAFF_READ = {"survey_staff:list"}


def url_kwargs(world) -> dict[str, dict]:
    from delaktig.surveys.models import Question
    from delaktig.surveys.tests.factories import (
        QuestionFactory,
        SectionFactory,
        SurveyActivityFactory,
        SurveyFactory,
    )

    dialogue = world["dialogue"]
    survey = SurveyFactory(activity__dialogue=dialogue, languages=["en"])
    section = SectionFactory(survey=survey)
    question = QuestionFactory(section=section, kind=Question.Kind.SHORT_TEXT)
    empty_activity = SurveyActivityFactory(dialogue=dialogue)
    return {
        "survey_staff:create": {"activity_pk": empty_activity.pk},
        "survey_staff:detail": {"pk": survey.pk},
        "survey_staff:edit": {"pk": survey.pk},
        "survey_staff:state": {"pk": survey.pk},
        "survey_staff:copy": {"pk": survey.pk},
        "survey_staff:preview": {"pk": survey.pk},
        "survey_staff:translations": {"pk": survey.pk, "language": "en"},
        "survey_staff:section_create": {"pk": survey.pk},
        "survey_staff:section_edit": {"pk": section.pk},
        "survey_staff:section_move": {"pk": section.pk},
        "survey_staff:section_delete": {"pk": section.pk},
        "survey_staff:question_create": {"section_pk": section.pk},
        "survey_staff:question_edit": {"pk": question.pk},
        "survey_staff:question_move": {"pk": question.pk},
        "survey_staff:question_delete": {"pk": question.pk},
        "surveys:start": {"pk": survey.pk},
        "surveys:page": {"pk": survey.pk, "page": 1},
        "surveys:email_resume_link": {"pk": survey.pk},
        "surveys:thanks": {"pk": survey.pk},
        "surveys:invitation": {"token": "x"},
        "surveys:resume": {"secret": "x"},
        "survey_invitations:manage": {"pk": survey.pk},
        "survey_invitations:send": {"pk": survey.pk},
        "survey_invitations:remind": {"pk": survey.pk},
        **{
            f"survey_results:{name}": {"pk": survey.pk}
            for name in (
                "overview",
                "crosstab",
                "texts",
                "export_csv",
                "export_xlsx",
                "summary_csv",
            )
        },
    }
