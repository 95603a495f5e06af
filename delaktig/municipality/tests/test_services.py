import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.municipality import services
from delaktig.municipality.models import District, RoleAssignment, Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def admin(municipality):
    return f.administrator(f.UnitFactory(municipality=municipality))


def log_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-pk")


@pytest.mark.django_db
def test_district_update_is_logged_with_actor_and_diff(admin, municipality):
    district = f.DistrictFactory(municipality=municipality, name="Hamnen")
    services.district_update(actor=admin, district=district, data={"name": "Hamnområdet"})
    entry = log_for(district).first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == admin
    assert entry.changes_dict["name"] == ["Hamnen", "Hamnområdet"]


@pytest.mark.django_db
def test_unit_create_gets_unique_slug_and_is_logged(admin, municipality):
    first = services.unit_create(
        actor=admin, municipality=municipality, data={"name": "Miljönämnden", "kind": "committee"}
    )
    assert first.slug == "miljonamnden"
    entry = log_for(first).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == admin


@pytest.mark.django_db
def test_unit_name_must_be_unique(admin, municipality):
    f.UnitFactory(municipality=municipality, name="Socialnämnden")
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=admin,
            municipality=municipality,
            data={"name": "Socialnämnden", "kind": "committee"},
        )
    assert Unit.objects.filter(name="Socialnämnden").count() == 1


@pytest.mark.django_db
def test_unit_cannot_belong_to_its_own_child(admin, municipality):
    parent = f.UnitFactory(municipality=municipality)
    child = f.UnitFactory(municipality=municipality, parent=parent)
    with pytest.raises(ValidationError):
        services.unit_update(actor=admin, unit=parent, data={"parent": child})


@pytest.mark.django_db
def test_role_assign_is_idempotent_and_logged(admin, municipality):
    person = f.UserFactory()
    unit = f.UnitFactory(municipality=municipality)
    first = services.role_assign(actor=admin, user=person, unit=unit, role="official")
    second = services.role_assign(actor=admin, user=person, unit=unit, role="official")
    assert first.pk == second.pk
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert log_for(first).get().actor == admin


@pytest.mark.django_db
def test_role_revoke_is_logged_as_delete(admin, municipality):
    assignment = f.RoleAssignmentFactory(unit=f.UnitFactory(municipality=municipality))
    pk = assignment.pk
    services.role_revoke(actor=admin, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.filter(object_id=str(pk), action=LogEntry.Action.DELETE).get()
    assert entry.actor == admin


@pytest.mark.django_db
def test_last_administrator_cannot_remove_own_role(admin):
    assignment = RoleAssignment.objects.get(user=admin)
    with pytest.raises(ValidationError):
        services.role_revoke(actor=admin, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["official", "representative", None])
def test_only_administrators_change_settings(municipality, role):
    actor = f.UserFactory()
    if role:
        f.RoleAssignmentFactory(
            user=actor, role=role, unit=f.UnitFactory(municipality=municipality)
        )
    with pytest.raises(PermissionDenied):
        services.district_create(actor=actor, municipality=municipality, data={"name": "Nytt"})
    assert not District.objects.filter(name="Nytt").exists()


@pytest.mark.django_db
def test_municipality_update_refreshes_the_cached_name(
    admin, municipality, django_capture_on_commit_callbacks
):
    from delaktig.municipality.selectors import current_municipality

    assert current_municipality().name == "Exempelkommun"
    with django_capture_on_commit_callbacks(execute=True):
        services.municipality_update(
            actor=admin, municipality=municipality, data={"name": "Nyköpinge kommun"}
        )
    assert current_municipality().name == "Nyköpinge kommun"
