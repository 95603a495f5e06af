"""Where other apps' pages show the published report, without importing this app."""

from django import template

from ..models import ReportVersion

register = template.Library()


@register.simple_tag
def latest_report_version(dialogue):
    """The newest published version of the dialogue's report, or None (one query)."""
    return (
        ReportVersion.objects.filter(report__dialogue=dialogue)
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
