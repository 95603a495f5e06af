import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.core.registry import MethodManifest, registry
from delaktig.methods import services
from delaktig.methods.models import Level, Method, Mode
from delaktig.municipality.models import TargetGroup
from delaktig.municipality.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(municipality):
    return f.administrator(f.UnitFactory(municipality=municipality))


def valid_data(**changes):
    data = {
        "name": "Samtalspromenad med förskolebarn",
        "summary": "Förskolebarn visar sin närmiljö för en politiker.",
        "description": "Barnen leder promenaden och berättar vad de tycker om.",
        "when_to_use": "När en lekplats eller skolgård ska byggas om.",
        "ladder_levels": [3, 2, 2],
        "mode": Mode.OFFLINE,
        "group_size_min": 3,
        "group_size_max": 12,
        "effort": Level.LOW,
        "cost_level": Level.LOW,
        "suits": TargetGroup.objects.filter(slug__in=["barn", "boende-i-omradet"]),
    }
    data.update(changes)
    return data


def log_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_administrator_adds_a_method_with_address_levels_and_groups(admin):
    method = services.method_create(actor=admin, data=valid_data())
    assert method.slug == "samtalspromenad-med-forskolebarn"
    assert method.ladder_levels == [2, 3]
    assert {g.slug for g in method.suits.all()} == {"barn", "boende-i-omradet"}
    entries = list(log_for(method))
    assert entries[0].action == LogEntry.Action.CREATE
    assert all(entry.actor == admin for entry in entries)


def test_only_administrators_change_the_catalogue(municipality):
    unit = f.UnitFactory(municipality=municipality)
    for person in (f.official(unit), f.representative(unit), f.UserFactory()):
        with pytest.raises(PermissionDenied):
            services.method_create(actor=person, data=valid_data())
        with pytest.raises(PermissionDenied):
            services.method_update(
                actor=person, method=Method.objects.get(slug="enkat"), data={"name": "X"}
            )
    assert not Method.objects.filter(name="Samtalspromenad med förskolebarn").exists()


def test_name_must_be_unique_whatever_the_case(admin):
    with pytest.raises(ValidationError) as error:
        services.method_create(actor=admin, data=valid_data(name="ENKÄT"))
    assert "name" in error.value.message_dict


def test_every_problem_is_reported_at_once(admin):
    with pytest.raises(ValidationError) as error:
        services.method_create(
            actor=admin,
            data=valid_data(name="", ladder_levels=[], group_size_min=10, group_size_max=2),
        )
    assert {"name", "ladder_levels", "group_size_max"} <= set(error.value.message_dict)


def test_levels_outside_the_ladder_are_refused(admin):
    with pytest.raises(ValidationError) as error:
        services.method_create(actor=admin, data=valid_data(ladder_levels=[2, 7]))
    assert "ladder_levels" in error.value.message_dict


def test_a_new_link_must_point_at_a_registered_method(admin):
    with pytest.raises(ValidationError) as error:
        services.method_create(actor=admin, data=valid_data(registry_key="finns_inte"))
    assert "registry_key" in error.value.message_dict
    manifest = registry.register(
        MethodManifest(
            key="test_walk",
            name="Testpromenad",
            ladder_levels=frozenset({3}),
            online=False,
            offline=True,
        )
    )
    try:
        method = services.method_create(actor=admin, data=valid_data(registry_key="test_walk"))
        assert method.manifest is manifest
        # Once linked, the entry can still be edited after the app is gone.
        registry.unregister("test_walk")
        services.method_update(actor=admin, method=method, data={"summary": "Ny kort text."})
    finally:
        registry.unregister("test_walk")


def test_update_keeps_the_address_and_is_logged_with_the_actor(admin):
    method = Method.objects.get(slug="lunchdialog")
    updated = services.method_update(
        actor=admin,
        method=method,
        data={
            "name": "Lunchdialog på restaurang",
            "effort": Level.MEDIUM,
            "suits": TargetGroup.objects.filter(slug="foretagare"),
        },
    )
    assert updated.slug == "lunchdialog"
    assert updated.effort == Level.MEDIUM
    assert [g.slug for g in updated.suits.all()] == ["foretagare"]
    updates = [e for e in log_for(method) if e.action == LogEntry.Action.UPDATE]
    assert updates and all(entry.actor == admin for entry in updates)
    changes = {field: value for entry in updates for field, value in entry.changes_dict.items()}
    assert changes["name"] == ["Lunchdialog", "Lunchdialog på restaurang"]
    assert "suits" in changes


def test_update_without_groups_leaves_them(admin):
    method = Method.objects.get(slug="enkat")
    before = set(method.suits.values_list("slug", flat=True))
    services.method_update(actor=admin, method=method, data={"summary": "Kort."})
    assert set(method.suits.values_list("slug", flat=True)) == before


def test_the_address_never_takes_a_page_of_the_catalogue(admin):
    method = services.method_create(actor=admin, data=valid_data(name="Ny"))
    assert method.slug == "ny-2"


def test_a_second_method_with_a_similar_name_gets_its_own_address(admin):
    services.method_create(actor=admin, data=valid_data(name="Café"))
    second = services.method_create(actor=admin, data=valid_data(name="Cafe"))
    assert second.slug == "cafe-2"
