"""Every change to the method catalogue goes through these functions.

They check that the actor is an administrator, validate the entry as a whole,
write in one transaction and leave an audit-log entry (django-auditlog, with the
actor filled in by ``acting_as``; the target groups are logged as m2m changes).
"""

from collections.abc import Iterable

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.core.registry import registry

from .models import Method

LADDER_LEVELS = {1, 2, 3, 4, 5}

# Fields a caller may set; ``suits`` is handled separately (many-to-many).
FIELDS = {
    "name",
    "summary",
    "description",
    "when_to_use",
    "ladder_levels",
    "mode",
    "group_size_min",
    "group_size_max",
    "effort",
    "cost_level",
    "registry_key",
    "is_active",
}


def _require_manager(actor) -> None:
    if not rules.has_perm("methods.manage_method", actor):
        raise PermissionDenied


# Addresses the catalogue's own pages use (methods/urls.py).
RESERVED_SLUGS = {"ny"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "metod"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Method.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_levels(levels) -> list[int]:
    """Sorted, without repeats; anything that is not a level 1–5 empties the list."""
    try:
        cleaned = sorted({int(level) for level in levels or ()})
    except (TypeError, ValueError):
        return []
    return cleaned if set(cleaned) <= LADDER_LEVELS else []


def _validate(method: Method, *, registry_key_changed: bool) -> None:
    """Validate the whole entry at once, so the form shows every problem together."""
    try:
        method.full_clean()
    except ValidationError as error:
        errors = dict(error.message_dict)
    else:
        errors = {}
    if not method.ladder_levels:
        errors["ladder_levels"] = [_("Choose at least one level of influence.")]
    # Compared in Python: SQLite folds only ASCII letters, so "ENKÄT" would pass there.
    others = Method.objects.exclude(pk=method.pk).values_list("name", flat=True)
    folded = method.name.casefold()
    if method.name and any(name.casefold() == folded for name in others):
        errors["name"] = [_("There is already a method with this name.")]
    if method.group_size_max is not None and method.group_size_max < method.group_size_min:
        errors.setdefault("group_size_max", []).append(
            _("The largest group cannot be smaller than the smallest.")
        )
    # A key may outlive its app (an uninstalled method); only a new link must exist.
    if registry_key_changed and method.registry_key and method.registry_key not in registry:
        errors.setdefault("registry_key", []).append(_("Delaktig has no method with this key."))
    if errors:
        raise ValidationError(errors)


def _apply(method: Method, data: dict) -> bool:
    unknown = set(data) - FIELDS - {"suits"}
    if unknown:
        raise TypeError(f"Unknown method fields: {sorted(unknown)}")
    old_key = method.registry_key
    for name, value in data.items():
        if name in FIELDS:
            setattr(method, name, value)
    if "ladder_levels" in data:
        method.ladder_levels = _clean_levels(data["ladder_levels"])
    method.name = (method.name or "").strip()
    return method.registry_key != old_key


def _save(method: Method, *, actor, suits: Iterable | None, registry_key_changed: bool) -> Method:
    _validate(method, registry_key_changed=registry_key_changed)
    with acting_as(actor):
        method.save()
        if suits is not None:
            method.suits.set(list(suits))
    return method


@transaction.atomic
def method_create(*, actor, data: dict) -> Method:
    """Add a method to the catalogue. ``data`` holds model fields and ``suits``
    (TargetGroup objects); the address (slug) is made from the name."""
    _require_manager(actor)
    method = Method()
    changed = _apply(method, data)
    method.slug = _unique_slug(method.name)
    return _save(method, actor=actor, suits=data.get("suits", ()), registry_key_changed=changed)


@transaction.atomic
def method_update(*, actor, method: Method, data: dict) -> Method:
    """Change a catalogue entry. The slug stays, so links and demo data keep working."""
    _require_manager(actor)
    method = Method.objects.select_for_update().get(pk=method.pk)
    changed = _apply(method, data)
    return _save(method, actor=actor, suits=data.get("suits"), registry_key_changed=changed)
