"""Every outreach and reach URL, walked for each kind of visitor (the same rules as
the project-wide tests/test_url_permissions.py, kept here for this app's URLs)."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import DraftingGroupFactory, OutreachEntryFactory

# Pages every staff member may open (each shows only what the viewer's roles allow).
ALL_STAFF_READ = {"outreach:list", "reach:overview"}
# Any staff member records outreach for their own groups; an empty POST gets the form back.
ANY_STAFF_FORM = {"outreach:new"}


def patterns():
    resolver = get_resolver()
    for namespace in ("outreach", "reach"):
        _prefix, sub = resolver.namespace_dict[namespace]
        for entry in sub.url_patterns:
            assert isinstance(entry, URLPattern)
            yield f"{namespace}:{entry.name}", entry


@pytest.fixture
def world(municipality):
    group = DraftingGroupFactory(municipality=municipality)
    entry = OutreachEntryFactory(municipality=municipality, unit=group)
    own = f.UnitFactory(municipality=municipality)
    return {
        "entry": entry,
        "group": group,
        "foreign_official": f.official(own),
        "resident": f.UserFactory(),
    }


def urls(world):
    kwargs = {
        "outreach:detail": {"pk": world["entry"].pk},
        "outreach:edit": {"pk": world["entry"].pk},
        "outreach:delete": {"pk": world["entry"].pk},
        "reach:group_report": {"pk": world["group"].pk},
        "reach:group_report_pdf": {"pk": world["group"].pk},
    }
    return [(name, reverse(name, kwargs=kwargs.get(name, {})), p) for name, p in patterns()]


@pytest.mark.django_db
def test_every_view_declares_a_permission(world):
    assert [n for n, _u, p in urls(world) if not hasattr(p.callback, "delaktig_permission")] == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_resident_and_foreign_official(client, world, method):
    for name, url, _p in urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name
    client.force_login(world["resident"])
    for name, url, _p in urls(world):
        assert getattr(client, method)(url).status_code == 403, name
    client.force_login(world["foreign_official"])
    for name, url, _p in urls(world):
        status = getattr(client, method)(url).status_code
        if name in ALL_STAFF_READ:
            assert status == (200 if method == "get" else 405), name
        elif name in ANY_STAFF_FORM:
            assert status == 200, name
        else:
            # A POST to a read-only page may also be refused as not allowed.
            assert status in ({403} if method == "get" else {403, 405}), name
