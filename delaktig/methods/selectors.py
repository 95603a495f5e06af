"""Reads of the method catalogue.

The catalogue is small (tens of methods), so a list loads every entry in one
query (plus one for the target groups) and filters in Python: the ladder levels
are a JSON list that SQLite cannot search, and Swedish letters must match
case-insensitively on every database.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from delaktig.municipality.models import TargetGroup

from .models import Method, Mode

# Swedish alphabetical order: å, ä and ö are letters of their own after z (æ and ø
# sort with ä and ö); é sorts as e and ü as y.
_LAST = "\U000fff00"
_SWEDISH = str.maketrans(
    {
        "å": _LAST + "1",
        "ä": _LAST + "2",
        "æ": _LAST + "2",
        "ö": _LAST + "3",
        "ø": _LAST + "3",
        "é": "e",
        "è": "e",
        "ü": "y",
    }
)


def swedish_sort_key(text: str) -> tuple:
    """Sort key for names in Swedish order, whatever the database's collation."""
    return (text.casefold().translate(_SWEDISH), text)


def _with_groups(queryset):
    return queryset.prefetch_related(
        Prefetch("suits", queryset=TargetGroup.objects.order_by("name"))
    )


def method_list(
    *,
    level: int | None = None,
    mode: str | None = None,
    target_group: TargetGroup | None = None,
    query: str = "",
    include_inactive: bool = False,
) -> list[Method]:
    """Catalogue entries matching the filters, in Swedish alphabetical order.

    mode "online" includes methods that work both ways, as does "offline".
    """
    methods = _with_groups(Method.objects.all())
    if not include_inactive:
        methods = methods.filter(is_active=True)
    if mode in (Mode.ONLINE, Mode.OFFLINE):
        methods = methods.filter(mode__in=[mode, Mode.BOTH])
    words = query.casefold().split()
    result = []
    for method in methods:
        if level is not None and level not in method.ladder_levels:
            continue
        if target_group is not None and all(
            group.pk != target_group.pk for group in method.suits.all()
        ):
            continue
        if words:
            text = " ".join(
                (method.name, method.summary, method.description, method.when_to_use)
            ).casefold()
            if not all(word in text for word in words):
                continue
        result.append(method)
    result.sort(key=lambda m: swedish_sort_key(m.name))
    return result


def method_for_detail(*, slug: str, include_inactive: bool = False) -> Method:
    methods = _with_groups(Method.objects.all())
    if not include_inactive:
        methods = methods.filter(is_active=True)
    return get_object_or_404(methods, slug=slug)
