"""Reads for the report pages."""

from django.db.models import Count, Max, Q

from delaktig.dialogues.models import Dialogue
from delaktig.municipality.selectors import user_roles

from .models import Report, ReportVersion


def report_for(dialogue: Dialogue) -> Report | None:
    return Report.objects.filter(dialogue=dialogue).first()


def versions_of(report: Report | None) -> list[ReportVersion]:
    if report is None:
        return []
    return list(
        ReportVersion.objects.filter(report=report)
        .defer("snapshot")
        .select_related("published_by")
        .order_by("-number")
    )


def published_version(*, municipality, slug: str, number: int | None = None) -> ReportVersion:
    """A published version (the latest when ``number`` is None), or DoesNotExist."""
    versions = ReportVersion.objects.filter(
        report__dialogue__municipality=municipality, report__dialogue__slug=slug
    ).select_related("report__dialogue")
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            raise ReportVersion.DoesNotExist
        return version
    return versions.get(number=number)


def reports_for_viewer(*, user):
    """Published reports of dialogues owned by, or run in, the viewer's units
    (administrators: all), latest publication first."""
    queryset = Report.objects.annotate(
        version_count=Count("versions"), last_published=Max("versions__published_at")
    ).filter(version_count__gt=0)
    if not user.has_perm("municipality.manage_settings"):
        unit_ids = {unit_id for unit_id, _role in user_roles(user=user)}
        queryset = queryset.filter(
            Q(dialogue__owner_committee_id__in=unit_ids) | Q(dialogue__unit_id__in=unit_ids)
        )
    return queryset.select_related("dialogue__owner_committee", "dialogue__unit").order_by(
        "-last_published", "pk"
    )
