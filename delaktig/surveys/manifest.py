"""The survey method: a questionnaire residents answer online, one activity of a dialogue.

The catalogue entry "enkat" links to it with ``registry_key = "surveys"``
(migrations/0002_link_catalogue.py). A survey asks residents for their views,
so it serves the konsultation level of the ladder.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from delaktig.core.registry import (
    ActivitySummary,
    ContributionType,
    ExportFormat,
    MethodManifest,
    registry,
)

# Free-text answers are also Contribution rows of this kind.
ANSWER = "answer"


def _survey_pk(activity):
    """The activity's survey id, without a query when the survey is already loaded."""
    from delaktig.dialogues.models import Activity

    from .models import Survey

    if Activity.survey.is_cached(activity):
        survey = getattr(activity, "survey", None)
        return survey.pk if survey is not None else None
    return Survey.objects.filter(activity=activity).values_list("pk", flat=True).first()


def participate_url(activity) -> str:
    """The public answering page, once the survey exists (and the answering pages do)."""
    pk = _survey_pk(activity)
    if not pk:
        return ""
    try:
        return reverse("surveys:start", kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def manage_url(activity) -> str:
    pk = _survey_pk(activity)
    if pk:
        return reverse("survey_staff:detail", args=[pk])
    return reverse("survey_staff:create", args=[activity.pk])


def summarise(activity) -> ActivitySummary:
    try:
        from .summaries import activity_summary
    except ImportError:
        return ActivitySummary()
    return activity_summary(activity)


def personal_data(user) -> dict:
    """The surveys a person answered under their own name. Anonymous responses hold
    no link to anyone, so they cannot be listed (nor found) here."""
    from .models import Response

    responses = (
        Response.objects.filter(user=user, status=Response.Status.SUBMITTED)
        .select_related("survey")
        .order_by("submitted_on", "survey__title")
    )
    return {
        "survey_responses": [
            {
                "survey": response.survey.title,
                "submitted_on": response.submitted_on.isoformat()
                if response.submitted_on
                else None,
            }
            for response in responses
        ]
    }


def erase_personal_data(user) -> int:
    """Account deletion: answers stay, without the account; invitations to the
    account's address lose the address (whether one was answered stays)."""
    from .models import Invitation, Response

    count = Response.objects.filter(user=user).update(user=None)
    if user.email:
        count += Invitation.objects.filter(email__iexact=user.email).update(email="")
    return count


def _export(name):
    def export(activity, viewer):
        from . import exports

        return exports.activity_export(getattr(exports, name))(activity, viewer)

    return export


manifest = registry.register(
    MethodManifest(
        key="surveys",
        name=_("Survey"),
        description=_(
            "A questionnaire residents answer online: choices, the common rating scale, "
            "ranking, free text, numbers, dates and places; anonymous or not; an open link "
            "or personal invitations; conditional questions and several languages."
        ),
        ladder_levels=frozenset({2}),
        online=True,
        offline=False,
        contribution_types=(ContributionType(key=ANSWER, label=_("Free-text answer")),),
        summarise=summarise,
        personal_data=personal_data,
        erase_personal_data=erase_personal_data,
        exports=(
            ExportFormat("csv", _("All responses (CSV)"), _export("responses_csv")),
            ExportFormat("xlsx", _("All responses (Excel)"), _export("responses_xlsx")),
            ExportFormat("summary_csv", _("Summary figures (CSV)"), _export("summary_csv")),
        ),
        participate_url=participate_url,
        manage_url=manage_url,
    )
)
