"""Every change to the municipality's set-up goes through these functions.

Each validates, writes in one transaction and leaves an audit-log entry (via
django-auditlog, with the acting person filled in by ``acting_as``).
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from .models import District, Municipality, RoleAssignment, Unit
from .selectors import forget_current_municipality


def _require_admin(actor) -> None:
    if not rules.has_perm("municipality.manage_settings", actor):
        raise PermissionDenied


def _unique_slug(model, municipality, text: str, exclude_pk=None) -> str:
    base = slugify(text)[:70] or "x"
    slug, n = base, 2
    qs = model.objects.filter(municipality=municipality)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _require_unique_name(model, instance, name, message) -> None:
    clash = model.objects.filter(municipality=instance.municipality, name__iexact=name)
    if instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"name": message})


def _save(instance, *, actor, fields: dict):
    for field, value in fields.items():
        setattr(instance, field, value)
    instance.full_clean()
    with acting_as(actor):
        instance.save()
    return instance


@transaction.atomic
def municipality_update(*, actor, municipality: Municipality, data: dict) -> Municipality:
    _require_admin(actor)
    _save(municipality, actor=actor, fields=data)
    transaction.on_commit(forget_current_municipality)
    return municipality


@transaction.atomic
def unit_create(*, actor, municipality: Municipality, data: dict) -> Unit:
    _require_admin(actor)
    unit = Unit(municipality=municipality)
    _require_unique_name(
        Unit, unit, data.get("name", ""), _("There is already a unit with this name.")
    )
    data = {**data}
    data.setdefault("slug", _unique_slug(Unit, municipality, data.get("name", "")))
    return _save(unit, actor=actor, fields=data)


@transaction.atomic
def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    _require_admin(actor)
    parent = data.get("parent")
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == unit.pk:
            raise ValidationError({"parent": _("A unit cannot belong to itself.")})
        ancestor = ancestor.parent
    if "name" in data:
        _require_unique_name(Unit, unit, data["name"], _("There is already a unit with this name."))
    return _save(unit, actor=actor, fields=data)


@transaction.atomic
def district_create(*, actor, municipality: Municipality, data: dict) -> District:
    _require_admin(actor)
    district = District(municipality=municipality)
    _require_unique_name(
        District, district, data.get("name", ""), _("There is already a district with this name.")
    )
    data = {**data}
    data.setdefault("slug", _unique_slug(District, municipality, data.get("name", "")))
    return _save(district, actor=actor, fields=data)


@transaction.atomic
def district_update(*, actor, district: District, data: dict) -> District:
    _require_admin(actor)
    if "name" in data:
        _require_unique_name(
            District, district, data["name"], _("There is already a district with this name.")
        )
    return _save(district, actor=actor, fields=data)


@transaction.atomic
def role_assign(*, actor, user, unit: Unit, role: str, title: str = "") -> RoleAssignment:
    """Give a person a role in a unit; giving the same role again changes nothing."""
    _require_admin(actor)
    existing = RoleAssignment.objects.filter(user=user, unit=unit, role=role).first()
    if existing:
        return existing
    assignment = RoleAssignment(user=user, unit=unit, role=role, title=title)
    return _save(assignment, actor=actor, fields={})


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    _require_admin(actor)
    if assignment.user_id == actor.pk and assignment.role == RoleAssignment.Role.ADMINISTRATOR:
        others = RoleAssignment.objects.filter(role=RoleAssignment.Role.ADMINISTRATOR).exclude(
            pk=assignment.pk
        )
        if not others.exists():
            raise ValidationError(_("You cannot remove the last administrator."))
    with acting_as(actor):
        assignment.delete()
