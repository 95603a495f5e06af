"""Counting reach: the totals page, a group's yearly report (page and PDF), and the
administrators' import of population figures (the denominator of every share)."""

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.municipality.models import PopulationFigure, Unit
from delaktig.municipality.population import population_import
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import current_municipality, user_roles

from . import reach
from .forms import PeriodForm, PopulationImportForm, ReportYearForm
from .pdf import render_group_report_pdf

# How many skipped rows the import page lists one by one.
SKIPPED_SHOWN = 100


@staff_required("reach.view_reach")
@require_safe
def overview(request):
    municipality = current_municipality()
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    context = reach.reach_overview(municipality=municipality, start=start, end=end)
    # Links to the yearly reports of the groups the viewer belongs to (no queries:
    # the roles are cached on the user).
    if is_administrator(request.user):
        reportable = {row.key for row in context["groups"]}
    else:
        reportable = {unit_id for unit_id, _r in user_roles(user=request.user)}
    for row in context["groups"]:
        row.report = row.key in reportable
    context.update({"form": form, "report_year": end.year})
    return render(request, "outreach/reach_overview.html", context)


def _report_context(request, pk) -> dict:
    unit = get_object_or_404(
        Unit.objects.select_related("municipality"), pk=pk, municipality=current_municipality()
    )
    require_object_permission(request, "reach.view_group_report", unit)
    form = ReportYearForm(request.GET or None)
    context = reach.group_report(unit=unit, year=form.year_or_default())
    context["form"] = form
    return context


@staff_required("reach.view_reach")
@require_safe
def group_report(request, pk):
    return render(request, "outreach/group_report.html", _report_context(request, pk))


@staff_required("reach.view_reach")
@require_safe
def group_report_pdf(request, pk):
    context = _report_context(request, pk)
    document = render_group_report_pdf(context=context, request=request)
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"{slugify(context['unit'].name) or 'grupp'}-{context['year']}.pdf"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


@staff_required("reach.import_population")
@require_http_methods(["GET", "POST"])
def population(request):
    municipality = current_municipality()
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = population_import(
                actor=request.user,
                municipality=municipality,
                year=form.cleaned_data.get("year"),
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("file", error)
    years = (
        PopulationFigure.objects.filter(municipality=municipality)
        .values("year")
        .annotate(
            whole=Sum("count", filter=Q(district__isnull=True)),
            districts=Sum("count", filter=Q(district__isnull=False)),
        )
        .order_by("-year")
    )
    return render(
        request,
        "outreach/population_import.html",
        {
            "form": form,
            "result": result,
            "skipped_shown": result.skipped[:SKIPPED_SHOWN] if result else [],
            "skipped_more": max(0, len(result.skipped) - SKIPPED_SHOWN) if result else 0,
            "years": years,
        },
    )
