import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.core.registry import MethodManifest, registry
from delaktig.methods.models import Method
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import TargetGroup
from delaktig.municipality.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind="committee")
    return {
        "official": f.official(unit),
        "representative": f.representative(committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


def urls():
    return {
        "list": reverse("methods:list"),
        "detail": reverse("methods:detail", args=["enkat"]),
        "create": reverse("methods:create"),
        "edit": reverse("methods:edit", args=["enkat"]),
    }


def form_data(**changes):
    data = {
        "name": "Barnpromenad",
        "summary": "Förskolebarn visar sin närmiljö.",
        "description": "Barnen leder promenaden.",
        "when_to_use": "",
        "ladder_levels": ["2", "3"],
        "mode": "offline",
        "group_size_min": "3",
        "group_size_max": "12",
        "effort": "1",
        "cost_level": "1",
        "suits": [TargetGroup.objects.get(slug="barn").pk],
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, method):
    for url in urls().values():
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_residents_are_refused(client, people, method):
    client.force_login(people["resident"])
    for url in urls().values():
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize("who", ["official", "representative"])
def test_officials_and_representatives_read_but_do_not_change(client, people, who):
    client.force_login(people[who])
    assert client.get(urls()["list"]).status_code == 200
    assert client.get(urls()["detail"]).status_code == 200
    assert client.post(urls()["list"]).status_code == 405
    for name in ("create", "edit"):
        assert client.get(urls()[name]).status_code == 403
        assert client.post(urls()[name], form_data()).status_code == 403
    assert not Method.objects.filter(name="Barnpromenad").exists()
    assert reverse("methods:create") not in client.get(urls()["list"]).content.decode()


def test_catalogue_lists_every_method_with_its_levels(client, people):
    client.force_login(people["official"])
    html = client.get(reverse("methods:list")).content.decode()
    for method in Method.objects.all():
        assert reverse("methods:detail", args=[method.slug]) in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"level": "5"}, ["medborgarbudget", "papp"], ["enkat"]),
        ({"mode": "online"}, ["enkat", "diskussion"], ["lunchdialog"]),
        ({"mode": "offline"}, ["enkat", "lunchdialog"], ["diskussion"]),
        ({"group": "unga"}, ["unga-tycker", "skolbesok"], ["lunchdialog"]),
        ({"q": "PAPPERSDUK"}, ["cafemodell"], ["enkat"]),
        ({"q": "ÖPPET"}, ["oppet-mote"], ["lunchdialog"]),
    ],
)
def test_filters(client, people, query, present, absent):
    client.force_login(people["official"])
    html = client.get(reverse("methods:list"), query).content.decode()
    for slug in present:
        assert f'href="{reverse("methods:detail", args=[slug])}"' in html, slug
    for slug in absent:
        assert f'href="{reverse("methods:detail", args=[slug])}"' not in html, slug


def test_nothing_found_says_so(client, people):
    client.force_login(people["official"])
    response = client.get(reverse("methods:list"), {"q": "xyzzy"})
    assert 'class="empty-state"' in response.content.decode()


def test_detail_shows_everything_about_the_method(client, people):
    client.force_login(people["official"])
    method = Method.objects.get(slug="cafemodell")
    html = client.get(reverse("methods:detail", args=["cafemodell"])).content.decode()
    assert method.name in html
    assert "pappersduk" in html
    assert "bordsvärd" in html
    assert "Föreningar och organisationer" in html


def test_detail_says_when_delaktig_runs_the_method(client, people):
    manifest = registry.register(
        MethodManifest(
            key="test_catalogue_survey",
            name="Testenkäten",
            ladder_levels=frozenset({2}),
            online=True,
        )
    )
    try:
        client.force_login(people["official"])
        detail = reverse("methods:detail", args=["enkat"])
        assert "Testenkäten" not in client.get(detail).content.decode()
        Method.objects.filter(slug="enkat").update(registry_key=manifest.key)
        assert "Testenkäten" in client.get(detail).content.decode()
    finally:
        registry.unregister("test_catalogue_survey")


def test_inactive_methods_are_hidden_from_officials_but_not_administrators(client, people):
    Method.objects.filter(slug="dorrknackning").update(is_active=False)
    detail = reverse("methods:detail", args=["dorrknackning"])
    client.force_login(people["official"])
    assert detail not in client.get(reverse("methods:list")).content.decode()
    assert client.get(detail).status_code == 404
    client.force_login(people["administrator"])
    assert detail in client.get(reverse("methods:list")).content.decode()
    assert client.get(detail).status_code == 200


def test_administrator_adds_a_method(client, people):
    client.force_login(people["administrator"])
    assert client.get(reverse("methods:create")).status_code == 200
    response = client.post(reverse("methods:create"), form_data())
    method = Method.objects.get(name="Barnpromenad")
    assert response.status_code == 302
    assert response.url == reverse("methods:detail", args=[method.slug])
    assert method.ladder_levels == [2, 3]
    assert [g.slug for g in method.suits.all()] == ["barn"]


def test_a_double_submit_adds_the_method_once(client, people):
    client.force_login(people["administrator"])
    data = form_data()
    first = client.post(reverse("methods:create"), data)
    second = client.post(reverse("methods:create"), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Method.objects.filter(name="Barnpromenad").count() == 1


def test_invalid_input_is_kept_and_explained(client, people):
    client.force_login(people["administrator"])
    response = client.post(
        reverse("methods:create"),
        form_data(ladder_levels=[], group_size_min="10", group_size_max="2"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    for field in ("ladder_levels", "group_size_max"):
        assert f'id="id_{field}_error"' in html, field
        assert f'href="#id_{field}' in html, field
    assert "Förskolebarn visar sin närmiljö." in html
    assert 'value="10"' in html
    assert not Method.objects.filter(name="Barnpromenad").exists()


def test_a_name_already_in_the_catalogue_is_explained_beside_the_field(client, people):
    client.force_login(people["administrator"])
    response = client.post(reverse("methods:create"), form_data(name="ENKÄT"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in html
    assert 'value="ENKÄT"' in html
    assert Method.objects.filter(name__in=["Enkät", "ENKÄT"]).count() == 1


def test_administrator_changes_a_method(client, people):
    client.force_login(people["administrator"])
    edit = reverse("methods:edit", args=["lunchdialog"])
    page = client.get(edit).content.decode()
    assert 'value="2" id="id_ladder_levels_1" checked' in page
    assert 'value="3" id="id_ladder_levels_2">' in page
    data = form_data(name="Lunchdialog", ladder_levels=["2"], is_active="on")
    response = client.post(edit, data)
    assert response.status_code == 302
    method = Method.objects.get(slug="lunchdialog")
    assert method.summary == "Förskolebarn visar sin närmiljö."
    assert method.ladder_levels == [2]


def test_an_invalid_change_keeps_the_saved_name_in_the_heading(client, people):
    client.force_login(people["administrator"])
    response = client.post(
        reverse("methods:edit", args=["lunchdialog"]), form_data(name="", is_active="on")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lunchdialog" in html
    assert Method.objects.get(slug="lunchdialog").name == "Lunchdialog"


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("methods:list"), {"group": "unga", "mode": "offline"})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["official", "administrator"])
def test_the_list_runs_the_same_number_of_queries_for_10_and_40_methods(client, people, who):
    Method.objects.all().delete()
    youth = TargetGroup.objects.filter(slug__in=["unga", "barn"])
    for _ in range(10):
        MethodFactory().suits.set(youth)
    client.force_login(people[who])
    _list_queries(client)  # warm up session and caches
    ten = _list_queries(client)
    for _ in range(30):
        MethodFactory().suits.set(youth)
    forty = _list_queries(client)
    assert Method.objects.count() == 40
    assert ten == forty
