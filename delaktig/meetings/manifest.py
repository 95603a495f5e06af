"""The meetings method: face-to-face meetings of a dialogue, from invitation to documentation.

One manifest serves every catalogue method held as a meeting at a time and place
(open meeting, café model, focus group, open space, future workshop …); the
catalogue entries link to it with ``registry_key = "meetings"``
(migrations/0002_link_catalogue.py).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delaktig.core.registry import ContributionType, MethodManifest, registry

from . import selectors, services

# The kinds of documentation a meeting produces (Contribution.kind).
TABLE_NOTE = "table_note"
SESSION_REPORT = "session_report"
FOCUS_GROUP_SUMMARY = "focus_group_summary"
PHOTO = "photo"
NOTE = "note"


def _meeting_pk(activity):
    """The activity's meeting id without a query when the meeting is already loaded."""
    from delaktig.dialogues.models import Activity

    from .models import Meeting

    if Activity.meeting.is_cached(activity):  # loaded with select_related("meeting")
        meeting = getattr(activity, "meeting", None)
        return meeting.pk if meeting is not None else None
    return Meeting.objects.filter(activity=activity).values_list("pk", flat=True).first()


def participate_url(activity) -> str:
    pk = _meeting_pk(activity)
    return reverse("meetings:detail", args=[pk]) if pk else ""


def manage_url(activity) -> str:
    pk = _meeting_pk(activity)
    if pk:
        return reverse("meeting_staff:detail", args=[pk])
    return reverse("meeting_staff:edit", args=[activity.pk])


manifest = registry.register(
    MethodManifest(
        key="meetings",
        name=_("Meeting"),
        description=_(
            "Meetings at a time and place: a public page with accessibility facts, "
            "registration with needs and a waiting list, reminders, and documentation "
            "afterwards (attendance, notes per table or question, photos)."
        ),
        ladder_levels=frozenset({1, 2, 3, 4}),
        online=False,
        offline=True,
        contribution_types=(
            ContributionType(key=TABLE_NOTE, label=_("Table note")),
            ContributionType(key=SESSION_REPORT, label=_("Session report")),
            ContributionType(key=FOCUS_GROUP_SUMMARY, label=_("Focus group summary")),
            ContributionType(key=PHOTO, label=_("Photo")),
            ContributionType(key=NOTE, label=_("Note")),
        ),
        summarise=selectors.activity_figures,
        personal_data=selectors.personal_data,
        erase_personal_data=lambda user: services.registrations_erase_for_user(
            actor=user, user=user
        ),
        participate_url=participate_url,
        manage_url=manage_url,
    )
)
