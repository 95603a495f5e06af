"""The municipality overview for the council and the board, with CSV and XLSX export.

Every staff member may read it (see evaluations/rules.py): the figures are
aggregates over every dialogue, after disclosure control.
"""

import csv
import io
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_safe

from delaktig.core.permissions import staff_required
from delaktig.municipality.models import Unit
from delaktig.municipality.selectors import current_municipality

from .overview import Overview, export_rows, municipality_overview

PERMISSION = "evaluations.view_overview"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_l("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(
        label=_l("Unit"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_l("Dialogues the unit runs or owns as committee."),
    )

    def __init__(self, *args, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _l("All years"))] + [(y, str(y)) for y in years]
        self.fields["unit"].choices = [("", _l("The whole municipality"))] + [
            (u.pk, u.name) for u in units
        ]


def _overview(request) -> tuple[Overview, FilterForm]:
    municipality = current_municipality()
    if municipality is None:
        raise Http404
    units = list(Unit.objects.filter(municipality=municipality, is_active=True).order_by("name"))
    unit_id = _int(request.GET.get("unit"))
    unit = next((u for u in units if u.pk == unit_id), None)
    overview = municipality_overview(
        municipality=municipality, year=_int(request.GET.get("year")), unit=unit
    )
    # The years come from the overview itself (no extra query); an unknown year
    # simply shows no dialogues rather than an error.
    years = sorted({*overview.years, *([overview.year] if overview.year else [])}, reverse=True)
    form = FilterForm(
        {"year": overview.year or "", "unit": unit.pk if unit else ""},
        years=years,
        units=units,
    )
    form.is_valid()
    return overview, form


@staff_required(PERMISSION)
@require_safe
def index(request):
    overview, form = _overview(request)
    query = {}
    if overview.year:
        query["year"] = overview.year
    if overview.unit:
        query["unit"] = overview.unit.pk
    return render(
        request,
        "results/overview.html",
        {"overview": overview, "form": form, "query": urlencode(query)},
    )


def _safe(value):
    # A text starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _filename(overview, extension) -> str:
    parts = ["delaktighet"]
    if overview.year:
        parts.append(str(overview.year))
    if overview.unit:
        parts.append(overview.unit.slug)
    return "-".join(parts) + f".{extension}"


@staff_required(PERMISSION)
@require_safe
def export_csv(request):
    overview, _form = _overview(request)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in export_rows(overview):
        writer.writerow([_safe(value) for value in row])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(overview, "csv")}"'
    return response


@staff_required(PERMISSION)
@require_safe
def export_xlsx(request):
    from openpyxl import Workbook

    overview, _form = _overview(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Overview")[:31]
    for row in export_rows(overview):
        sheet.append([_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(overview, "xlsx")}"'
    return response
