"""The method registry: how participation apps announce themselves.

Tests register a test-only manifest and always unregister it afterwards, so the
registry the rest of the suite sees is the one the installed apps built.
"""

import pytest
import rules
from django.http import HttpResponse

from delaktig.core.registry import (
    ContributionType,
    ExportFormat,
    MethodManifest,
    MethodRegistry,
    registry,
)
from delaktig.methods.models import Method

KEY = "test_walk"


def walk_manifest(**changes) -> MethodManifest:
    values = {
        "key": KEY,
        "name": "Testpromenad",
        "ladder_levels": frozenset({2, 3}),
        "online": False,
        "offline": True,
        "contribution_types": (ContributionType(key="note", label="Anteckning"),),
        "summarise": lambda activity: {"notes": 0},
        "exports": (ExportFormat(key="csv", label="CSV", export=lambda a, v: HttpResponse()),),
    }
    values.update(changes)
    return MethodManifest(**values)


@pytest.fixture
def manifest():
    registered = registry.register(walk_manifest())
    yield registered
    registry.unregister(KEY)


def test_register_get_and_unregister():
    local = MethodRegistry()
    manifest = walk_manifest()
    assert local.register(manifest) is manifest
    assert KEY in local
    assert local.get(KEY) is manifest
    assert local.all() == [manifest]
    assert list(local.keys()) == [KEY]
    local.unregister(KEY)
    assert KEY not in local
    assert local.get(KEY) is None
    local.unregister(KEY)  # unregistering twice is harmless


def test_get_without_a_key_is_none():
    assert registry.get("") is None
    assert registry.get(None) is None


def test_registering_the_same_manifest_again_is_harmless():
    # Autodiscovery may import a manifest module twice (e.g. under the test runner).
    local = MethodRegistry()
    manifest = walk_manifest()
    local.register(manifest)
    local.register(manifest)
    assert local.all() == [manifest]


def test_a_second_method_with_the_same_key_is_refused():
    local = MethodRegistry()
    local.register(walk_manifest())
    with pytest.raises(ValueError, match="already registered"):
        local.register(walk_manifest(name="Någon annan"))


@pytest.mark.parametrize(
    "changes",
    [
        {"key": ""},
        {"key": "has space"},
        {"key": "has-dash"},
        {"ladder_levels": frozenset()},
        {"ladder_levels": frozenset({0, 2})},
        {"ladder_levels": frozenset({6})},
        {"online": False, "offline": False},
    ],
)
def test_invalid_manifests_are_refused(changes):
    with pytest.raises(ValueError):
        walk_manifest(**changes)


def test_manifests_are_immutable():
    manifest = walk_manifest()
    with pytest.raises(AttributeError):
        manifest.key = "other"


def test_all_is_sorted_and_for_level_filters():
    local = MethodRegistry()
    survey = local.register(
        walk_manifest(key="test_survey", ladder_levels=frozenset({2}), online=True)
    )
    budget = local.register(walk_manifest(key="test_budget", ladder_levels=frozenset({4, 5})))
    walk = local.register(walk_manifest())
    assert [m.key for m in local.all()] == ["test_budget", "test_survey", "test_walk"]
    assert local.for_level(2) == [survey, walk]
    assert local.for_level(5) == [budget]
    assert local.for_level(1) == []


def test_permissions_of_a_manifest_become_rules():
    local = MethodRegistry()
    name = "test_walk.document_walk"
    try:
        local.register(walk_manifest(permissions={name: rules.always_allow}))
        assert rules.perm_exists(name)
        assert rules.has_perm(name, None)
    finally:
        rules.remove_perm(name)


def test_discovery_runs_once():
    local = MethodRegistry()
    local.discover()
    local.discover()
    assert local._discovered


def test_every_registered_manifest_is_valid():
    # Whatever the installed apps registered at start-up passed the same checks.
    for manifest in registry.all():
        assert manifest.key in registry
        assert manifest.ladder_levels <= {1, 2, 3, 4, 5}


@pytest.mark.django_db
def test_a_catalogue_entry_links_to_its_manifest(manifest):
    # A catalogue method that no app runs (yet): a conversation over the phone evening.
    method = Method.objects.get(slug="ringkvall")
    assert method.registry_key == ""
    assert method.manifest is None
    method.registry_key = KEY
    assert method.manifest is manifest
    assert method.manifest.name == "Testpromenad"


@pytest.mark.django_db
def test_a_link_to_a_method_that_is_gone_is_no_link():
    method = Method.objects.get(slug="enkat")
    method.registry_key = "not_installed"
    assert method.manifest is None


@pytest.mark.django_db
def test_every_catalogue_link_points_at_a_registered_method():
    # No method app exists yet; each app links its catalogue entry with a data migration.
    assert (
        not Method.objects.exclude(registry_key="")
        .exclude(registry_key__in=list(registry.keys()))
        .exists()
    )
