import pytest

from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import DraftingGroupFactory, OutreachEntryFactory


@pytest.fixture
def world(municipality):
    group = DraftingGroupFactory(municipality=municipality)
    other = DraftingGroupFactory(municipality=municipality)
    recorder = f.representative(group)
    entry = OutreachEntryFactory(municipality=municipality, unit=group, recorded_by=recorder)
    return {
        "group": group,
        "other": other,
        "entry": entry,
        "recorder": recorder,
        "representative": f.representative(group),
        "official": f.official(group),
        "other_official": f.official(other),
        "admin": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


# who: (record for the group, view the entry, change the entry, view reach,
#       the group's report, import population)
TABLE = {
    "recorder": (True, True, True, True, True, False),
    "representative": (True, True, False, True, True, False),
    "official": (True, True, True, True, True, False),
    "other_official": (False, False, False, True, False, False),
    "admin": (True, True, True, True, True, True),
    "resident": (False, False, False, False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", TABLE)
def test_permission_table(world, who):
    user = world[who]
    group, entry = world["group"], world["entry"]
    got = (
        user.has_perm("outreach.record_for_unit", group),
        user.has_perm("outreach.view_entry", entry),
        user.has_perm("outreach.change_entry", entry),
        user.has_perm("reach.view_reach"),
        user.has_perm("reach.view_group_report", group),
        user.has_perm("reach.import_population"),
    )
    assert got == TABLE[who]


@pytest.mark.django_db
def test_anonymous_has_no_permission(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not anonymous.has_perm("outreach.record_entry")
    assert not anonymous.has_perm("outreach.view_entry", world["entry"])
    assert not anonymous.has_perm("reach.view_reach")
