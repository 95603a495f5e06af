"""The plan as a PDF for committee papers, made with WeasyPrint from an HTML template.

The template carries its own stylesheet and loads nothing from the network, so the
PDF looks the same on every server. DejaVu fonts (Debian's fonts-dejavu) cover
Swedish letters; WeasyPrint falls back to any sans-serif font when they are missing.
"""

from django.template.loader import render_to_string

TEMPLATE = "dialogues/staff/plan_pdf.html"


def render_plan_pdf(*, context: dict, request=None) -> bytes:
    """Render the plan (a ``plan_context.summary_context``) to PDF bytes."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    html = render_to_string(TEMPLATE, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()
