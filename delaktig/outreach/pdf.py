"""A group's yearly report as a PDF for the municipal council's papers (WeasyPrint).

The template carries its own stylesheet and loads nothing from the network, so the
PDF looks the same on every server.
"""

from django.template.loader import render_to_string

TEMPLATE = "outreach/group_report_pdf.html"


def render_group_report_pdf(*, context: dict, request=None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    html = render_to_string(TEMPLATE, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()
