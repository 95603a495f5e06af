"""Reads of the outreach log that need care: who sees which entries, and loading a
page's rows with everything the template shows in a fixed number of queries."""

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from delaktig.municipality.models import Municipality, Unit
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import user_roles

from .models import OutreachEntry


def _visible_q(viewer) -> Q:
    """Entries of the viewer's own groups and entries they recorded; all for admins."""
    if is_administrator(viewer):
        return Q()
    unit_ids = {unit_id for unit_id, _r in user_roles(user=viewer)}
    return Q(unit_id__in=unit_ids) | Q(recorded_by_id=viewer.pk)


def visible_units(*, viewer, municipality: Municipality) -> QuerySet:
    """The groups a viewer can filter the log by."""
    units = Unit.objects.filter(municipality=municipality)
    if not is_administrator(viewer):
        units = units.filter(pk__in={unit_id for unit_id, _r in user_roles(user=viewer)})
    return units.order_by("name")


def entry_list(
    *,
    viewer,
    municipality: Municipality,
    start=None,
    end=None,
    unit=None,
    district=None,
    kind=None,
) -> QuerySet:
    """The log as the viewer may see it, newest first, filtered; rows carry the group,
    district, dialogue and recorder so that a page of them costs one query."""
    qs = OutreachEntry.objects.filter(_visible_q(viewer), municipality=municipality)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if district is not None:
        qs = qs.filter(district=district)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("unit", "district", "dialogue", "recorded_by").order_by("-date", "-pk")


def entry_totals(queryset: QuerySet) -> dict:
    """People met, conversations and entries of a (filtered) log, in one query."""
    totals = queryset.order_by().aggregate(
        entries=Count("pk"), people_met=Sum("people_met"), conversations=Sum("conversations")
    )
    return {key: value or 0 for key, value in totals.items()}


def entry_detail(*, pk: int, municipality: Municipality) -> OutreachEntry:
    return get_object_or_404(
        OutreachEntry.objects.select_related(
            "unit", "district", "dialogue", "recorded_by"
        ).prefetch_related("staff", "topics", "tallies"),
        pk=pk,
        municipality=municipality,
    )
