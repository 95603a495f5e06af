"""Who may do what, declared once. Views and templates ask these permissions."""

import rules

from .models import RoleAssignment
from .selectors import user_roles

Role = RoleAssignment.Role


@rules.predicate
def is_administrator(user):
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        role == Role.ADMINISTRATOR for _u, role in user_roles(user=user)
    )


@rules.predicate
def is_staff_member(user):
    return bool(user_roles(user=user)) or (user.is_authenticated and user.is_superuser)


@rules.predicate
def is_unit_member(user, unit):
    return unit is not None and any(unit_id == unit.pk for unit_id, _r in user_roles(user=user))


@rules.predicate
def is_unit_official(user, unit):
    return unit is not None and (unit.pk, Role.OFFICIAL) in user_roles(user=user)


@rules.predicate
def is_unit_representative(user, unit):
    return unit is not None and (unit.pk, Role.REPRESENTATIVE) in user_roles(user=user)


rules.add_perm("municipality.access_staff_area", is_staff_member)
rules.add_perm("municipality.manage_settings", is_administrator)
rules.add_perm("municipality.view_unit", is_unit_member | is_administrator)
rules.add_perm("municipality.act_for_unit", is_unit_official | is_administrator)
rules.add_perm("audit.view_log", is_administrator)
