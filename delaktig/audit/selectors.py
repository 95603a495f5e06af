from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


def tracked_content_types():
    models = auditlog.get_models()
    return ContentType.objects.get_for_models(*models).values()


def log_entries(*, actor_query="", content_type_id=None, action=None, date_from=None, date_to=None):
    qs = LogEntry.objects.select_related("actor", "content_type")
    if actor_query:
        qs = qs.filter(
            Q(actor__email__icontains=actor_query)
            | Q(actor__name__icontains=actor_query)
            | Q(actor_email__icontains=actor_query)
        )
    if content_type_id:
        qs = qs.filter(content_type_id=content_type_id)
    if action is not None:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(timestamp__date__gte=date_from)
    if date_to:
        qs = qs.filter(timestamp__date__lte=date_to)
    return qs.order_by("-timestamp", "-pk")


def changes_of(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) rows for display, in the field order of the change."""
    changes = entry.changes_dict or {}
    rows = []
    for field, values in changes.items():
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = values
        else:
            before, after = "", values
        rows.append(
            (
                field,
                "" if before in (None, "None") else str(before),
                "" if after in (None, "None") else str(after),
            )
        )
    return rows
