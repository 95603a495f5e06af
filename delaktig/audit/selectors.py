from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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


def _field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(value) -> str:
    return "" if value in (None, "None") else str(value)


def changes_of(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field label, before, after) rows for display, in the order of the change."""
    model = entry.content_type.model_class()
    rows = []
    for field, values in (entry.changes_dict or {}).items():
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = values
        else:
            before, after = "", values
        label = _field_label(model, field) if model else field
        rows.append((label, _shown(before), _shown(after)))
    return rows
