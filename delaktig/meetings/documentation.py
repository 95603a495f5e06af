"""Documenting a meeting afterwards: attendance counts and what was said.

Attendance is stored as counts by gender and age band (no names), so results can
compare who came with the population. What was said — a café table's cloth per
question, an open-space session report, a focus-group summary, a photo, a free
note — is stored as Contributions with the method key "meetings", tagged with
the dialogue's question and the table or session, so it joins the dialogue's
results and theme analysis beside online input.

Writes go through the services below (and ``contributions.services``); the read
helpers at the end load everything the documentation pages show in a fixed
number of queries.
"""

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.audit.context import acting_as
from delaktig.contributions import services as contribution_services
from delaktig.contributions.models import Contribution
from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.registry import ContributionType, registry

from .models import AttendanceCount, Meeting

METHOD_KEY = "meetings"
RUN_DIALOGUE = "dialogues.run_dialogue"

# The same keys as the "meetings" manifest declares; used until (or unless) the
# manifest is registered, so documentation works on its own.
FALLBACK_KINDS = (
    ContributionType("table_note", gettext_lazy("Table note")),
    ContributionType("session_report", gettext_lazy("Session report")),
    ContributionType("focus_group_summary", gettext_lazy("Focus group summary")),
    ContributionType("photo", gettext_lazy("Photo")),
    ContributionType("note", gettext_lazy("Note")),
)
PHOTO_KIND = "photo"
# What each type is for, shown beside the form.
KIND_HELP = {
    "table_note": gettext_lazy(
        "Café model: what one table wrote on its cloth about one question. Write the table "
        "in “Table or session”."
    ),
    "session_report": gettext_lazy(
        "Open space: the report from one session, with the session's subject as heading."
    ),
    "focus_group_summary": gettext_lazy(
        "A summary of what the group said, per question if you can."
    ),
    "photo": gettext_lazy("A photo of a cloth, a wall of notes or a drawing, with a description."),
    "note": gettext_lazy("Anything else worth keeping."),
}


# Headings about groups of people ("Women: 12"), so plural.
GENDER_PLURAL = {
    Gender.WOMAN: gettext_lazy("Women"),
    Gender.MAN: gettext_lazy("Men"),
    Gender.OTHER: gettext_lazy("Other gender"),
    Gender.UNSTATED: gettext_lazy("Gender not given"),
}


def contribution_kinds() -> tuple[ContributionType, ...]:
    manifest = registry.get(METHOD_KEY)
    if manifest is not None and manifest.contribution_types:
        return tuple(manifest.contribution_types)
    return FALLBACK_KINDS


def kind_labels() -> dict[str, Any]:
    return {kind.key: kind.label for kind in contribution_kinds()}


def _require_run(actor, meeting: Meeting) -> None:
    if not (actor is not None and actor.has_perm(RUN_DIALOGUE, meeting.activity.dialogue)):
        raise PermissionDenied


# --- Attendance ---------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, counts: Mapping[tuple[str, str], int]
) -> list[AttendanceCount]:
    """Replace the meeting's attendance with ``counts`` ({(gender, age band): n}).

    Rows are changed in place, added or deleted one by one (zeros are not stored),
    so the audit log shows what changed rather than a wholesale delete and insert.
    """
    _require_run(actor, meeting)
    genders, bands = set(Gender.values), set(AgeBand.values)
    wanted: dict[tuple[str, str], int] = {}
    for key, number in counts.items():
        gender, band = key
        if gender not in genders or band not in bands:
            raise ValidationError(_("Unknown gender or age band."))
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ValidationError(_("Numbers of people must be whole numbers, 0 or more."))
        if number:
            wanted[(gender, band)] = number
    # Lock the meeting so that two people saving at once do not interleave.
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))
    existing = {(row.gender, row.age_band): row for row in meeting.attendance.all()}
    with acting_as(actor):
        for key, row in existing.items():
            if key not in wanted:
                row.delete()
            elif row.count != wanted[key]:
                row.count = wanted[key]
                row.save(update_fields=["count"])
        for (gender, band), number in wanted.items():
            if (gender, band) not in existing:
                AttendanceCount.objects.create(
                    meeting=meeting, gender=gender, age_band=band, count=number
                )
    return list(meeting.attendance.all())


@dataclass
class AttendanceSummary:
    genders: list  # [(value, label)]
    bands: list  # [(value, label)]
    cells: dict  # {(gender, band): n}
    rows: list  # [{"band": (value, label), "counts": [n per gender], "total": n}]
    gender_totals: list  # [n per gender]
    total: int
    recorded: bool = False
    band_totals: dict = field(default_factory=dict)

    @property
    def per_gender(self) -> list:
        """[(label, n)] for every gender."""
        return [(label, n) for (_v, label), n in zip(self.genders, self.gender_totals, strict=True)]

    @property
    def per_band(self) -> list:
        """[(label, n)] for every age band."""
        return [(label, self.band_totals[value]) for value, label in self.bands]


def attendance_summary(meeting: Meeting, rows=None) -> AttendanceSummary:
    """The attendance grid with totals per gender, per age band and overall.

    ``rows`` may be given (e.g. prefetched); otherwise one query loads them."""
    if rows is None:
        rows = meeting.attendance.all()
    cells = {(row.gender, row.age_band): row.count for row in rows}
    genders = [(value, GENDER_PLURAL[value]) for value in Gender.values]
    bands = list(AgeBand.choices)
    grid = []
    band_totals = {}
    for band in bands:
        numbers = [cells.get((gender, band[0]), 0) for gender, _label in genders]
        band_totals[band[0]] = sum(numbers)
        grid.append({"band": band, "counts": numbers, "total": sum(numbers)})
    gender_totals = [
        sum(cells.get((gender, band), 0) for band, _label in bands) for gender, _l in genders
    ]
    return AttendanceSummary(
        genders=genders,
        bands=bands,
        cells=cells,
        rows=grid,
        gender_totals=gender_totals,
        total=sum(cells.values()),
        recorded=bool(cells),
        band_totals=band_totals,
    )


# --- Notes, reports and photos -------------------------------------------------


def note_create(*, actor, meeting: Meeting, kind: str, data: Mapping[str, Any]) -> Contribution:
    """Document one output of the meeting as a Contribution of its dialogue."""
    _require_run(actor, meeting)
    if kind not in kind_labels():
        raise ValidationError({"kind": _("Choose one of the types in the list.")})
    _require_photo(kind, data, None)
    activity = meeting.activity
    return contribution_services.contribution_create(
        actor=actor,
        dialogue=activity.dialogue,
        activity=activity,
        method_key=METHOD_KEY,
        kind=kind,
        data=data,
    )


def note_update(
    *, actor, meeting: Meeting, contribution: Contribution, kind: str, data: Mapping[str, Any]
) -> Contribution:
    _require_run(actor, meeting)
    _require_own(meeting, contribution)
    if kind not in kind_labels():
        raise ValidationError({"kind": _("Choose one of the types in the list.")})
    _require_photo(kind, data, contribution)
    return contribution_services.contribution_update(
        actor=actor, contribution=contribution, data=data, kind=kind
    )


def note_remove(*, actor, meeting: Meeting, contribution: Contribution) -> None:
    _require_run(actor, meeting)
    _require_own(meeting, contribution)
    contribution_services.contribution_remove(actor=actor, contribution=contribution)


def _require_own(meeting: Meeting, contribution: Contribution) -> None:
    if contribution.activity_id != meeting.activity_id or contribution.method_key != METHOD_KEY:
        raise PermissionDenied


def _require_photo(kind, data, contribution) -> None:
    """A contribution of the type "photo" needs a photo; other types need text."""
    has_image = bool(data.get("image")) or bool(
        contribution is not None and contribution.image and data.get("image") is not False
    )
    if kind == PHOTO_KIND and not has_image:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    if kind != PHOTO_KIND and not (data.get("text") or "").strip():
        raise ValidationError({"text": _("Write what was said or written.")})


# --- Reads for the documentation pages ---------------------------------------------


def meeting_for_documentation(*, pk: int) -> Meeting:
    """The meeting with its activity, dialogue and the dialogue's units (for the
    permission check and the page header) in one query."""
    return Meeting.objects.select_related(
        "activity__dialogue__unit", "activity__method", "activity__district"
    ).get(pk=pk)


def meeting_contributions(meeting: Meeting) -> list[Contribution]:
    return list(
        Contribution.objects.filter(activity_id=meeting.activity_id, method_key=METHOD_KEY)
        .select_related("question", "recorded_by")
        .order_by("question__position", "source_label", "created_at", "pk")
    )


@dataclass
class Group:
    key: str
    heading: str
    items: list


def group_by_question(contributions, questions) -> list[Group]:
    """Groups in the dialogue's question order; contributions without a question last."""
    groups: OrderedDict[Any, Group] = OrderedDict()
    for question in questions:
        groups[question.pk] = Group(f"q{question.pk}", question.text, [])
    none = Group("q-none", _("Not tied to a question"), [])
    for contribution in contributions:
        groups.get(contribution.question_id, none).items.append(contribution)
    result = [group for group in groups.values() if group.items]
    if none.items:
        result.append(none)
    return result


def group_by_source(contributions) -> list[Group]:
    """Groups by table or session label, in the order first seen; unlabelled last."""
    groups: OrderedDict[str, Group] = OrderedDict()
    none = Group("s-none", _("No table or session given"), [])
    for contribution in sorted(contributions, key=lambda c: (c.source_label.casefold(), c.pk)):
        label = contribution.source_label
        if not label:
            none.items.append(contribution)
            continue
        key = label.casefold()
        if key not in groups:
            groups[key] = Group(f"s{len(groups) + 1}", label, [])
        groups[key].items.append(contribution)
    result = list(groups.values())
    if none.items:
        result.append(none)
    return result
