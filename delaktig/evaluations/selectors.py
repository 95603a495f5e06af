"""Reads for evaluations: the dialogue's evaluations and its combined results.

A dialogue's results combine the answers to its activities' and its own evaluations
with the meeting evaluations of its meetings: the questions are the same. Every
count goes through disclosure control; a mean is shown only when enough people
answered (with one answer the mean *is* that person's answer). Like every mean, a
shown one still bounds the answers (a mean of 5.0 says everyone answered 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from delaktig.dialogues.models import Dialogue
from delaktig.meetings.models import EvaluationResponse, Meeting, Rating
from delaktig.results.disclosure import Cell, Reason, suppress_counts

from .models import Evaluation, Response
from .services import ANSWER_FIELDS, RATING_FIELDS, window_state

QUESTION_LABELS = {
    name: Response._meta.get_field(name).verbose_name
    for name in (*RATING_FIELDS, "take_part_again")
}


@dataclass
class Source:
    key: str
    label: str
    kind: str  # "dialogue", "activity" or "meeting"
    count: Cell
    evaluation: Evaluation | None = None
    meeting: Meeting | None = None
    state: str = ""


@dataclass
class Share:
    value: object
    label: str
    count: Cell
    percent: int | None


@dataclass
class Question:
    name: str
    label: str
    answered: Cell
    mean: float | None
    shares: list[Share]


@dataclass
class DialogueResults:
    total: Cell
    sources: list[Source]
    questions: list[Question]
    again: Question
    comments: list  # [(created_at, source label, text)], newest first
    threshold: int

    @property
    def any_suppressed(self) -> bool:
        return (
            self.total.suppressed
            or any(s.count.suppressed for s in self.sources)
            or any(q.answered.suppressed for q in (*self.questions, self.again))
            or any(sh.count.suppressed for q in (*self.questions, self.again) for sh in q.shares)
        )


def dialogue_evaluations(dialogue: Dialogue) -> list[Evaluation]:
    """The dialogue's evaluations, the dialogue-wide one first (one query)."""
    rows = list(
        Evaluation.objects.filter(dialogue=dialogue)
        .select_related("activity", "dialogue", "dialogue__feedback")
        .order_by("activity__starts_on", "pk")
    )
    rows.sort(key=lambda e: e.activity_id is not None)
    return rows


# Adjacent steps of the scale, merged when a step alone is too small to show.
RATING_BANDS = (
    ((1, 2), _("Not at all or a little")),
    ((3,), None),
    ((4, 5), _("Mostly or fully")),
)


def _shares(counts: dict, labels: dict, threshold) -> tuple[list[Share], Cell, bool]:
    disclosed = suppress_counts(counts, threshold=threshold)
    total = disclosed.total
    shares = []
    for value, cell in disclosed.cells.items():
        percent = None
        if not cell.suppressed and not total.suppressed and total.value:
            percent = round(100 * cell.value / total.value)
        shares.append(Share(value, str(labels[value]), cell, percent))
    return shares, total, any(cell.suppressed for cell in disclosed.cells.values())


def _question(name, label, values, choices, threshold) -> Question:
    labels = dict(choices)
    counts = {value: values.count(value) for value, _label in choices}
    mean = None
    if values and all(isinstance(v, int) for v in values) and len(values) >= threshold:
        mean = round(sum(values) / len(values), 1)
    shares, total, hidden = _shares(counts, labels, threshold)
    if hidden and mean is not None:
        # The mean and the number who answered are two more equations: with two
        # steps hidden they would give both back. Merge steps into three bands
        # instead (the mean cannot single out a step inside a band), and if a band
        # is still too small, hide the whole distribution and show only the mean.
        band_counts, band_labels = {}, {}
        for steps, band_label in RATING_BANDS:
            key = "–".join(str(step) for step in steps)
            band_counts[key] = sum(counts.get(step, 0) for step in steps)
            band_labels[key] = band_label or labels[steps[0]]
        shares, total, hidden = _shares(band_counts, band_labels, threshold)
        if hidden:
            shares = [
                Share(share.value, share.label, Cell(None, Reason.SECONDARY, threshold), None)
                for share in shares
            ]
    return Question(name=name, label=str(label), answered=total, mean=mean, shares=shares)


def dialogue_results(
    dialogue: Dialogue, *, evaluations: list[Evaluation] | None = None, threshold=None
) -> DialogueResults:
    """Everything the results page shows. Four queries (three with ``evaluations``)."""
    from delaktig.results.disclosure import disclosure_threshold

    threshold = disclosure_threshold() if threshold is None else threshold
    if evaluations is None:
        evaluations = dialogue_evaluations(dialogue)
    meetings = list(
        Meeting.objects.filter(activity__dialogue=dialogue)
        .select_related("activity")
        .order_by("starts_at", "pk")
    )
    own = list(
        Response.objects.filter(evaluation__dialogue=dialogue)
        .order_by("-created_at", "-pk")
        .values("evaluation_id", "created_at", *ANSWER_FIELDS)
    )
    from_meetings = list(
        EvaluationResponse.objects.filter(meeting__activity__dialogue=dialogue)
        .order_by("-created_at", "-pk")
        .values("meeting_id", "created_at", *ANSWER_FIELDS)
    )
    source_labels = {}
    raw_counts: dict[str, int] = {}
    for evaluation in evaluations:
        key = f"e{evaluation.pk}"
        source_labels[key] = (
            str(_("The dialogue as a whole"))
            if evaluation.is_dialogue_wide
            else evaluation.activity.title
        )
        raw_counts[key] = 0
    for meeting in meetings:
        key = f"m{meeting.pk}"
        source_labels[key] = f"{meeting.activity.title} ({meeting.starts_at:%Y-%m-%d})"
        raw_counts[key] = 0
    rows = []
    for row in own:
        key = f"e{row['evaluation_id']}"
        raw_counts[key] = raw_counts.get(key, 0) + 1
        rows.append((key, row))
    for row in from_meetings:
        key = f"m{row['meeting_id']}"
        raw_counts[key] = raw_counts.get(key, 0) + 1
        rows.append((key, row))
    rows.sort(key=lambda pair: pair[1]["created_at"], reverse=True)

    # Meetings nobody evaluated are left out, unlike switched-on evaluations that
    # simply have no answers yet: every meeting has an evaluation form by default.
    shown_keys = [k for k in raw_counts if k.startswith("e") or raw_counts[k]]
    disclosed = suppress_counts({k: raw_counts[k] for k in shown_keys}, threshold=threshold)
    by_pk = {f"e{e.pk}": e for e in evaluations}
    meetings_by_key = {f"m{m.pk}": m for m in meetings}
    sources = []
    for key in shown_keys:
        evaluation = by_pk.get(key)
        sources.append(
            Source(
                key=key,
                label=source_labels[key],
                kind=(
                    "meeting"
                    if evaluation is None
                    else "dialogue"
                    if evaluation.is_dialogue_wide
                    else "activity"
                ),
                count=disclosed.cells[key],
                evaluation=evaluation,
                meeting=meetings_by_key.get(key),
                state=window_state(evaluation) if evaluation else "",
            )
        )

    questions = [
        _question(
            name,
            QUESTION_LABELS[name],
            [row[name] for _k, row in rows if row[name] is not None],
            Rating.choices,
            threshold,
        )
        for name in RATING_FIELDS
    ]
    again = _question(
        "take_part_again",
        QUESTION_LABELS["take_part_again"],
        [row["take_part_again"] for _k, row in rows if row["take_part_again"]],
        Response.Again.choices,
        threshold,
    )
    comments = [
        (row["created_at"], source_labels.get(key, ""), row["comment"])
        for key, row in rows
        if row["comment"]
    ]
    return DialogueResults(
        total=disclosed.total,
        sources=sources,
        questions=questions,
        again=again,
        comments=comments,
        threshold=threshold,
    )
