"""Reads for the consultation pages, the results, the manifest's summariser and a
person's data export.

Every figure leaves through ``results.disclosure``: counts per alternative with
``suppress_counts``, alternative × gender with ``disclose_table``. Each read runs a
fixed number of queries whatever the number of alternatives and choices.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.contributions.models import Contribution
from delaktig.core.demographics import Gender
from delaktig.core.registry import ActivitySummary, SummaryBlock, SummaryFigure
from delaktig.dialogues.models import PUBLIC_STATES, Activity, State
from delaktig.municipality.selectors import user_roles
from delaktig.results.disclosure import Cell, disclose_table, suppress_counts

from .models import Alternative, AlternativeDocument, Choice, Consultation

METHOD_KEY = "consultations"
RUN = "consultations.run_consultation"


def _alternatives_prefetch():
    return Prefetch(
        "alternatives",
        queryset=Alternative.objects.order_by("position", "pk").prefetch_related(
            Prefetch("documents", queryset=AlternativeDocument.objects.order_by("created_at", "pk"))
        ),
    )


# --- Public --------------------------------------------------------------------------


def visible_consultation(*, pk: int, user, municipality) -> Consultation:
    """A consultation residents may see (not a draft, of a public dialogue), or one
    the viewer runs (a preview). Raises Consultation.DoesNotExist otherwise."""
    consultation = (
        Consultation.objects.filter(activity__dialogue__municipality=municipality)
        .select_related("activity__dialogue", "activity__method")
        .prefetch_related(_alternatives_prefetch())
        .get(pk=pk)
    )
    is_public = (
        consultation.state != Consultation.State.DRAFT
        and consultation.activity.dialogue.state in PUBLIC_STATES
    )
    if not is_public and not user.has_perm(RUN, consultation):
        raise Consultation.DoesNotExist
    consultation.is_preview = not is_public
    return consultation


def choice_of(*, consultation, user) -> Choice | None:
    if not user.is_authenticated:
        return None
    return (
        Choice.objects.filter(consultation=consultation, user=user)
        .select_related("alternative")
        .first()
    )


def visible_alternative(*, pk: int, user) -> Alternative:
    alternative = Alternative.objects.select_related("consultation__activity__dialogue").get(pk=pk)
    _check_visible(alternative.consultation, user)
    return alternative


def visible_document(*, pk: int, user) -> AlternativeDocument:
    document = AlternativeDocument.objects.select_related(
        "alternative__consultation__activity__dialogue"
    ).get(pk=pk)
    _check_visible(document.alternative.consultation, user)
    return document


def _check_visible(consultation, user) -> None:
    is_public = (
        consultation.state != Consultation.State.DRAFT
        and consultation.activity.dialogue.state in PUBLIC_STATES
    )
    if not is_public and not user.has_perm(RUN, consultation):
        raise Consultation.DoesNotExist


# --- Staff ---------------------------------------------------------------------------


def _staff_scope(user, queryset, dialogue_path: str):
    if user.has_perm("municipality.manage_settings"):
        return queryset
    unit_ids = {unit_id for unit_id, _role in user_roles(user=user)}
    return queryset.filter(**{f"{dialogue_path}__unit_id__in": unit_ids})


def staff_consultations(*, user) -> list[Consultation]:
    """Consultations of the user's units (administrators: all), with the number of
    alternatives and choices; newest first."""
    queryset = _staff_scope(user, Consultation.objects.all(), "activity__dialogue")
    queryset = queryset.annotate(
        alternative_count=Count("alternatives", distinct=True),
        choice_count=Count("choices", distinct=True),
    ).select_related("activity__dialogue__unit")
    consultations = list(queryset.order_by("-created_at", "-pk"))
    for consultation in consultations:
        # Roles are loaded once per request: no query per row.
        consultation.may_run = user.has_perm(RUN, consultation)
    return consultations


def activities_without_consultation(*, user) -> list[Activity]:
    queryset = Activity.objects.filter(
        method__registry_key=METHOD_KEY, consultation__isnull=True
    ).exclude(dialogue__state=State.ARCHIVED)
    queryset = _staff_scope(user, queryset, "dialogue")
    activities = list(
        queryset.select_related("dialogue__unit", "method").order_by("starts_on", "pk")
    )
    return [a for a in activities if user.has_perm(RUN, a)]


def activity_for_staff(*, pk: int) -> Activity:
    return Activity.objects.select_related("dialogue__unit", "method").get(pk=pk)


def consultation_for_staff(*, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("activity__dialogue__unit", "activity__method")
        .prefetch_related(_alternatives_prefetch())
        .annotate(choice_count=Count("choices"))
        .get(pk=pk)
    )
    chosen = dict(
        Choice.objects.filter(consultation=consultation)
        .values_list("alternative")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for alternative in consultation.alternatives.all():
        alternative.has_choices = chosen.get(alternative.pk, 0) > 0
    return consultation


def alternative_for_staff(*, pk: int) -> Alternative:
    return (
        Alternative.objects.select_related("consultation__activity__dialogue__unit")
        .prefetch_related("documents")
        .get(pk=pk)
    )


def document_for_staff(*, pk: int) -> AlternativeDocument:
    return AlternativeDocument.objects.select_related(
        "alternative__consultation__activity__dialogue__unit"
    ).get(pk=pk)


# --- Results -------------------------------------------------------------------------

# Columns of the gender table; a choice without an answer counts as "prefer not to say".
GENDER_COLUMNS = [Gender.WOMAN, Gender.MAN, Gender.OTHER, Gender.UNSTATED]


HIDDEN = Contribution.Moderation.HIDDEN


@dataclass
class Reason:
    text: str
    hidden: bool = False  # hidden by a moderator: shown to staff, left out of exports


@dataclass
class AlternativeResult:
    alternative: Alternative
    cell: Cell
    share: int | None  # whole percent of all choices, None when hidden
    reasons: list = field(default_factory=list)
    reason_count: int = 0


@dataclass
class Results:
    consultation: Consultation
    rows: list  # AlternativeResult, in the alternatives' order
    counts: object  # DisclosedCounts over alternative pk
    by_gender: object  # DisclosedTable alternative × gender
    reason_count: int
    text_summary: str


def _counts_by_gender(consultation) -> dict:
    """(alternative pk, gender) -> count, and reasons per alternative, in one query."""
    rows = (
        Choice.objects.filter(consultation=consultation)
        .values("alternative", "gender")
        .annotate(n=Count("pk"), with_reason=Count("pk", filter=~Q(reason="")))
        .order_by()
    )
    by_gender: dict = defaultdict(int)
    reasons: dict = defaultdict(int)
    for row in rows:
        by_gender[row["alternative"], row["gender"] or Gender.UNSTATED] += row["n"]
        reasons[row["alternative"]] += row["with_reason"]
    return by_gender, reasons


def _share(cell: Cell, total: Cell) -> int | None:
    if cell.suppressed or total.suppressed or not total.value:
        return None
    return round(100 * cell.value / total.value)


def _text_summary(rows, total: Cell) -> str:
    if total.suppressed:
        return _("Fewer than %(threshold)s people have chosen, so the figures are hidden.") % {
            "threshold": total.threshold
        }
    if not total.value:
        return _("Nobody has chosen yet.")
    parts = []
    for row in rows:
        if row.cell.suppressed:
            parts.append(_("%(title)s: hidden") % {"title": row.alternative.title})
        else:
            parts.append(
                _("%(title)s: %(count)s (%(share)s percent)")
                % {"title": row.alternative.title, "count": row.cell.value, "share": row.share}
            )
    return _("%(total)s people chose. %(parts)s.") % {
        "total": total.value,
        "parts": "; ".join(parts),
    }


def results(consultation: Consultation, *, search: str = "", with_reasons: bool = False) -> Results:
    """Counts and shares per alternative, alternative × gender, and (for staff) the
    reasons grouped by alternative, filtered by ``search``. The consultation must be
    loaded with its alternatives prefetched (``consultation_for_staff``)."""
    alternatives = list(consultation.alternatives.all())
    by_gender, reasons_per = _counts_by_gender(consultation)
    totals = {a.pk: sum(by_gender.get((a.pk, g), 0) for g in GENDER_COLUMNS) for a in alternatives}
    counts = suppress_counts(totals)
    table = disclose_table(
        by_gender,
        rows=[a.pk for a in alternatives],
        columns=GENDER_COLUMNS,
        row_labels={a.pk: a.title for a in alternatives},
        column_labels=dict(Gender.choices),
    )
    rows = [
        AlternativeResult(
            alternative=a,
            cell=counts.cells[a.pk],
            share=_share(counts.cells[a.pk], counts.total),
            reason_count=reasons_per.get(a.pk, 0),
        )
        for a in alternatives
    ]
    if with_reasons:
        texts = Choice.objects.filter(consultation=consultation).exclude(reason="")
        if search.strip():
            texts = texts.filter(reason__icontains=search.strip())
        grouped = defaultdict(list)
        rows_of_texts = texts.order_by("pk").values_list(
            "alternative", "reason", "contribution__moderation"
        )
        for alternative_id, reason, moderation in rows_of_texts:
            grouped[alternative_id].append(Reason(reason, moderation == HIDDEN))
        for row in rows:
            row.reasons = grouped.get(row.alternative.pk, [])
    return Results(
        consultation=consultation,
        rows=rows,
        counts=counts,
        by_gender=table,
        reason_count=sum(reasons_per.values()),
        text_summary=_text_summary(rows, counts.total),
    )


# --- Manifest ------------------------------------------------------------------------


def activity_summary(activity) -> ActivitySummary:
    """The manifest's summariser: choices, a counts block over the alternatives and a
    table block alternative × gender, all through disclosure control."""
    consultation = (
        Consultation.objects.filter(activity=activity)
        .prefetch_related(_alternatives_prefetch())
        .first()
    )
    if consultation is None:
        return ActivitySummary(
            figures=[SummaryFigure(key="choices", label=gettext_lazy("Choices"), value=0)]
        )
    result = results(consultation)
    total = result.counts.total
    labels = {row.alternative.pk: row.alternative.title for row in result.rows}
    return ActivitySummary(
        figures=[
            SummaryFigure(
                key="choices",
                label=gettext_lazy("Choices"),
                value=total.value,
                reason=total.reason,
            )
        ],
        blocks=[
            SummaryBlock(
                key="alternatives",
                title=consultation.question,
                kind="counts",
                counts=result.counts,
                labels=labels,
                stats={"n": total.value} if not total.suppressed else {},
                text_summary=result.text_summary,
            ),
            SummaryBlock(
                key="alternatives_by_gender",
                title=gettext_lazy("Choices by gender"),
                kind="table",
                table=result.by_gender,
            ),
            SummaryBlock(
                key="reasons",
                title=gettext_lazy("Reasons for the choices"),
                kind="text",
                stats={"n": result.reason_count},
            ),
        ],
    )


def personal_data(user) -> dict:
    """Every choice a person made while logged in, with the reason."""
    choices = (
        Choice.objects.filter(user=user)
        .select_related("consultation__activity", "alternative", "district")
        .order_by("created_on", "pk")
    )
    return {
        "consultation_choices": [
            {
                "consultation": str(c.consultation.activity),
                "question": c.consultation.question,
                "alternative": c.alternative.title,
                "reason": c.reason,
                "age_band": str(c.get_age_band_display()) if c.age_band else "",
                "gender": str(c.get_gender_display()) if c.gender else "",
                "district": c.district.name if c.district else "",
                "chosen_on": c.created_on.isoformat(),
            }
            for c in choices
        ]
    }
