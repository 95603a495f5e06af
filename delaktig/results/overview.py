"""The municipality overview: how well does the municipality let residents take part?

Indicators across every dialogue, for the municipal council (KF) and board (KS):
dialogues per ladder level and state, participants and contacts, who took part
compared with the population, feedback on time, and the participants' own ratings,
per year and half-year.

Everything is loaded in a fixed number of queries (grouped by dialogue in the
database) whatever the number of dialogues, then summed here. Participants are
counted as ``participation.py`` counts them: attendance counts of meetings,
outreach tallies and distinct authors of contributions; like there, participations
are counted, not persons. Counts of people go through disclosure control; counts
of dialogues do not (a dialogue is not a person).

Which dialogues count: the state table shows every dialogue; the other figures count
the dialogues that have been announced (published or later), since a plan that
never reached residents let nobody take part. A dialogue belongs to the year and
half-year in which its participation starts (else ends, else when it was created).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.contributions.models import Contribution
from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import PUBLIC_STATES, Dialogue, LadderLevel, State
from delaktig.evaluations.models import Response
from delaktig.meetings.models import AttendanceCount, EvaluationResponse
from delaktig.municipality.models import PopulationFigure, Unit
from delaktig.outreach.models import OutreachEntry, OutreachTally

from .disclosure import Cell, DisclosedTable, disclose_table, disclosure_threshold, suppress_counts
from .participation import UNDER_FACTOR

RATING_FIELDS = ("purpose_clear", "listened_to", "knows_next")
RATING_LABELS = {
    "purpose_clear": gettext_lazy("The purpose was clear"),
    "listened_to": gettext_lazy("I was listened to"),
    "knows_next": gettext_lazy("I know what happens next"),
}
# SCB's tables have women and men; the comparison uses the bands it can compare.
COMPARED_GENDERS = (Gender.WOMAN, Gender.MAN)
COMPARED_BANDS = tuple(band for band in AgeBand.values if band != AgeBand.UNKNOWN)


# --- per dialogue ------------------------------------------------------------------------


@dataclass
class DialogueFigures:
    """One dialogue's raw figures. Never shown as such: only summed and disclosed."""

    pk: int
    state: str
    ladder_level: int | None
    period: datetime.date
    feedback_due_on: datetime.date | None
    feedback_published_on: datetime.date | None
    age_gender: dict = field(default_factory=lambda: defaultdict(int))
    contributors: int = 0
    people_met: int = 0
    conversations: int = 0
    ratings: dict = field(default_factory=lambda: {name: [0, 0] for name in RATING_FIELDS})
    again_yes: int = 0
    again_answered: int = 0
    responses: int = 0

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def half(self) -> str:
        return f"{self.period.year} H{1 if self.period.month <= 6 else 2}"

    @property
    def participants(self) -> int:
        return sum(self.age_gender.values()) + self.contributors

    def feedback_status(self, today: datetime.date) -> str:
        """ "on_time", "late", "pending" (not due yet) or "" (no deadline in the plan)."""
        if self.feedback_due_on is None:
            return ""
        if self.feedback_published_on is not None:
            return "on_time" if self.feedback_published_on <= self.feedback_due_on else "late"
        return "late" if today > self.feedback_due_on else "pending"


def _base_queryset(municipality, unit):
    qs = Dialogue.objects.filter(municipality=municipality)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(owner_committee=unit))
    return qs


def _load(municipality, unit) -> tuple[list[DialogueFigures], dict]:
    """Every dialogue's figures in seven queries; the population figures in one more."""
    base = _base_queryset(municipality, unit)
    rows = (
        base.annotate(
            period=Coalesce("starts_on", "ends_on", TruncDate("created_at")),
            feedback_published=F("feedback__published_at"),
        )
        .values_list(
            "pk", "state", "ladder_level", "period", "feedback_due_on", "feedback_published"
        )
        .order_by()
    )
    dialogues = {}
    for pk, state, level, period, due, published_at in rows:
        dialogues[pk] = DialogueFigures(
            pk=pk,
            state=state,
            ladder_level=level,
            period=period,
            feedback_due_on=due,
            feedback_published_on=(
                timezone.localdate(published_at) if published_at is not None else None
            ),
        )
    ids = base.values("pk")
    attendance = (
        AttendanceCount.objects.filter(meeting__activity__dialogue__in=ids)
        .values_list("meeting__activity__dialogue_id", "age_band", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    )
    tallies = (
        OutreachTally.objects.filter(entry__dialogue__in=ids)
        .values_list("entry__dialogue_id", "age_band", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for dialogue_id, age_band, gender, n in (*attendance, *tallies):
        if dialogue_id in dialogues:
            dialogues[dialogue_id].age_gender[age_band, gender] += n
    authors = (
        Contribution.objects.filter(dialogue__in=ids, author__isnull=False)
        .values_list("dialogue_id")
        .annotate(n=Count("author", distinct=True))
        .order_by()
    )
    for dialogue_id, n in authors:
        if dialogue_id in dialogues:
            dialogues[dialogue_id].contributors += n
    contacts = (
        OutreachEntry.objects.filter(dialogue__in=ids)
        .values_list("dialogue_id")
        .annotate(met=Sum("people_met"), held=Sum("conversations"))
        .order_by()
    )
    for dialogue_id, met, held in contacts:
        if dialogue_id in dialogues:
            dialogues[dialogue_id].people_met += met or 0
            dialogues[dialogue_id].conversations += held or 0
    rating_aggregates = {}
    for name in RATING_FIELDS:
        rating_aggregates[f"{name}_n"] = Count(name)
        rating_aggregates[f"{name}_sum"] = Sum(name)
    common = {
        **rating_aggregates,
        "again_yes": Count("pk", filter=Q(take_part_again="yes")),
        "again_answered": Count("pk", filter=~Q(take_part_again="")),
        "responses": Count("pk"),
    }
    evaluations = (
        Response.objects.filter(evaluation__dialogue__in=ids)
        .values("evaluation__dialogue_id")
        .annotate(**common)
        .order_by()
    )
    meeting_evaluations = (
        EvaluationResponse.objects.filter(meeting__activity__dialogue__in=ids)
        .values("meeting__activity__dialogue_id")
        .annotate(**common)
        .order_by()
    )
    for row in (*evaluations, *meeting_evaluations):
        dialogue_id = row.get("evaluation__dialogue_id") or row.get(
            "meeting__activity__dialogue_id"
        )
        figures = dialogues.get(dialogue_id)
        if figures is None:
            continue
        for name in RATING_FIELDS:
            figures.ratings[name][0] += row[f"{name}_n"]
            figures.ratings[name][1] += row[f"{name}_sum"] or 0
        figures.again_yes += row["again_yes"]
        figures.again_answered += row["again_answered"]
        figures.responses += row["responses"]
    population = (
        PopulationFigure.objects.filter(municipality=municipality)
        .values_list("year", "district_id", "age_band", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return list(dialogues.values()), _population_by_year(population)


def _population_by_year(rows) -> dict:
    """{year: {(band, gender): n}}: whole-municipality rows when a year has any, else
    the sum of its districts (as participation.py does), so nothing is counted twice."""
    whole: dict = defaultdict(lambda: defaultdict(int))
    districts: dict = defaultdict(lambda: defaultdict(int))
    for year, district_id, band, gender, n in rows:
        target = whole if district_id is None else districts
        target[year][band, gender] += n
    return {year: dict(whole.get(year) or districts[year]) for year in {*whole, *districts}}


# --- summing a set of dialogues ------------------------------------------------------------


@dataclass
class Rating:
    name: str
    label: str
    answered: Cell
    mean: float | None  # None when too few answered


@dataclass
class Summary:
    """The indicators for one set of dialogues (a year, a half-year, the selection)."""

    label: str
    dialogues: int
    participants: Cell
    people_met: Cell
    conversations: Cell
    feedback_due: int  # dialogues whose feedback deadline has passed or that fed back
    feedback_on_time: int
    responses: Cell
    ratings: list[Rating]
    again_percent: int | None

    @property
    def on_time_percent(self) -> int | None:
        if not self.feedback_due:
            return None
        return round(100 * self.feedback_on_time / self.feedback_due)

    def rating(self, name) -> Rating | None:
        return next((r for r in self.ratings if r.name == name), None)


def _one(n: int, threshold: int) -> Cell:
    return suppress_counts({"n": n}, threshold=threshold).cells["n"]


# Counts of people, summed per period. A year is the sum of its halves and the
# selection the sum of its years, so each is disclosed as one table (years ×
# halves): a hidden figure cannot be worked out by subtraction.
PEOPLE_COUNTS = {
    "participants": lambda row: row.participants,
    "people_met": lambda row: row.people_met,
    "conversations": lambda row: row.conversations,
    "responses": lambda row: row.responses,
}
HALVES = ("H1", "H2")


def _period_tables(rows: list[DialogueFigures], threshold) -> dict[str, DisclosedTable]:
    years = sorted({row.year for row in rows})
    tables = {}
    for name, value in PEOPLE_COUNTS.items():
        counts: dict = defaultdict(int)
        for row in rows:
            counts[row.year, row.half[-2:]] += value(row)
        tables[name] = disclose_table(counts, rows=years, columns=HALVES, threshold=threshold)
    return tables


def _summary(label, rows: list[DialogueFigures], today, threshold, cells: dict) -> Summary:
    statuses = [row.feedback_status(today) for row in rows]
    ratings = []
    for name in RATING_FIELDS:
        n = sum(row.ratings[name][0] for row in rows)
        total = sum(row.ratings[name][1] for row in rows)
        ratings.append(
            Rating(
                name=name,
                label=str(RATING_LABELS[name]),
                answered=_one(n, threshold),
                # With fewer answers than the threshold the mean could give one away.
                mean=round(total / n, 1) if n >= threshold else None,
            )
        )
    answered = sum(row.again_answered for row in rows)
    yes = sum(row.again_yes for row in rows)
    return Summary(
        label=label,
        dialogues=len(rows),
        participants=cells["participants"],
        people_met=cells["people_met"],
        conversations=cells["conversations"],
        feedback_due=sum(1 for s in statuses if s in ("on_time", "late")),
        feedback_on_time=sum(1 for s in statuses if s == "on_time"),
        responses=cells["responses"],
        ratings=ratings,
        again_percent=round(100 * yes / answered) if answered >= threshold else None,
    )


# --- the overview --------------------------------------------------------------------------


@dataclass
class CountRow:
    key: object
    label: str
    count: int
    percent: int  # of the largest row, for the bar


@dataclass
class ReachCell:
    participants: Cell
    participant_percent: float | None
    population_percent: float | None
    under_represented: bool


@dataclass
class ReachRow:
    key: str
    label: str
    cells: list[ReachCell]


@dataclass
class YearRow:
    year: Summary
    halves: list[Summary]


@dataclass
class Overview:
    year: int | None
    unit: Unit | None
    years: list[int]
    threshold: int
    selection: Summary
    by_level: list[CountRow]
    by_state: list[CountRow]
    over_time: list[YearRow]
    reach_table: DisclosedTable
    reach_rows: list[ReachRow]
    reach_columns: list[str]
    reach_not_compared: Cell
    population_year: int | None
    headline: list[str]
    raw: dict = field(default_factory=dict, repr=False)


def _count_rows(counter: dict, choices) -> list[CountRow]:
    top = max(counter.values(), default=0)
    return [
        CountRow(
            key=key,
            label=str(label),
            count=counter.get(key, 0),
            percent=round(100 * counter.get(key, 0) / top) if top else 0,
        )
        for key, label in choices
    ]


def _over_time(rows: list[DialogueFigures], tables: dict, today, threshold) -> list[YearRow]:
    by_year: dict = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    result = []
    for year in sorted(by_year):
        year_rows = by_year[year]
        year_cells = {name: table.row_totals[year] for name, table in tables.items()}
        halves = []
        for half, label in (("H1", _("first half")), ("H2", _("second half"))):
            half_rows = [row for row in year_rows if row.half.endswith(half)]
            cells = {name: table.cells[year, half] for name, table in tables.items()}
            halves.append(_summary(f"{year} {label}", half_rows, today, threshold, cells))
        result.append(
            YearRow(
                year=_summary(str(year), year_rows, today, threshold, year_cells),
                halves=halves,
            )
        )
    return result


def _reach(rows: list[DialogueFigures], population: dict, threshold):
    counts: dict = defaultdict(int)
    not_compared = 0
    for row in rows:
        for (band, gender), n in row.age_gender.items():
            if band in COMPARED_BANDS and gender in COMPARED_GENDERS:
                counts[band, gender] += n
            else:
                not_compared += n
        not_compared += row.contributors  # authors' age and gender are not recorded
    table = disclose_table(
        counts,
        rows=COMPARED_BANDS,
        columns=COMPARED_GENDERS,
        threshold=threshold,
        row_labels=dict(AgeBand.choices),
        column_labels=dict(Gender.choices),
    )
    known = sum(counts.values())
    pop_total = sum(
        n
        for (band, gender), n in population.items()
        if band in COMPARED_BANDS and gender in COMPARED_GENDERS
    )
    reach_rows = []
    for row in table.rows:
        cells = []
        for gender, cell in zip(table.column_keys, row.cells, strict=True):
            pop = population.get((row.key, gender), 0)
            pop_share = pop / pop_total if pop_total else None
            n = counts.get((row.key, gender), 0)
            share = n / known if known else None
            cells.append(
                ReachCell(
                    participants=cell,
                    # A share would give a hidden count back (share × total).
                    participant_percent=(
                        round(100 * share, 1)
                        if share is not None and not cell.suppressed and not table.total.suppressed
                        else None
                    ),
                    population_percent=round(100 * pop_share, 1) if pop_share is not None else None,
                    under_represented=bool(
                        pop_share is not None
                        and known * pop_share >= 1
                        and share is not None
                        and share < UNDER_FACTOR * pop_share
                    ),
                )
            )
        reach_rows.append(ReachRow(key=row.key, label=row.label, cells=cells))
    columns = [str(label) for _key, label in table.columns]
    return table, reach_rows, columns, _one(not_compared, threshold), dict(counts)


def _headline(overview_year, selection: Summary, by_level, reach_rows) -> list[str]:
    """A few plain sentences that answer the question, generated from the figures."""
    when = str(overview_year or "")
    lines = []
    if not selection.dialogues:
        if overview_year:
            return [_("No dialogue has been announced to residents in %(when)s.") % {"when": when}]
        return [_("No dialogue has been announced to residents yet.")]
    high = sum(row.count for row in by_level if row.key and row.key >= LadderLevel.DIALOGUE)
    figures = {"when": when, "n": selection.dialogues, "high": high}
    if overview_year:
        text = _(
            "In %(when)s the municipality invited residents to %(n)s dialogues; "
            "%(high)s of them offered at least dialogue on the participation ladder."
        )
    else:
        text = _(
            "So far the municipality has invited residents to %(n)s dialogues; "
            "%(high)s of them offered at least dialogue on the participation ladder."
        )
    lines.append(text % figures)
    if not selection.participants.suppressed and selection.participants.value:
        lines.append(
            _("Residents took part %(n)s times, online and offline together.")
            % {"n": f"{selection.participants.value:,}".replace(",", "\u00a0")}
        )
    if selection.on_time_percent is not None:
        lines.append(
            _("%(percent)s %% of the dialogues whose feedback was due gave feedback on time.")
            % {"percent": selection.on_time_percent}
        )
    listened = selection.rating("listened_to")
    if listened and listened.mean is not None:
        lines.append(
            _("Participants rated “I was listened to” %(mean)s on a scale from 1 to 5.")
            % {"mean": str(listened.mean).replace(".", ",")}
        )
    under = sorted(
        {row.label for row in reach_rows if any(cell.under_represented for cell in row.cells)}
    )
    if under:
        lines.append(
            _("Groups that took part far less than their share of the population: %(groups)s.")
            % {"groups": ", ".join(under)}
        )
    return lines


def municipality_overview(
    *,
    municipality,
    year: int | None = None,
    unit: Unit | None = None,
    today: datetime.date | None = None,
    threshold: int | None = None,
) -> Overview:
    """The whole overview in eight queries, whatever the number of dialogues."""
    threshold = disclosure_threshold() if threshold is None else threshold
    today = today or timezone.localdate()
    dialogues, population_by_year = _load(municipality, unit)
    years = sorted({row.year for row in dialogues}, reverse=True)
    in_year = [row for row in dialogues if year is None or row.year == year]
    held = [row for row in dialogues if row.state in PUBLIC_STATES]
    selected = [row for row in held if year is None or row.year == year]

    by_state = defaultdict(int)
    for row in in_year:
        by_state[row.state] += 1
    by_level = defaultdict(int)
    for row in selected:
        by_level[row.ladder_level] += 1
    level_choices = list(LadderLevel.choices)
    if by_level.get(None):
        level_choices.append((None, _("Level not stated")))

    population_years = sorted(population_by_year)
    population_year = None
    if population_years:
        # The figures of the chosen year, else the closest earlier, else the latest.
        earlier = [y for y in population_years if year is None or y <= year]
        population_year = earlier[-1] if earlier else population_years[-1]
    population = population_by_year.get(population_year, {})
    reach_table, reach_rows, reach_columns, not_compared, raw_reach = _reach(
        selected, population, threshold
    )
    tables = _period_tables(selected, threshold)
    selection = _summary(
        str(year or _("All years")),
        selected,
        today,
        threshold,
        {name: table.total for name, table in tables.items()},
    )
    level_rows = _count_rows(by_level, level_choices)
    return Overview(
        year=year,
        unit=unit,
        years=years,
        threshold=threshold,
        selection=selection,
        by_level=level_rows,
        by_state=_count_rows(by_state, State.choices),
        over_time=_over_time(selected, tables, today, threshold),
        reach_table=reach_table,
        reach_rows=reach_rows,
        reach_columns=reach_columns,
        reach_not_compared=not_compared,
        population_year=population_year,
        headline=_headline(year, selection, level_rows, reach_rows),
        raw={
            "participants": sum(row.participants for row in selected),
            "reach": raw_reach,
            "dialogues": {row.pk: row for row in dialogues},
        },
    )


# --- export ------------------------------------------------------------------------------------


def _value(cell: Cell):
    return "" if cell.suppressed else cell.value


def _note(cell: Cell) -> str:
    return cell.explanation if cell.suppressed else ""


def export_rows(overview: Overview) -> list[list]:
    """One long table (section, period, item, value, note): the same figures as the
    page, after disclosure control, for CSV and XLSX."""
    rows = [[_("Section"), _("Period"), _("Item"), _("Value"), _("Note")]]
    period = str(overview.year or _("All years"))
    for line in overview.headline:
        rows.append([_("Summary"), period, line, "", ""])
    for row in overview.by_level:
        rows.append([_("Dialogues per level"), period, row.label, row.count, ""])
    for row in overview.by_state:
        rows.append([_("Dialogues per state"), period, row.label, row.count, ""])
    for year_row in overview.over_time:
        for summary in (year_row.year, *year_row.halves):
            rows.extend(_summary_rows(summary))
    reach_label = _("Who took part compared with the population")
    for reach_row in overview.reach_rows:
        for column, cell in zip(overview.reach_columns, reach_row.cells, strict=True):
            item = f"{reach_row.label}, {column}"
            rows.append(
                [
                    reach_label,
                    period,
                    item + " – " + _("participants"),
                    _value(cell.participants),
                    _note(cell.participants),
                ]
            )
            rows.append(
                [
                    reach_label,
                    period,
                    item + " – " + _("share of participants, %"),
                    "" if cell.participant_percent is None else cell.participant_percent,
                    "",
                ]
            )
            rows.append(
                [
                    reach_label,
                    overview.population_year or "",
                    item + " – " + _("share of the population, %"),
                    "" if cell.population_percent is None else cell.population_percent,
                    "",
                ]
            )
    return rows


def _summary_rows(summary: Summary) -> list[list]:
    section = _("Over time")
    rows = [
        [section, summary.label, _("Dialogues"), summary.dialogues, ""],
        [
            section,
            summary.label,
            _("Participants"),
            _value(summary.participants),
            _note(summary.participants),
        ],
        [
            section,
            summary.label,
            _("People met in outreach"),
            _value(summary.people_met),
            _note(summary.people_met),
        ],
        [
            section,
            summary.label,
            _("Conversations held"),
            _value(summary.conversations),
            _note(summary.conversations),
        ],
        [
            section,
            summary.label,
            _("Feedback on time, %"),
            "" if summary.on_time_percent is None else summary.on_time_percent,
            "",
        ],
        [
            section,
            summary.label,
            _("Evaluation answers"),
            _value(summary.responses),
            _note(summary.responses),
        ],
    ]
    for rating in summary.ratings:
        rows.append(
            [
                section,
                summary.label,
                _("Average rating: %(question)s") % {"question": rating.label},
                "" if rating.mean is None else rating.mean,
                "",
            ]
        )
    rows.append(
        [
            section,
            summary.label,
            _("Would take part again, %"),
            "" if summary.again_percent is None else summary.again_percent,
            "",
        ]
    )
    return rows
