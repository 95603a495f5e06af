"""Downloads of a survey: the raw responses (CSV, XLSX) and the summary figures (CSV).

Raw responses: one row per submitted response, one column per question (per
matrix row, per ranked option; an extra column for "other, namely" texts), named
by the question's key. They are streamed: CSV row by row, XLSX written by
openpyxl's write-only mode to a temporary file that is then streamed, so 100,000
responses never sit in memory at once. Answers are read in chunks of responses.

What identifies a person: for an anonymous survey nothing (the row number is
the order of the export, not of submission, and the response's random id is not
written). For a survey that is not anonymous, staff who manage it may see who
answered, so the account's name and e-mail address are added (or the invitation's
e-mail address while it is kept). Background answers (age band, gender, district)
and the date of submission are in every export.

CSV uses semicolons and a byte order mark, as Excel in Swedish expects; a text
that starts like a formula is prefixed with an apostrophe so no spreadsheet runs it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.core.demographics import AgeBand, Gender
from delaktig.municipality.models import District

from .models import Answer, Question, Response, Survey
from .summaries import DONT_KNOW, TEXT_KINDS, survey_summary

MANAGE = "surveys.manage_survey"
FIXED_COLUMNS = (
    "nr",
    "inskickad",
    "sprak",
    "bakgrund_alder",
    "bakgrund_kon",
    "bakgrund_kommundel",
)
IDENTITY_COLUMNS = ("namn", "epost")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 1000
Kind = Question.Kind


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _check(survey, viewer):
    if viewer is None or not viewer.has_perm(MANAGE, survey):
        raise PermissionDenied


# --- the columns ---------------------------------------------------------------------


class Columns:
    """Column keys and how an answer lands in them."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.questions = list(
            Question.objects.filter(survey=survey).prefetch_related("options", "items")
        )
        self.identities = not survey.anonymous
        self.keys: list[str] = list(FIXED_COLUMNS)
        if self.identities:
            self.keys += list(IDENTITY_COLUMNS)
        self.option_text = {}
        self.slot = {}  # (question id, option/item id or None) -> column index
        self.other_slot = {}  # question id -> column of "other, namely" texts
        for question in self.questions:
            options = list(question.options.all())
            self.option_text.update({o.pk: o.text for o in options})
            if question.kind == Kind.MATRIX:
                for n, item in enumerate(question.items.all(), start=1):
                    self.slot[question.pk, item.pk] = self._add(f"{question.key}_{n}")
            elif question.kind == Kind.RANKING:
                for n, option in enumerate(options, start=1):
                    self.slot[question.pk, option.pk] = self._add(f"{question.key}_{n}")
            elif question.kind == Kind.LOCATION:
                self.slot[question.pk, None] = self._add(question.key)
                self.slot[question.pk, "lat"] = self._add(f"{question.key}_lat")
                self.slot[question.pk, "lng"] = self._add(f"{question.key}_lng")
            else:
                self.slot[question.pk, None] = self._add(question.key)
                if any(o.is_other for o in options):
                    self.other_slot[question.pk] = self._add(f"{question.key}_annat")
        self.kinds = {q.pk: q.kind for q in self.questions}
        self.districts = dict(
            District.objects.filter(
                municipality_id=survey.activity.dialogue.municipality_id
            ).values_list("pk", "name")
        )

    def _add(self, key: str) -> int:
        # A question key may be any slug, also one of the fixed columns' names.
        while key in self.keys:
            key = f"{key}_fraga"
        self.keys.append(key)
        return len(self.keys) - 1

    def headers(self) -> list[str]:
        """Two header rows: the keys, then what each column asks (for reading)."""
        return self.keys

    def labels(self) -> list[str]:
        labels = [
            _("Row"),
            _("Submitted"),
            _("Language"),
            _("Age band"),
            _("Gender"),
            _("District"),
        ]
        if self.identities:
            labels += [_("Name"), _("E-mail")]
        labels += [""] * (len(self.keys) - len(labels))
        for question in self.questions:
            if question.kind == Kind.MATRIX:
                for item in question.items.all():
                    labels[self.slot[question.pk, item.pk]] = f"{question.text} – {item.text}"
            elif question.kind == Kind.RANKING:
                for option in question.options.all():
                    labels[self.slot[question.pk, option.pk]] = (
                        f"{question.text} – {option.text} ({_('rank')})"
                    )
            else:
                labels[self.slot[question.pk, None]] = question.text
            if question.pk in self.other_slot:
                labels[self.other_slot[question.pk]] = f"{question.text} – {_('other, namely')}"
        return labels

    def put(self, row: list, answer: tuple) -> None:
        qid, option, item, value, number, dont_know, text, date, district, lat, lng = answer
        kind = self.kinds.get(qid)
        if kind == Kind.MATRIX:
            row[self.slot[qid, item]] = _("Don't know") if dont_know else value
        elif kind == Kind.RANKING:
            row[self.slot[qid, option]] = value
        elif kind in (Kind.SINGLE, Kind.MULTIPLE):
            index = self.slot[qid, None]
            label = self.option_text.get(option, "")
            row[index] = f"{row[index]}; {label}" if row[index] else label
            if text and qid in self.other_slot:
                row[self.other_slot[qid]] = text
        elif kind == Kind.SCALE:
            row[self.slot[qid, None]] = _("Don't know") if dont_know else value
        elif kind == Kind.NUMBER:
            row[self.slot[qid, None]] = _plain_number(number)
        elif kind == Kind.DATE:
            row[self.slot[qid, None]] = date.isoformat() if date else ""
        elif kind == Kind.DISTRICT:
            row[self.slot[qid, None]] = self.districts.get(district, "")
        elif kind == Kind.LOCATION:
            row[self.slot[qid, None]] = self.districts.get(district, "")
            row[self.slot[qid, "lat"]] = lat if lat is not None else ""
            row[self.slot[qid, "lng"]] = lng if lng is not None else ""
        elif kind in TEXT_KINDS:
            row[self.slot[qid, None]] = text


ANSWER_FIELDS = (
    "question_id",
    "option_id",
    "item_id",
    "value",
    "number",
    "dont_know",
    "text",
    "date",
    "district_id",
    "latitude",
    "longitude",
)


def response_rows(survey: Survey, columns: Columns | None = None):
    """Yield one list per submitted response, in the order of the columns' keys.

    Responses are read once (a few small fields), then their answers in chunks of
    ``CHUNK`` responses: queries grow with the responses / CHUNK, never per row.
    """
    columns = columns or Columns(survey)
    genders, bands = dict(Gender.choices), dict(AgeBand.choices)
    fields = ["id", "submitted_on", "language", "age_band", "gender", "district_id"]
    if columns.identities:
        fields += ["user__name", "user__email", "invitation__email"]
    responses = list(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .order_by("submitted_on", "id")
        .values_list(*fields)
    )
    number = 0
    for start in range(0, len(responses), CHUNK):
        chunk = responses[start : start + CHUNK]
        answers = defaultdict(list)
        for response_id, *answer in (
            Answer.objects.filter(response_id__in=[r[0] for r in chunk])
            .order_by("question_id", "value", "pk")
            .values_list("response_id", *ANSWER_FIELDS)
        ):
            answers[response_id].append(answer)
        for values in chunk:
            number += 1
            pk, submitted, language, band, gender, district, *identity = values
            row = [""] * len(columns.keys)
            row[:6] = [
                number,
                submitted.isoformat() if submitted else "",
                language,
                str(bands.get(band, "")),
                str(genders.get(gender, "")),
                columns.districts.get(district, ""),
            ]
            if columns.identities:
                name, email, invited = identity
                row[6:8] = [name or "", email or invited or ""]
            for answer in answers.get(pk, ()):
                columns.put(row, answer)
            yield row


def _plain_number(number):
    if number is None:
        return ""
    value = float(number)
    return int(value) if value.is_integer() else value


def _filename(survey, what, extension) -> str:
    return f"{slugify(survey.title) or 'enkat'}-{what}.{extension}"


class _Echo:
    def write(self, value):
        return value


def _csv_stream(rows):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([_safe(value) for value in row])


def responses_csv(survey: Survey, viewer) -> StreamingHttpResponse:
    _check(survey, viewer)
    columns = Columns(survey)

    def rows():
        yield columns.headers()
        yield columns.labels()
        yield from response_rows(survey, columns)

    response = StreamingHttpResponse(_csv_stream(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "svar", "csv")}"'
    return response


def responses_xlsx(survey: Survey, viewer) -> FileResponse:
    """Written row by row to a temporary file (write-only mode keeps memory flat), then
    streamed from the open file; the file is unlinked at once, so nothing is left behind."""
    from openpyxl import Workbook

    _check(survey, viewer)
    columns = Columns(survey)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses")[:31])
    sheet.append(columns.headers())
    sheet.append([_safe(v) for v in columns.labels()])
    for row in response_rows(survey, columns):
        sheet.append([_safe(value) for value in row])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    try:
        workbook.save(handle)
        handle.seek(0)
    finally:
        os.unlink(handle.name)
    return FileResponse(
        handle, as_attachment=True, filename=_filename(survey, "svar", "xlsx"), content_type=XLSX
    )


def summary_rows(survey: Survey):
    summary = survey_summary(survey)
    yield [
        "fraga",
        _("Question"),
        _("Row"),
        _("Answer"),
        _("Number"),
        _("Share (percent)"),
        _("Hidden because"),
    ]
    yield ["", _("Responses"), "", "", _value(summary.responses), "", summary.responses.reason]
    for result in summary.questions:
        question = result.question
        for dist in result.distributions:
            for row in dist.rows:
                yield [
                    question.key,
                    question.text,
                    dist.title,
                    row.label,
                    _value(row.cell),
                    "" if row.share is None else round(row.share, 1),
                    row.cell.reason,
                ]
            for name, value in dist.stats.items():
                if name != DONT_KNOW:
                    yield [question.key, question.text, dist.title, name, _stat(value), "", ""]
        if not result.distributions:
            yield [question.key, question.text, "", "n", _value(result.n), "", result.n.reason]
            for name, value in result.stats.items():
                if name != "n":
                    yield [question.key, question.text, "", name, _stat(value), "", ""]
    yield []
    yield [
        _(
            "Figures below %(threshold)s are hidden, and some others so that they cannot be "
            "worked out. An empty cell is a hidden figure."
        )
        % {"threshold": summary.threshold}
    ]


def _value(cell):
    return "" if cell.suppressed else cell.value


def _stat(value):
    return "" if value is None else value


def summary_csv(survey: Survey, viewer) -> StreamingHttpResponse:
    _check(survey, viewer)
    response = StreamingHttpResponse(
        _csv_stream(summary_rows(survey)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(survey, "sammanstallning", "csv")}"'
    )
    return response


def activity_export(export):
    """Adapt an export to the registry's ``ExportFormat.export(activity, viewer)``."""

    def run(activity, viewer):
        return export(
            Survey.objects.select_related("activity__dialogue").get(activity=activity), viewer
        )

    return run
