"""Counting reach: how many people the municipality's groups met, and what share of
the residents that is.

The database does the counting (``Sum``/``Count`` with ``GROUP BY``): every
function here runs a fixed number of queries whatever the number of entries and
meetings, and Python only merges the few grouped rows (one per month, dialogue,
group or district).

Meetings come from ``delaktig.meetings``: a meeting counts in the period when it
starts in it and has started (a planned meeting is not yet held), its participants
are the sum of its attendance counts, its district is its activity's district, and
it belongs to the group whose dialogue it is — the dialogue's owner committee (a
beredning, a nämnd), or the responsible unit when the dialogue has none. The same
rule is used in the overview and in a group's report, so the figures agree.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from delaktig.core.demographics import AgeBand, Gender
from delaktig.meetings.models import Meeting
from delaktig.municipality.models import District, Municipality, PopulationFigure, Topic, Unit
from delaktig.results.disclosure import suppress_counts

from .models import OutreachEntry, OutreachTally

# ---------------------------------------------------------------------------
# Building blocks


@dataclass
class Figures:
    people_met: int = 0
    conversations: int = 0
    entries: int = 0
    meetings: int = 0
    participants: int = 0
    population: int | None = None
    notes: int = 0  # entries with notes (group reports)

    @property
    def share(self) -> float | None:
        """People met as a share of the residents (None without population figures)."""
        if not self.population:
            return None
        return self.people_met / self.population

    @property
    def share_percent(self) -> float | None:
        share = self.share
        return None if share is None else share * 100

    @property
    def is_empty(self) -> bool:
        return not (self.people_met or self.conversations or self.entries or self.meetings)


@dataclass
class Row:
    label: str
    figures: Figures
    key: object = None
    muted: bool = False  # "no district given", "not part of a dialogue"
    active: bool = True  # an inactive district is listed only when it has figures


@dataclass
class Population:
    """The denominator: the latest figures on or before the period's last year."""

    year: int | None = None
    total: int | None = None
    district_year: int | None = None
    by_district: dict[int, int] = field(default_factory=dict)


def _day_bounds(start: datetime.date, end: datetime.date):
    """Aware datetimes for [start 00:00, the day after end 00:00) in local time."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def outreach_in(*, municipality: Municipality, start, end, unit: Unit | None = None) -> QuerySet:
    qs = OutreachEntry.objects.filter(municipality=municipality, date__gte=start, date__lte=end)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by()


def meetings_in(*, municipality: Municipality, start, end, unit: Unit | None = None) -> QuerySet:
    """Meetings held in the period: started in it, and not later than now (a meeting
    planned for next week has not been held, and has no participants yet)."""
    low, high = _day_bounds(start, end)
    qs = Meeting.objects.filter(
        activity__dialogue__municipality=municipality,
        starts_at__gte=low,
        starts_at__lt=min(high, timezone.now()),
    ).annotate(
        group_id=Coalesce("activity__dialogue__owner_committee_id", "activity__dialogue__unit_id"),
        group_name=Coalesce(
            "activity__dialogue__owner_committee__name", "activity__dialogue__unit__name"
        ),
    )
    if unit is not None:
        qs = qs.filter(group_id=unit.pk)
    return qs.order_by()


OUTREACH_SUMS = {
    "entries": Count("pk"),
    "people_met": Sum("people_met"),
    "conversations": Sum("conversations"),
}
# A meeting joins its attendance rows: count meetings distinct, sum the counts.
MEETING_SUMS = {"meetings": Count("pk", distinct=True), "participants": Sum("attendance__count")}


def _fill(figures: Figures, values: dict) -> Figures:
    for key in ("entries", "people_met", "conversations", "meetings", "participants"):
        if key in values and values[key] is not None:
            setattr(figures, key, getattr(figures, key) + values[key])
    return figures


def population_for(*, municipality: Municipality, year: int) -> Population:
    """Population figures for ``year``: the latest year on or before it (or, when the
    municipality has only later figures, the earliest of those — labelled with its
    year so the reader knows). Two queries."""
    per_year = list(
        PopulationFigure.objects.filter(municipality=municipality)
        .values("year")
        .annotate(
            whole=Sum("count", filter=Q(district__isnull=True)),
            districts=Sum("count", filter=Q(district__isnull=False)),
        )
        .order_by("-year")
    )
    if not per_year:
        return Population()
    candidates = [row for row in per_year if row["year"] <= year] or per_year[-1:]
    chosen = candidates[0]
    population = Population(
        year=chosen["year"],
        total=chosen["whole"] if chosen["whole"] is not None else chosen["districts"],
    )
    with_districts = [row for row in per_year if row["districts"]]
    district_candidates = [row for row in with_districts if row["year"] <= year] or (
        with_districts[-1:]
    )
    if district_candidates:
        population.district_year = district_candidates[0]["year"]
        population.by_district = dict(
            PopulationFigure.objects.filter(
                municipality=municipality,
                year=population.district_year,
                district__isnull=False,
            )
            .values("district_id")
            .annotate(total=Sum("count"))
            .order_by()
            .values_list("district_id", "total")
        )
    return population


# ---------------------------------------------------------------------------
# Plain-language sentences

# "One resident in N": English uses the cardinal, Swedish the ordinal ("var femte").
_ONE_IN = {
    2: pgettext_lazy("one resident in N", "two"),
    3: pgettext_lazy("one resident in N", "three"),
    4: pgettext_lazy("one resident in N", "four"),
    5: pgettext_lazy("one resident in N", "five"),
    6: pgettext_lazy("one resident in N", "six"),
    7: pgettext_lazy("one resident in N", "seven"),
    8: pgettext_lazy("one resident in N", "eight"),
    9: pgettext_lazy("one resident in N", "nine"),
    10: pgettext_lazy("one resident in N", "ten"),
    11: pgettext_lazy("one resident in N", "eleven"),
    12: pgettext_lazy("one resident in N", "twelve"),
    13: pgettext_lazy("one resident in N", "thirteen"),
    14: pgettext_lazy("one resident in N", "fourteen"),
    15: pgettext_lazy("one resident in N", "fifteen"),
    16: pgettext_lazy("one resident in N", "sixteen"),
    17: pgettext_lazy("one resident in N", "seventeen"),
    18: pgettext_lazy("one resident in N", "eighteen"),
    19: pgettext_lazy("one resident in N", "nineteen"),
    20: pgettext_lazy("one resident in N", "twenty"),
}


def number(value) -> str:
    """A whole number the Swedish way (4 870), whatever the locale's grouping default."""
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True, force_grouping=True)


def percent(value: float | None) -> str:
    if value is None:
        return ""
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


def share_sentence(share: float | None) -> str:
    """ "It corresponds to nearly one resident in five (19.6 percent)." — or just the
    percentage where a "one in N" would mislead (above a half, below one in twenty)."""
    if share is None:
        return ""
    pct = percent(share * 100)
    if share <= 0:
        return _("That is none of the residents.")
    if share >= 1:
        return _(
            "That is as many as %(percent)s percent of the residents; the same person "
            "may have been met several times."
        ) % {"percent": pct}
    n = round(1 / share)
    if n < 2 or n > 20:
        return _("That corresponds to %(percent)s percent of the residents.") % {"percent": pct}
    word = str(_ONE_IN[n])
    exact = 1 / n
    if abs(share - exact) / exact < 0.02:
        text = _("That corresponds to about one resident in %(n)s (%(percent)s percent).")
    elif share < exact:
        text = _("That corresponds to nearly one resident in %(n)s (%(percent)s percent).")
    else:
        text = _(
            "That corresponds to a little more than one resident in %(n)s (%(percent)s percent)."
        )
    return text % {"n": word, "percent": pct}


def met_sentence(figures: Figures, *, subject: str | None = None) -> str:
    """ "The groups met 4 870 people and held 2 690 conversations.\""""
    subject = subject or _("The groups")
    met = ngettext(
        "%(subject)s met %(count)s person", "%(subject)s met %(count)s people", figures.people_met
    ) % {"subject": subject, "count": number(figures.people_met)}
    held = ngettext(
        "and held %(count)s conversation.",
        "and held %(count)s conversations.",
        figures.conversations,
    ) % {"count": number(figures.conversations)}
    return f"{met} {held}"


def meetings_sentence(figures: Figures) -> str:
    if not figures.meetings:
        return _("No meetings were held in the period.")
    held = ngettext(
        "%(count)s meeting was held", "%(count)s meetings were held", figures.meetings
    ) % {"count": number(figures.meetings)}
    came = ngettext(
        "with %(count)s participant.", "with %(count)s participants.", figures.participants
    ) % {"count": number(figures.participants)}
    return f"{held} {came}"


def headline(figures: Figures, *, subject: str | None = None) -> list[str]:
    sentences = [met_sentence(figures, subject=subject)]
    share = share_sentence(figures.share)
    if share:
        sentences.append(share)
    sentences.append(meetings_sentence(figures))
    return sentences


# ---------------------------------------------------------------------------
# The overview


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, current = [], datetime.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = datetime.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _month_key(value) -> tuple[int, int]:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return (value.year, value.month)


def by_month(entries: QuerySet, meetings: QuerySet, start, end) -> list[Row]:
    rows = {
        (m.year, m.month): Row(label=formats.date_format(m, "F Y"), figures=Figures(), key=m)
        for m in _months(start, end)
    }
    for values in (
        entries.annotate(month=TruncMonth("date")).values("month").annotate(**OUTREACH_SUMS)
    ):
        row = rows.get(_month_key(values["month"]))
        if row:
            _fill(row.figures, values)
    tz = timezone.get_current_timezone()
    for values in (
        meetings.annotate(month=TruncMonth("starts_at", tzinfo=tz))
        .values("month")
        .annotate(**MEETING_SUMS)
    ):
        row = rows.get(_month_key(values["month"]))
        if row:
            _fill(row.figures, values)
    return list(rows.values())


def by_dialogue(entries: QuerySet, meetings: QuerySet) -> list[Row]:
    rows: dict[object, Row] = {}
    for values in entries.values("dialogue_id", "dialogue__title").annotate(**OUTREACH_SUMS):
        key = values["dialogue_id"]
        label = values["dialogue__title"] or _("Not part of a dialogue")
        row = rows.setdefault(key, Row(label=label, figures=Figures(), key=key, muted=key is None))
        _fill(row.figures, values)
    for values in meetings.values(
        d_id=F("activity__dialogue_id"), d_title=F("activity__dialogue__title")
    ).annotate(**MEETING_SUMS):
        key = values["d_id"]
        row = rows.setdefault(key, Row(label=values["d_title"], figures=Figures(), key=key))
        _fill(row.figures, values)
    return sorted(rows.values(), key=lambda r: (r.key is None, r.label.lower()))


def by_group(entries: QuerySet, meetings: QuerySet) -> list[Row]:
    rows: dict[int, Row] = {}
    for values in entries.values("unit_id", "unit__name").annotate(**OUTREACH_SUMS):
        row = rows.setdefault(
            values["unit_id"],
            Row(label=values["unit__name"], figures=Figures(), key=values["unit_id"]),
        )
        _fill(row.figures, values)
    for values in meetings.values("group_id", "group_name").annotate(**MEETING_SUMS):
        row = rows.setdefault(
            values["group_id"],
            Row(label=values["group_name"], figures=Figures(), key=values["group_id"]),
        )
        _fill(row.figures, values)
    return sorted(rows.values(), key=lambda r: (-r.figures.people_met, r.label.lower()))


def by_district(
    entries: QuerySet, meetings: QuerySet, *, municipality: Municipality, population: Population
) -> list[Row]:
    rows: dict[object, Row] = {}
    for district in District.objects.filter(municipality=municipality).values(
        "pk", "name", "is_active"
    ):
        rows[district["pk"]] = Row(
            label=district["name"],
            figures=Figures(population=population.by_district.get(district["pk"])),
            key=district["pk"],
            active=district["is_active"],
        )
    for values in entries.values("district_id").annotate(**OUTREACH_SUMS):
        key = values["district_id"]
        row = rows.get(key) or rows.setdefault(
            None, Row(label=_("No district given"), figures=Figures(), muted=True)
        )
        _fill(row.figures, values)
    for values in meetings.values(district_id=F("activity__district_id")).annotate(**MEETING_SUMS):
        key = values["district_id"]
        row = rows.get(key) or rows.setdefault(
            None, Row(label=_("No district given"), figures=Figures(), muted=True)
        )
        _fill(row.figures, values)
    shown = [
        row
        for key, row in rows.items()
        if key is not None and (row.active or not row.figures.is_empty)
    ]
    shown.sort(key=lambda r: r.label.lower())
    if None in rows:
        shown.append(rows[None])
    return shown


def totals(entries: QuerySet, meetings: QuerySet, *, population: Population) -> Figures:
    figures = Figures(population=population.total)
    _fill(figures, entries.aggregate(**OUTREACH_SUMS))
    _fill(figures, meetings.aggregate(**MEETING_SUMS))
    return figures


def reach_overview(*, municipality: Municipality, start, end) -> dict:
    """Everything the reach page shows for a period, in a fixed number of queries."""
    entries = outreach_in(municipality=municipality, start=start, end=end)
    meetings = meetings_in(municipality=municipality, start=start, end=end)
    population = population_for(municipality=municipality, year=end.year)
    total = totals(entries, meetings, population=population)
    return {
        "start": start,
        "end": end,
        "totals": total,
        "population": population,
        "headline": headline(total),
        "months": by_month(entries, meetings, start, end),
        "dialogues": by_dialogue(entries, meetings),
        "groups": by_group(entries, meetings),
        "districts": by_district(
            entries, meetings, municipality=municipality, population=population
        ),
    }


# ---------------------------------------------------------------------------
# A group's yearly report to the municipal council


def disclosure_threshold() -> int:
    return getattr(settings, "DELAKTIG_DISCLOSURE_THRESHOLD", 5)


def group_report(*, unit: Unit, year: int) -> dict:
    """A beredning's or framtidsgrupp's year: people met and conversations per month
    and district, meetings and participants, topics raised, the dialogues involved
    and how many entries carry notes."""
    municipality = unit.municipality
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = outreach_in(municipality=municipality, start=start, end=end, unit=unit)
    meetings = meetings_in(municipality=municipality, start=start, end=end, unit=unit)
    population = population_for(municipality=municipality, year=year)
    total = totals(entries, meetings, population=population)
    total.notes = entries.exclude(notes="").count()
    kinds = {
        values["kind"]: values
        for values in entries.values("kind").annotate(**OUTREACH_SUMS).order_by()
    }
    kind_rows = [
        Row(label=label, figures=_fill(Figures(), kinds[value]), key=value)
        for value, label in OutreachEntry.Kind.choices
        if value in kinds
    ]
    topic_rows = list(
        Topic.objects.filter(outreach_entries__in=entries)
        .annotate(
            entries=Count("outreach_entries", distinct=True),
            people_met=Sum("outreach_entries__people_met"),
        )
        .order_by("-entries", "name")
        .values("name", "entries", "people_met")
    )
    return {
        "unit": unit,
        "year": year,
        "start": start,
        "end": end,
        "totals": total,
        "population": population,
        "headline": headline(total, subject=unit.name),
        "months": by_month(entries, meetings, start, end),
        "districts": by_district(
            entries, meetings, municipality=municipality, population=population
        ),
        "kinds": kind_rows,
        "topics": topic_rows,
        "dialogues": [row for row in by_dialogue(entries, meetings) if row.key is not None],
        "who": who_we_met(entries),
    }


def who_we_met(entries: QuerySet) -> dict:
    """People met by gender and by age band, where the group counted them, through
    the shared disclosure control: small groups are hidden, and so is one more
    figure wherever the shown ones and the total would give a hidden one back."""
    threshold = disclosure_threshold()
    tallies = OutreachTally.objects.filter(entry__in=entries).order_by()
    by_gender = dict(tallies.values("gender").annotate(n=Sum("count")).values_list("gender", "n"))
    by_band = dict(tallies.values("age_band").annotate(n=Sum("count")).values_list("age_band", "n"))

    def cells(choices, counts):
        shown = {value: counts[value] for value, _label in choices if counts.get(value)}
        disclosed = suppress_counts(shown, threshold=threshold)
        rows = [
            {
                "label": label,
                "count": shown[value],
                "hidden": disclosed.cells[value].suppressed,
                "small": disclosed.cells[value].reason == "small",
            }
            for value, label in choices
            if value in shown
        ]
        return rows, disclosed.total

    genders, gender_total = cells(Gender.choices, by_gender)
    bands, band_total = cells(AgeBand.choices, by_band)
    counted = sum(by_gender.values())
    return {
        "any": bool(counted),
        "counted": None if gender_total.suppressed or band_total.suppressed else counted,
        "genders": genders,
        "bands": bands,
        "threshold": threshold,
    }
