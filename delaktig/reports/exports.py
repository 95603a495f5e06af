"""A report version as PDF, CSV, XLSX and JSON, all made from its frozen snapshot."""

from __future__ import annotations

import csv
import io
import json

from django.template.loader import render_to_string

from .snapshot import HEADER, figure_rows, for_display

PDF_TEMPLATE = "reports/report_pdf.html"


def render_pdf(version, *, request=None) -> bytes:
    """WeasyPrint, with the charts as inline SVG and their data tables."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    html = render_to_string(
        PDF_TEMPLATE,
        {"version": version, "report": for_display(version.snapshot)},
        request=request,
    )
    return HTML(string=html, base_url=None).write_pdf()


def render_csv(version) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in figure_rows(version.snapshot):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def render_xlsx(version) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "figures"
    sheet.append(HEADER)
    for row in figure_rows(version.snapshot):
        sheet.append(row)
    about = workbook.create_sheet("about")
    dialogue = version.snapshot.get("dialogue", {})
    about.append(["dialogue", dialogue.get("title", "")])
    about.append(["version", version.number])
    about.append(["published", version.published_at.isoformat()])
    about.append(["disclosure_threshold", version.snapshot.get("threshold")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_json(version) -> str:
    data = {
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        **version.snapshot,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
