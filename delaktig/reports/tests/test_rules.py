import pytest

from delaktig.municipality.tests import factories as f


@pytest.mark.django_db
def test_compilation_and_report_permissions(world):
    dialogue = world["dialogue"]
    official, representative = world["official"], world["representative"]
    other = world["other_official"]
    admin = f.administrator(f.UnitFactory(municipality=dialogue.municipality))
    assert official.has_perm("reports.view_compilation", dialogue)
    assert representative.has_perm("reports.view_compilation", dialogue)
    assert admin.has_perm("reports.view_compilation", dialogue)
    assert not other.has_perm("reports.view_compilation", dialogue)
    assert official.has_perm("reports.write_report", dialogue)
    assert admin.has_perm("reports.write_report", dialogue)
    assert not representative.has_perm("reports.write_report", dialogue)
    assert not other.has_perm("reports.write_report", dialogue)
    for staff in (official, representative, other):
        assert staff.has_perm("reports.view_committee_reports")
    assert not f.UserFactory().has_perm("reports.view_committee_reports")
