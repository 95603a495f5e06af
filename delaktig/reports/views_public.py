"""The published report: web page, PDF, CSV, XLSX and JSON of each version.

Public: a report, once published, is an open document of the municipality. Every
figure in it went through disclosure control when the version was frozen.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from delaktig.core.pagecache import cache_public_page
from delaktig.municipality.selectors import current_municipality

from . import exports, selectors
from .models import ReportVersion
from .snapshot import for_display


def _version(slug, number=None) -> ReportVersion:
    try:
        return selectors.published_version(
            municipality=current_municipality(), slug=slug, number=number
        )
    except ReportVersion.DoesNotExist as error:
        raise Http404 from error


def _filename(version, extension) -> str:
    return f"rapport-{version.report.dialogue.slug}-v{version.number}.{extension}"


def _page(request, version):
    versions = list(
        ReportVersion.objects.filter(report_id=version.report_id)
        .defer("snapshot")
        .order_by("-number")
    )
    return render(
        request,
        "reports/public/detail.html",
        {
            "version": version,
            "report": for_display(version.snapshot),
            "versions": versions,
            "is_latest": versions[0].number == version.number,
        },
    )


@cache_public_page
@require_safe
def latest(request, slug):
    return _page(request, _version(slug))


@cache_public_page
@require_safe
def version(request, slug, number):
    return _page(request, _version(slug, number))


@require_safe
def pdf(request, slug, number):
    item = _version(slug, number)
    response = HttpResponse(
        exports.render_pdf(item, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(item, "pdf")}"'
    return response


@require_safe
def csv_figures(request, slug, number):
    item = _version(slug, number)
    response = HttpResponse(exports.render_csv(item), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(item, "csv")}"'
    return response


@require_safe
def xlsx_figures(request, slug, number):
    item = _version(slug, number)
    response = HttpResponse(
        exports.render_xlsx(item),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(item, "xlsx")}"'
    return response


@require_safe
def json_data(request, slug, number):
    item = _version(slug, number)
    response = HttpResponse(exports.render_json(item), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{_filename(item, "json")}"'
    return response
