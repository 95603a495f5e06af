"""Downloads of a consultation's results: the figures (after disclosure control) and
the reasons, as CSV or XLSX.

Neither holds anything that points at a person: no account, no date, no background
answers next to a reason (a reason with a rare age band and district could name
its writer). Reasons a moderator has hidden are left out. A hidden figure is
written as an empty cell with the reason it is hidden. CSV uses semicolons and a
byte order mark, as Excel in Swedish expects; a text that starts like a formula is
prefixed with an apostrophe so that no spreadsheet runs it.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import selectors
from .models import Consultation

RUN = "consultations.run_consultation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _consultation(activity, viewer) -> Consultation:
    if viewer is None or not viewer.has_perm(RUN, activity):
        raise PermissionDenied
    return selectors.consultation_for_staff(pk=Consultation.objects.get(activity=activity).pk)


def _cell_value(cell):
    return "" if cell.suppressed else cell.value


def figure_rows(consultation: Consultation) -> list[list]:
    result = selectors.results(consultation)
    table = result.by_gender
    rows = [[_("Alternative"), _("Number of choices"), _("Share (percent)"), _("Hidden because")]]
    for row in result.rows:
        rows.append(
            [
                row.alternative.title,
                _cell_value(row.cell),
                "" if row.share is None else row.share,
                row.cell.reason,
            ]
        )
    total = result.counts.total
    rows.append([_("Total"), _cell_value(total), "", total.reason])
    rows.append([])
    rows.append([_("Choices by gender")])
    rows.append([_("Alternative"), *[label for _key, label in table.columns], _("Total")])
    for table_row in table.rows:
        rows.append(
            [
                table_row.label,
                *[_cell_value(c) for c in table_row.cells],
                _cell_value(table_row.total),
            ]
        )
    rows.append(
        [_("Total"), *[_cell_value(c) for c in table.column_total_cells], _cell_value(table.total)]
    )
    rows.append([])
    rows.append(
        [
            _(
                "Figures below %(threshold)s are hidden, and some others so that they cannot be "
                "worked out. An empty cell is a hidden figure."
            )
            % {"threshold": table.threshold}
        ]
    )
    return rows


def reason_rows(consultation: Consultation) -> list[list]:
    result = selectors.results(consultation, with_reasons=True)
    rows = [[_("Alternative"), _("Reason")]]
    for row in result.rows:
        rows.extend(
            [row.alternative.title, reason.text] for reason in row.reasons if not reason.hidden
        )
    return rows


def _filename(consultation, what, extension) -> str:
    return f"{slugify(consultation.activity.title) or 'konsultation'}-{what}.{extension}"


def _csv_response(rows, filename) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(rows, filename, sheet_title) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for row in rows:
        sheet.append([_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def figures_csv(activity, viewer) -> HttpResponse:
    consultation = _consultation(activity, viewer)
    return _csv_response(figure_rows(consultation), _filename(consultation, "siffror", "csv"))


def figures_xlsx(activity, viewer) -> HttpResponse:
    consultation = _consultation(activity, viewer)
    return _xlsx_response(
        figure_rows(consultation), _filename(consultation, "siffror", "xlsx"), _("Figures")
    )


def reasons_csv(activity, viewer) -> HttpResponse:
    consultation = _consultation(activity, viewer)
    return _csv_response(reason_rows(consultation), _filename(consultation, "motiveringar", "csv"))


def reasons_xlsx(activity, viewer) -> HttpResponse:
    consultation = _consultation(activity, viewer)
    return _xlsx_response(
        reason_rows(consultation), _filename(consultation, "motiveringar", "xlsx"), _("Reasons")
    )


EXPORTS = {
    ("figures", "csv"): figures_csv,
    ("figures", "xlsx"): figures_xlsx,
    ("reasons", "csv"): reasons_csv,
    ("reasons", "xlsx"): reasons_xlsx,
}
