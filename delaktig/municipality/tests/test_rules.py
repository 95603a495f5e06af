"""Role × action table for the municipality's permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.municipality.tests import factories as f

ACTIONS = [
    "municipality.access_staff_area",
    "municipality.manage_settings",
    "audit.view_log",
]

# who -> set of actions allowed (without an object)
EXPECTED = {
    "anonymous": set(),
    "resident": set(),
    "official": {"municipality.access_staff_area"},
    "representative": {"municipality.access_staff_area"},
    "administrator": set(ACTIONS),
}


def make(who, unit):
    if who == "anonymous":
        return AnonymousUser()
    if who == "resident":
        return f.UserFactory()
    return f.RoleAssignmentFactory(unit=unit, role=who).user


@pytest.mark.django_db
@pytest.mark.parametrize("who", EXPECTED)
@pytest.mark.parametrize("action", ACTIONS)
def test_global_permissions(who, action, municipality):
    user = make(who, f.UnitFactory(municipality=municipality))
    assert user.has_perm(action) == (action in EXPECTED[who])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "own_unit", "view", "act"),
    [
        ("official", True, True, True),
        ("official", False, False, False),
        ("representative", True, True, False),
        ("representative", False, False, False),
        ("administrator", False, True, True),
        ("resident", False, False, False),
        ("anonymous", False, False, False),
    ],
)
def test_unit_permissions(who, own_unit, view, act, municipality):
    own = f.UnitFactory(municipality=municipality)
    other = f.UnitFactory(municipality=municipality)
    user = make(who, own)
    target = own if own_unit else other
    assert user.has_perm("municipality.view_unit", target) is view
    assert user.has_perm("municipality.act_for_unit", target) is act


@pytest.mark.django_db
def test_role_in_inactive_unit_gives_no_access(municipality):
    unit = f.UnitFactory(municipality=municipality, is_active=False)
    user = f.official(unit)
    assert not user.has_perm("municipality.access_staff_area")
