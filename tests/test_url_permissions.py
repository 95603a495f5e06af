"""Walk every URL pattern and prove who is let in.

A new URL must be classified here or in its app's ``tests/url_classes.py``
(staff, own account, public or allauth); an unclassified pattern fails the test,
so no view is added without a decision. An app's ``url_classes`` module may add
to any of the sets below (same names) and define ``url_kwargs(world) -> dict``
giving the URL arguments of its patterns, creating its own objects under
``world["dialogue"]`` (a dialogue of the unit the foreign official is not in).
Staff URLs must refuse anonymous visitors (login redirect), residents (403) and
officials of another unit (403) on every method.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from delaktig.contributions.models import Contribution
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f
from delaktig.outreach.tests.factories import OutreachEntryFactory
from delaktig.themes.models import Theme

PUBLIC = {
    "core:home",
    "core:healthz",
    "core:accessibility",
    "core:accessibility_feedback",
    "core:privacy",
    "core:after_login",
    "core:mfa_required",
    "set_language",
    "dialogues:public_list",
    "dialogues:public_detail",
    "dialogues:feed",
    "meetings:list",
    "meetings:feed",
    "meetings:detail",
    "meetings:ics",
    "meetings:register",
    "meetings:already_registered",
    "meetings:registered",
    "meetings:cancel",
    # The meeting evaluation: participants answer without an account.
    "meeting_evaluation:form",
    "meeting_evaluation:thanks",
}
OWN_ACCOUNT = {"accounts:profile", "accounts:profile_edit"}
# Actions on public pages that need an account (POST only): anonymous visitors log in first.
LOGIN_TO_ACT = {"dialogues:follow", "dialogues:unfollow"}
# Staff pages every staff member may read, whatever their unit.
# (Each shows only what the viewer's own roles allow.)
ALL_STAFF_READ = {
    "outreach:list",
    "reach:overview",
    "staff:dashboard",
    "calendar:calendar",
    "methods:list",
    "methods:detail",
    "dialogue_staff:list",
    "meeting_staff:list",
    # Feedback deadlines: lists only the viewer's own units' dialogues.
    "results:overdue",
}
# Any official may start a dialogue for their own unit; an empty POST gets the form back.
ANY_OFFICIAL_FORM = {"dialogue_staff:create", "outreach:new"}
# Units another unit's official may not see (they are not members).
UNIT_SCOPED = {"staff:unit_detail", "reach:group_report", "reach:group_report_pdf"}
# Staff views outside hantera/: the meeting evaluation's sheet, paper entry and
# results live beside its public form. They are walked like every staff URL.
STAFF_ELSEWHERE = {
    "meeting_evaluation:paper",
    "meeting_evaluation:paper_pdf",
    "meeting_evaluation:enter",
    "meeting_evaluation:results",
}


APP_CLASS_NAMES = (
    "PUBLIC",
    "OWN_ACCOUNT",
    "LOGIN_TO_ACT",
    "ALL_STAFF_READ",
    "ANY_OFFICIAL_FORM",
    "UNIT_SCOPED",
    "STAFF_ELSEWHERE",
)


def _app_url_classes():
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("delaktig."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.url_classes"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.url_classes":
                raise
    return modules


APP_URL_CLASSES = _app_url_classes()
for _module in APP_URL_CLASSES:
    for _name in APP_CLASS_NAMES:
        globals()[_name] |= set(getattr(_module, _name, ()))


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = entry.name
            full = f"{namespace}:{name}" if namespace and name else name
            yield prefix + str(entry.pattern), full, entry


def all_patterns():
    return list(walk(get_resolver().url_patterns))


@pytest.fixture
def world(municipality):
    own = f.UnitFactory(municipality=municipality, slug="egen")
    other = f.UnitFactory(municipality=municipality, slug="annan")
    district = f.DistrictFactory(municipality=municipality, slug="hamnen")
    assignment = f.RoleAssignmentFactory(unit=other, role="official")
    dialogue = DialogueFactory(municipality=municipality, unit=other)
    meeting = MeetingFactory(activity__dialogue=dialogue)
    # The file need not exist: permission is checked before it is opened.
    contribution = Contribution.objects.create(
        dialogue=dialogue,
        activity=meeting.activity,
        method_key="meetings",
        kind="photo",
        image="contributions/walk.jpg",
        image_description="Duk",
    )
    return {
        "own": own,
        "other": other,
        "district": district,
        "assignment": assignment,
        "dialogue": dialogue,
        "meeting": meeting,
        "contribution": contribution,
        "foreign_official": f.official(own),
        "outreach_entry": OutreachEntryFactory(municipality=municipality, unit=other),
        "theme": Theme.objects.create(dialogue=dialogue, name="Trafik"),
        "resident": f.UserFactory(),
    }


def kwargs_for(name, world):
    if "_app_kwargs" not in world:
        # Each app makes its objects once per test.
        world["_app_kwargs"] = {}
        for module in APP_URL_CLASSES:
            if hasattr(module, "url_kwargs"):
                world["_app_kwargs"].update(module.url_kwargs(world))
    if name in world["_app_kwargs"]:
        return world["_app_kwargs"][name]
    return {
        "staff:unit_detail": {"slug": world["other"].slug},
        "staff:unit_edit": {"slug": world["other"].slug},
        "staff:district_edit": {"slug": world["district"].slug},
        "staff:role_delete": {"pk": world["assignment"].pk},
        "audit:entry": {"pk": 1},
        "methods:detail": {"slug": "enkat"},
        "dialogue_staff:summary": {"pk": world["dialogue"].pk},
        "dialogue_staff:pdf": {"pk": world["dialogue"].pk},
        "dialogue_staff:step": {"pk": world["dialogue"].pk, "step": "basics"},
        "dialogue_staff:transition": {"pk": world["dialogue"].pk, "move": "submit"},
        "methods:edit": {"slug": "enkat"},
        "meeting_staff:detail": {"pk": world["meeting"].pk},
        "meeting_staff:edit": {"activity_pk": world["meeting"].activity_id},
        "meeting_docs:index": {"pk": world["meeting"].pk},
        "meeting_docs:attendance": {"pk": world["meeting"].pk},
        "meeting_docs:notes": {"pk": world["meeting"].pk},
        "meeting_docs:note_edit": {"pk": world["meeting"].pk, "note_pk": world["contribution"].pk},
        "meeting_docs:note_remove": {
            "pk": world["meeting"].pk,
            "note_pk": world["contribution"].pk,
        },
        "meeting_evaluation:paper": {"pk": world["meeting"].pk},
        "meeting_evaluation:paper_pdf": {"pk": world["meeting"].pk},
        "meeting_evaluation:enter": {"pk": world["meeting"].pk},
        "meeting_evaluation:results": {"pk": world["meeting"].pk},
        "contributions:photo": {"pk": world["contribution"].pk},
        "outreach:detail": {"pk": world["outreach_entry"].pk},
        "outreach:edit": {"pk": world["outreach_entry"].pk},
        "outreach:delete": {"pk": world["outreach_entry"].pk},
        "reach:group_report": {"pk": world["other"].pk},
        "reach:group_report_pdf": {"pk": world["other"].pk},
        "results:decision": {"pk": world["dialogue"].pk},
        "themes:dialogue": {"pk": world["dialogue"].pk},
        "themes:status": {"pk": world["dialogue"].pk},
        "themes:run": {"pk": world["dialogue"].pk},
        "themes:merge": {"pk": world["dialogue"].pk},
        "themes:publish": {"pk": world["dialogue"].pk},
        "themes:unassigned": {"pk": world["dialogue"].pk},
        "themes:theme": {"pk": world["theme"].pk},
        "themes:split": {"pk": world["theme"].pk},
        "themes:delete": {"pk": world["theme"].pk},
        "themes:unpublish": {"pk": world["theme"].pk},
        "themes:move": {"pk": world["contribution"].pk},
        "participation:dialogue": {"pk": world["dialogue"].pk},
        "results:feedback": {"pk": world["dialogue"].pk},
    }.get(name, {})


def staff_urls(world):
    urls = []
    for route, name, pattern in all_patterns():
        if route.startswith("hantera/") or name in STAFF_ELSEWHERE:
            urls.append((name, reverse(name, kwargs=kwargs_for(name, world)), pattern))
    return urls


def test_every_url_pattern_is_classified():
    unclassified = []
    for route, name, _pattern in all_patterns():
        if route.startswith(("hantera/", "konto/", "systemadmin/")):
            continue
        if name not in PUBLIC | OWN_ACCOUNT | LOGIN_TO_ACT | STAFF_ELSEWHERE:
            unclassified.append((route, name))
    assert unclassified == []


@pytest.mark.django_db
def test_staff_views_all_declare_a_permission(world):
    missing = [
        name
        for name, _url, p in staff_urls(world)
        if not hasattr(p.callback, "delaktig_permission")
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login_on_every_staff_url(client, world, method):
    urls = staff_urls(world)
    assert len(urls) >= 10
    for name, url, _p in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_resident_is_refused_on_every_staff_url(client, world, method):
    client.force_login(world["resident"])
    for name, url, _p in staff_urls(world):
        assert getattr(client, method)(url).status_code == 403, name


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_official_of_another_unit_is_refused(client, world, method):
    client.force_login(world["foreign_official"])
    for name, url, _p in staff_urls(world):
        response = getattr(client, method)(url)
        if name in ALL_STAFF_READ:
            assert response.status_code == (200 if method == "get" else 405), name
            continue
        if name in ANY_OFFICIAL_FORM:
            assert response.status_code == 200, name
            continue
        # Everything else is either another unit's page or administrator-only;
        # a POST to a read-only page may also be refused as not allowed.
        refused = {403} if method == "get" else {403, 405}
        assert response.status_code in refused, name


@pytest.mark.django_db
def test_own_account_pages_need_login(client, world):
    for name in OWN_ACCOUNT:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_system_admin_is_closed_to_residents_and_officials(client, world):
    for who in ("resident", "foreign_official"):
        client.force_login(world[who])
        response = client.get("/systemadmin/")
        assert response.status_code == 302
        assert "/systemadmin/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_actions_on_public_pages_need_login(client, world, method):
    dialogue = DialogueFactory(municipality=world["own"].municipality, state="open")
    for name in LOGIN_TO_ACT:
        kwargs = kwargs_for(name, world)
        url = reverse(name, kwargs=kwargs) if kwargs else reverse(name, args=[dialogue.slug])
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name
