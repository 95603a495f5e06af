"""Survey results: every question summarised in the database, then disclosure-controlled.

The whole survey is summarised with a fixed number of GROUP BY queries, one per
kind of answer (chosen options, scale values, numbers, months, districts, texts),
never one per question, so a survey of twenty questions costs what one of two
costs. Medians come from the value distributions, so no answer is loaded.

Every figure that leaves this module has been through ``results.disclosure``:
counts as ``Cell``s, and shares and means only where they cannot give a hidden
count back (see ``_share`` and ``_safe_mean``).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.registry import ActivitySummary, SummaryBlock, SummaryFigure
from delaktig.municipality.models import District
from delaktig.results.disclosure import (
    Cell,
    DisclosedCounts,
    DisclosedTable,
    Reason,
    disclose_table,
    disclosure_threshold,
    suppress_counts,
)

from .models import Answer, Question, Response, Survey

Kind = Question.Kind
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
SCALE_KINDS = (Kind.SCALE, Kind.MATRIX)
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
PLACE_KINDS = (Kind.DISTRICT, Kind.LOCATION)
# Questions a cross-tabulation can be made of.
CROSSTAB_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE)
DONT_KNOW = "dont_know"
NOT_GIVEN = ""  # the background question was skipped
NO_DISTRICT = "none"

DIMENSIONS = {
    "gender": _("Gender"),
    "age_band": _("Age band"),
    "district": _("District"),
}


@dataclass
class ResultRow:
    """One bar: an option, a scale value, a month, a district."""

    key: object
    label: str
    cell: Cell
    share: float | None = None  # 0–100, None when hidden
    mean_rank: float | None = None  # ranking questions only

    @property
    def bar_class(self) -> str:
        # Widths in steps of five, as CSS classes (no style attributes under the CSP).
        if self.share is None:
            return "bar-w-0"
        return f"bar-w-{min(100, 5 * round(self.share / 5))}"


@dataclass
class Distribution:
    """Counts over keys after disclosure control, with shares and statistics."""

    rows: list[ResultRow]
    counts: DisclosedCounts
    n: Cell  # people the shares are of
    stats: dict = field(default_factory=dict)
    title: str = ""  # a matrix row's statement

    @property
    def labels(self) -> dict:
        return {row.key: row.label for row in self.rows}


@dataclass
class QuestionResult:
    question: Question
    kind: str
    n: Cell
    distributions: list[Distribution] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    other_texts: int = 0  # "other, namely" texts written
    texts: int = 0  # free texts written

    @property
    def distribution(self) -> Distribution | None:
        return self.distributions[0] if self.distributions else None

    @property
    def can_crosstab(self) -> bool:
        return self.kind in CROSSTAB_KINDS

    @property
    def text_summary(self) -> str:
        return question_sentence(self)


@dataclass
class SurveySummary:
    survey: Survey
    responses: Cell
    languages: DisclosedCounts
    questions: list[QuestionResult]
    threshold: int

    @property
    def any_suppressed(self) -> bool:
        return any(
            d.counts.any_suppressed or d.n.suppressed
            for q in self.questions
            for d in q.distributions
        )


# --- helpers --------------------------------------------------------------------------


def _share(cell: Cell, n: Cell) -> float | None:
    """A share is shown only beside its count: share × n would give a hidden count back."""
    if cell.suppressed or n.suppressed or not n.value:
        return None
    return 100 * cell.value / n.value


def _n_cell(n: int, threshold: int) -> Cell:
    if 0 < n < threshold:
        return Cell(None, Reason.SMALL, threshold)
    return Cell(n, "", threshold)


def _median(distribution: dict) -> float | None:
    """Median of {value: count}, the mean of the two middle values when n is even."""
    items = sorted((v, c) for v, c in distribution.items() if c)
    n = sum(c for _v, c in items)
    if not n:
        return None

    def nth(k):  # 0-based
        seen = 0
        for value, count in items:
            seen += count
            if k < seen:
                return value
        return items[-1][0]  # pragma: no cover

    low, high = nth((n - 1) // 2), nth(n // 2)
    return (float(low) + float(high)) / 2


def _safe_mean(distribution: dict, disclosed: DisclosedCounts | None, threshold: int):
    """The mean to one decimal, or None where it would tell too much.

    With the number of answers known, an exact mean is one more equation over the
    hidden counts and can give two of them back. So where any count of the
    distribution is hidden, the mean is shown only when its rounding leaves every
    hidden count at least two possible values: moving one answer between the
    extremes changes the sum by the range, and rounding to 0.1 hides a sum change
    of 0.1 × n, so 0.1 × n must cover two such moves.
    """
    n = sum(distribution.values())
    if n < threshold or not n:
        return None
    if disclosed is not None and disclosed.any_suppressed:
        values = [v for v, c in distribution.items() if c]
        spread = float(max(values) - min(values)) if values else 0.0
        if 0.1 * n < 2 * spread:
            return None
    total = sum(float(v) * c for v, c in distribution.items())
    return round(total / n, 1)


def _scale_keys(settings: dict) -> list[int]:
    low, high = int(settings.get("min", 1)), int(settings.get("max", 5))
    return list(range(low, high + 1)) if high >= low else []


def _scale_label(value, settings: dict) -> str:
    if value == DONT_KNOW:
        return str(_("Don't know"))
    label = str(value)
    if value == settings.get("min") and settings.get("min_label"):
        label = f"{value} – {settings['min_label']}"
    elif value == settings.get("max") and settings.get("max_label"):
        label = f"{value} – {settings['max_label']}"
    return label


def _rows(keys_labels, counts: DisclosedCounts, n: Cell) -> list[ResultRow]:
    rows = []
    for key, label in keys_labels:
        cell = counts.cells[key]
        rows.append(ResultRow(key=key, label=str(label), cell=cell, share=_share(cell, n)))
    return rows


def _scale_distribution(values: dict, dont_know: int, settings: dict, threshold: int, title=""):
    keys = _scale_keys(settings)
    for value in values:  # answers outside a since-changed scale still count
        if value not in keys:
            keys.append(value)
    keys.sort()
    counts = {k: values.get(k, 0) for k in keys}
    with_dont_know = settings.get("dont_know") or dont_know
    if with_dont_know:
        counts[DONT_KNOW] = dont_know
    disclosed = suppress_counts(counts, threshold=threshold)
    all_keys = [*keys, DONT_KNOW] if with_dont_know else keys
    n = disclosed.total
    rows = _rows(((k, _scale_label(k, settings)) for k in all_keys), disclosed, n)
    rated = {k: values.get(k, 0) for k in keys}
    rated_n = sum(rated.values())
    # Rated = all − "don't know": shown only when that subtraction reveals nothing.
    dont_know_hidden = with_dont_know and disclosed.cells[DONT_KNOW].suppressed
    shown_n = rated_n >= threshold and not dont_know_hidden and not n.suppressed
    stats = {"n": rated_n if shown_n else None}
    if with_dont_know:
        stats["dont_know"] = disclosed.cells[DONT_KNOW].value
    stats["mean"] = _safe_mean(rated, disclosed, threshold)
    stats["median"] = _median(rated) if rated_n >= threshold else None
    return Distribution(rows=rows, counts=disclosed, n=n, stats=stats, title=str(title))


# --- the summary ----------------------------------------------------------------------


def _aggregates(survey: Survey, question_ids=None) -> dict:
    """All answer counts of a survey in seven queries, whatever the number of questions."""
    answers = Answer.objects.filter(survey=survey)
    if question_ids is not None:
        answers = answers.filter(question_id__in=question_ids)
    data = {
        "options": defaultdict(dict),  # qid -> {(option, rank): n}
        "values": defaultdict(dict),  # qid -> {(item, value, dont_know): n}
        "numbers": defaultdict(dict),  # qid -> {Decimal: n}
        "months": defaultdict(dict),  # qid -> {date: n}
        "districts": defaultdict(dict),  # qid -> {district id: n}
        "texts": defaultdict(int),  # qid -> free texts
        "other_texts": defaultdict(int),  # qid -> "other, namely" texts
        "respondents": defaultdict(int),  # qid -> people (multiple choice, ranking)
    }
    # Each filter repeats its partial index's condition (migration 0004) so that the
    # database reads the index alone.
    for qid, option, rank, n in (
        answers.filter(option__isnull=False)
        .values_list("question_id", "option_id", "value")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["options"][qid][option, rank] = n
    for qid, n in (
        answers.filter(Q(option__isnull=False) & ~Q(text=""))
        .values_list("question_id")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["other_texts"][qid] = n
    for qid, item, value, dont_know, n in (
        answers.filter(Q(option__isnull=True) & (Q(value__isnull=False) | Q(dont_know=True)))
        .values_list("question_id", "item_id", "value", "dont_know")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["values"][qid][item, value, dont_know] = n
    for qid, number, n in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["numbers"][qid][Decimal(number)] = n
    # Days, not months, are grouped in the database: truncating every row to its
    # month costs a function call per answer (SQLite), while distinct days are few.
    for qid, day, n in (
        answers.filter(date__isnull=False)
        .values_list("question_id", "date")
        .annotate(n=Count("*"))
        .order_by()
    ):
        month = day.replace(day=1)
        data["months"][qid][month] = data["months"][qid].get(month, 0) + n
    for qid, district, n in (
        answers.filter(district__isnull=False)
        .values_list("question_id", "district_id")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["districts"][qid][district] = n
    for qid, n in (
        answers.filter(Q(option__isnull=True) & ~Q(text=""))
        .values_list("question_id")
        .annotate(n=Count("*"))
        .order_by()
    ):
        data["texts"][qid] = n
    return data


def _respondents(survey: Survey, question_ids: list[int]) -> dict:
    """People who answered each multiple-choice question (one query).

    DISTINCT pairs first, then counted: the pairs come in the order of the
    ``answer_results_respondents`` index, so no temporary table of response ids
    is built (COUNT(DISTINCT …) would build one per question).
    """
    if not question_ids:
        return {}
    pairs = (
        Answer.objects.filter(survey=survey, question_id__in=question_ids, option__isnull=False)
        .values("question_id", "response_id")
        .distinct()
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        # The inner query is Django's own SQL; only its result is counted here.
        cursor.execute(
            f"SELECT pairs.question_id, COUNT(*) FROM ({sql}) pairs GROUP BY pairs.question_id",  # noqa: S608
            params,
        )
        return dict(cursor.fetchall())


def _questions(survey: Survey, question_ids=None) -> list[Question]:
    questions = Question.objects.filter(survey=survey)
    if question_ids is not None:
        questions = questions.filter(pk__in=question_ids)
    return list(questions.select_related("section").prefetch_related("options", "items"))


def summarise_question(question, data, respondents, districts, threshold) -> QuestionResult:
    qid, kind = question.pk, question.kind
    settings = question.settings or {}
    result = QuestionResult(question=question, kind=kind, n=Cell(0, "", threshold))
    if kind in CHOICE_KINDS:
        counts = {o.pk: 0 for o in question.options.all()}
        for (option, _rank), n in data["options"].get(qid, {}).items():
            counts[option] = counts.get(option, 0) + n
        disclosed = suppress_counts(counts, threshold=threshold)
        if kind == Kind.SINGLE:
            n_cell = disclosed.total
        else:
            n_cell = _n_cell(respondents.get(qid, 0), threshold)
        labels = [(o.pk, o.text) for o in question.options.all()]
        result.n = n_cell
        result.distributions = [
            Distribution(rows=_rows(labels, disclosed, n_cell), counts=disclosed, n=n_cell)
        ]
        result.other_texts = data["other_texts"].get(qid, 0)
    elif kind == Kind.RANKING:
        ranks = data["options"].get(qid, {})
        options = list(question.options.all())
        first = {o.pk: ranks.get((o.pk, 1), 0) for o in options}
        disclosed = suppress_counts(first, threshold=threshold)
        # Everyone who ranks puts exactly one option first.
        n_cell = _n_cell(sum(first.values()), threshold)
        rows = _rows(((o.pk, o.text) for o in options), disclosed, n_cell)
        for row in rows:
            per_rank = {r: n for (o, r), n in ranks.items() if o == row.key and r is not None}
            ranked = sum(per_rank.values())
            if ranked >= threshold:
                row.mean_rank = round(sum(r * n for r, n in per_rank.items()) / ranked, 1)
        result.n = n_cell
        result.distributions = [Distribution(rows=rows, counts=disclosed, n=n_cell)]
    elif kind == Kind.SCALE:
        values, dont_know = {}, 0
        for (_item, value, dk), n in data["values"].get(qid, {}).items():
            if dk:
                dont_know += n
            elif value is not None:
                values[value] = values.get(value, 0) + n
        dist = _scale_distribution(values, dont_know, settings, threshold)
        result.n, result.distributions, result.stats = dist.n, [dist], dist.stats
    elif kind == Kind.MATRIX:
        per_item = defaultdict(lambda: [{}, 0])
        for (item, value, dk), n in data["values"].get(qid, {}).items():
            if dk:
                per_item[item][1] += n
            elif value is not None:
                per_item[item][0][value] = per_item[item][0].get(value, 0) + n
        for item in question.items.all():
            values, dont_know = per_item.get(item.pk, ({}, 0))
            result.distributions.append(
                _scale_distribution(values, dont_know, settings, threshold, title=item.text)
            )
        answered = max((sum(v.values()) + d for v, d in per_item.values()), default=0)
        result.n = _n_cell(answered, threshold)
    elif kind == Kind.NUMBER:
        numbers = data["numbers"].get(qid, {})
        n = sum(numbers.values())
        result.n = _n_cell(n, threshold)
        if n >= threshold:
            mean = sum(float(v) * c for v, c in numbers.items()) / n
            result.stats = {
                "n": n,
                "mean": round(mean, 1),
                "median": _median(numbers),
                "min": float(min(numbers)),
                "max": float(max(numbers)),
            }
        else:
            result.stats = {"n": result.n.value}
    elif kind == Kind.DATE:
        months = _every_month(data["months"].get(qid, {}))
        disclosed = suppress_counts(months, threshold=threshold)
        labels = [(m, formats.date_format(m, "F Y")) for m in months]
        result.n = disclosed.total
        result.distributions = [
            Distribution(
                rows=_rows(labels, disclosed, disclosed.total), counts=disclosed, n=result.n
            )
        ]
    elif kind in PLACE_KINDS:
        answered = data["districts"].get(qid, {})
        keys = [d.pk for d in districts if d.is_active or d.pk in answered]
        counts = {pk: answered.get(pk, 0) for pk in keys}
        disclosed = suppress_counts(counts, threshold=threshold)
        names = {d.pk: d.name for d in districts}
        labels = [(pk, names.get(pk, pk)) for pk in keys]
        result.n = disclosed.total
        result.distributions = [
            Distribution(
                rows=_rows(labels, disclosed, disclosed.total), counts=disclosed, n=result.n
            )
        ]
    elif kind in TEXT_KINDS:
        result.texts = data["texts"].get(qid, 0)
        result.n = _n_cell(result.texts, threshold)
        result.stats = {"n": result.n.value}
    return result


def _cache_key(survey: Survey, what: str, questions, languages: dict) -> str:
    """A key that changes whenever a response is submitted or removed (the counts per
    language) or a question is changed; the creation time tells apart surveys that
    reuse a primary key (a test database, a restored backup)."""
    shape = hashlib.sha256(
        repr(
            (
                survey.created_at.isoformat() if survey.created_at else "",
                sorted(languages.items()),
                [(q.pk, q.kind, sorted((q.settings or {}).items())) for q in questions],
            )
        ).encode()
    ).hexdigest()[:32]
    return f"surveys:results:{what}:{survey.pk}:{shape}"


def _cache_seconds(survey: Survey) -> int:
    # A closed survey's answers no longer change; an open one's are recounted
    # at most a minute late (the key changes with every submission anyway).
    return 24 * 3600 if survey.state == Survey.State.CLOSED else 60


def _languages(survey: Survey) -> dict:
    return dict(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .values_list("language")
        .annotate(n=Count("*"))
        .order_by()
    )


def _every_month(counts: dict) -> dict:
    """Months from the first to the last answered, the empty ones as 0 (a gap in a
    time line is information too)."""
    if not counts:
        return {}
    month, last = min(counts), max(counts)
    filled = {}
    while month <= last:
        filled[month] = counts.get(month, 0)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return filled


def survey_summary(
    survey: Survey, *, threshold: int | None = None, question_ids=None, cached: bool = False
) -> SurveySummary:
    """Every question of the survey (or those of ``question_ids``), disclosure-controlled,
    in a constant number of queries.

    ``cached``: keep the grouped counts (a few hundred numbers, never answers) in
    the cache under a key that changes with every submission, so that pages read
    again do not scan every answer again. Disclosure control runs every time.
    """
    threshold = disclosure_threshold() if threshold is None else threshold
    questions = _questions(survey, question_ids)
    languages = _languages(survey)
    key = _cache_key(survey, f"summary:{question_ids}", questions, languages) if cached else None
    stored = cache.get(key) if key else None
    if stored is None:
        data = _aggregates(survey, question_ids)
        respondents = _respondents(survey, [q.pk for q in questions if q.kind == Kind.MULTIPLE])
        stored = ({name: dict(values) for name, values in data.items()}, respondents)
        if key:
            cache.set(key, stored, _cache_seconds(survey))
    counts, respondents = stored
    data = {
        name: defaultdict(int if name in ("texts", "other_texts") else dict, values)
        for name, values in counts.items()
    }
    districts = []
    if any(q.kind in PLACE_KINDS for q in questions):
        districts = list(
            District.objects.filter(
                municipality_id=survey.activity.dialogue.municipality_id
            ).order_by("name")
        )
    return SurveySummary(
        survey=survey,
        responses=_n_cell(sum(languages.values()), threshold),
        languages=suppress_counts(languages, threshold=threshold),
        questions=[
            summarise_question(q, data, respondents, districts, threshold) for q in questions
        ],
        threshold=threshold,
    )


# --- cross-tabulation -----------------------------------------------------------------


def dimension_columns(survey: Survey, dimension: str) -> tuple[list, dict]:
    """Column keys and labels of a background question, "not given" last."""
    not_given = str(_("Not given"))
    if dimension == "gender":
        return [*Gender.values, NOT_GIVEN], {**dict(Gender.choices), NOT_GIVEN: not_given}
    if dimension == "age_band":
        return [*AgeBand.values, NOT_GIVEN], {**dict(AgeBand.choices), NOT_GIVEN: not_given}
    if dimension == "district":
        districts = District.objects.filter(
            municipality_id=survey.activity.dialogue.municipality_id
        ).order_by("name")
        labels = {d.pk: d.name for d in districts}
        return [*labels, NO_DISTRICT], {**labels, NO_DISTRICT: not_given}
    raise ValueError(f"Unknown dimension: {dimension}")


def crosstabs(
    survey: Survey,
    questions: list[Question],
    dimension: str = "gender",
    *,
    threshold: int | None = None,
    cached: bool = False,
) -> dict[int, DisclosedTable]:
    """Choice and scale questions by a background question: one query for all of them.

    Rows are the options (or scale values and "don't know"), columns the groups.
    For multiple choice a cell counts choices, so a column total may count a
    person more than once; disclosure control works on the table as shown.
    """
    threshold = disclosure_threshold() if threshold is None else threshold
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension: {dimension}")
    questions = [q for q in questions if q.kind in CROSSTAB_KINDS]
    if not questions:
        return {}
    columns, column_labels = dimension_columns(survey, dimension)
    field_name = f"response__{dimension}" if dimension != "district" else "response__district_id"
    key = None
    if cached:
        key = _cache_key(survey, f"crosstab:{dimension}", questions, _languages(survey))
        counts = cache.get(key)
        if counts is not None:
            return _tables(questions, counts, columns, column_labels, threshold)
    counts = defaultdict(dict)
    for qid, option, value, dont_know, group, n in (
        Answer.objects.filter(survey=survey, question_id__in=[q.pk for q in questions])
        .filter(Q(option__isnull=False) | Q(value__isnull=False) | Q(dont_know=True))
        .values_list("question_id", "option_id", "value", "dont_know", field_name)
        .annotate(n=Count("*"))
        .order_by()
    ):
        if dimension == "district" and group is None:
            group = NO_DISTRICT
        elif group is None:
            group = NOT_GIVEN
        row = option if option is not None else (DONT_KNOW if dont_know else value)
        counts[qid][row, group] = counts[qid].get((row, group), 0) + n
    if key:
        cache.set(key, dict(counts), _cache_seconds(survey))
    return _tables(questions, counts, columns, column_labels, threshold)


def _tables(questions, counts, columns, column_labels, threshold) -> dict[int, DisclosedTable]:
    tables = {}
    for question in questions:
        if question.kind in CHOICE_KINDS:
            options = list(question.options.all())
            rows = [o.pk for o in options]
            row_labels = {o.pk: o.text for o in options}
        else:
            settings = question.settings or {}
            rows = _scale_keys(settings)
            seen = {r for r, _g in counts.get(question.pk, {})}
            rows += sorted(v for v in seen if v not in rows and v != DONT_KNOW)
            if settings.get("dont_know") or DONT_KNOW in seen:
                rows.append(DONT_KNOW)
            row_labels = {r: _scale_label(r, settings) for r in rows}
        tables[question.pk] = disclose_table(
            counts.get(question.pk, {}),
            rows=rows,
            columns=columns,
            threshold=threshold,
            row_labels=row_labels,
            column_labels=column_labels,
        )
    return tables


def crosstab(question: Question, dimension: str = "gender", **kwargs) -> DisclosedTable:
    return crosstabs(question.survey, [question], dimension, **kwargs)[question.pk]


# --- sentences and the registry summary -----------------------------------------------


def _count_text(cell: Cell) -> str:
    if cell.suppressed:
        return str(_("fewer than {threshold}")).format(threshold=cell.threshold)
    return _number(cell.value)


def _number(value) -> str:
    """In the language's own way (3 000; 2,5), without decimals where there are none."""
    if value is None:
        return ""
    if float(value).is_integer():
        return formats.number_format(int(value), 0, force_grouping=True)
    return formats.number_format(value, 1, force_grouping=True)


def question_sentence(result: QuestionResult) -> str:
    """What the chart says, read instead of it (accessibility) and in the report."""
    n = _count_text(result.n)
    if result.n.value == 0:
        return str(_("No one has answered the question."))
    if result.kind in TEXT_KINDS:
        return str(_("{n} people wrote an answer.")).format(n=n)
    if result.kind == Kind.NUMBER:
        stats = result.stats
        if stats.get("mean") is None:
            return str(_("{n} people answered.")).format(n=n)
        return str(
            _("{n} people answered. Mean {mean}, median {median}, lowest {min}, highest {max}.")
        ).format(
            n=n,
            mean=formats.number_format(stats["mean"], 1),
            median=_number(stats["median"]),
            min=_number(stats["min"]),
            max=_number(stats["max"]),
        )
    parts = [str(_("{n} people answered.")).format(n=n)]
    for dist in result.distributions:
        shown = [r for r in dist.rows if r.share is not None and r.key != DONT_KNOW]
        prefix = f"{dist.title}: " if dist.title else ""
        if result.kind == Kind.RANKING:
            ranked = [r for r in dist.rows if r.mean_rank is not None]
            if ranked:
                best = min(ranked, key=lambda r: r.mean_rank)
                parts.append(
                    str(_("Ranked highest on average: {label} (mean rank {rank}).")).format(
                        label=best.label, rank=formats.number_format(best.mean_rank, 1)
                    )
                )
            continue
        if dist.stats.get("mean") is not None:
            parts.append(
                prefix
                + str(_("mean {mean}, median {median}.")).format(
                    mean=formats.number_format(dist.stats["mean"], 1),
                    median=_number(dist.stats["median"]),
                )
            )
        elif shown:
            top = max(shown, key=lambda r: r.share)
            parts.append(
                prefix
                + str(_("most common: {label} ({share} %).")).format(
                    label=top.label, share=formats.number_format(round(top.share), 0)
                )
            )
        if dist.counts.any_suppressed:
            parts.append(str(_("Some small numbers are hidden.")))
            break
    return " ".join(parts)


def activity_summary(activity) -> ActivitySummary:
    """The manifest's ``summarise``: responses, then one block per question (matrix: per
    row), each choice and scale question followed by its table by gender (results are
    gender-disaggregated by default)."""
    survey = Survey.objects.filter(activity=activity).select_related("activity__dialogue").first()
    if survey is None:
        return ActivitySummary()
    summary = survey_summary(survey, cached=True)
    by_gender = crosstabs(
        survey, [result.question for result in summary.questions], "gender", cached=True
    )
    figures = [
        SummaryFigure(
            key="responses",
            label=_("Responses"),
            value=summary.responses.value,
            reason=summary.responses.reason,
        )
    ]
    blocks = []
    for result in summary.questions:
        question = result.question
        if result.kind in TEXT_KINDS:
            blocks.append(
                SummaryBlock(
                    key=question.key,
                    title=question.text,
                    kind="text",
                    stats={"n": result.n.value},
                    text_summary=result.text_summary,
                )
            )
            continue
        if result.kind == Kind.NUMBER:
            blocks.append(
                SummaryBlock(
                    key=question.key,
                    title=question.text,
                    kind="counts",
                    counts=None,
                    stats=dict(result.stats),
                    text_summary=result.text_summary,
                )
            )
            continue
        for number, dist in enumerate(result.distributions, start=1):
            title = f"{question.text} – {dist.title}" if dist.title else question.text
            key = question.key if not dist.title else f"{question.key}-{number}"
            stats = {k: v for k, v in dist.stats.items() if v is not None}
            blocks.append(
                SummaryBlock(
                    key=key,
                    title=title,
                    kind="counts",
                    counts=dist.counts,
                    labels=dist.labels,
                    stats=stats,
                    text_summary=result.text_summary,
                )
            )
        table = by_gender.get(question.pk)
        if table is not None:
            blocks.append(
                SummaryBlock(
                    key=f"{question.key}-kon",
                    title=str(_("{question}, by gender")).format(question=question.text),
                    kind="table",
                    table=table,
                    text_summary=_table_sentence(table),
                )
            )
    return ActivitySummary(figures=figures, blocks=blocks)


def _table_sentence(table: DisclosedTable) -> str:
    if table.any_suppressed:
        return str(_("Answers by gender. Some small numbers are hidden."))
    return str(_("Answers by gender."))


def responses_sentence(cell: Cell) -> str:
    if cell.suppressed:
        return str(_("Fewer than {threshold} responses.")).format(threshold=cell.threshold)
    return ngettext("%(n)s response.", "%(n)s responses.", cell.value) % {"n": cell.value}
