"""Staff pages: permissions, saving through the forms, the deadline list and its queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.results import selectors, services
from delaktig.results.models import Decision, Feedback

from .test_decisions import decision_data, make_dialogue, make_world


@pytest.fixture
def world(municipality):
    return make_world(municipality)


@pytest.fixture
def dialogue(world):
    return make_dialogue(world)


def login(client, user):
    client.force_login(user)
    client.cookies["delaktig_language"] = "en"
    return client


@pytest.mark.parametrize("name", ["results:decision", "results:feedback"])
def test_anonymous_goes_to_login(client, dialogue, name):
    response = client.get(reverse(name, args=[dialogue.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_overdue_anonymous_goes_to_login(client, db):
    response = client.get(reverse("results:overdue"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("name", "who", "status"),
    [
        ("results:decision", "resident", 403),
        ("results:decision", "other_official", 403),
        ("results:decision", "official", 200),
        ("results:decision", "representative", 200),
        ("results:decision", "administrator", 200),
        ("results:feedback", "resident", 403),
        ("results:feedback", "other_official", 403),
        ("results:feedback", "representative", 403),
        ("results:feedback", "official", 200),
        ("results:feedback", "administrator", 200),
    ],
)
def test_object_permissions(client, world, dialogue, name, who, status):
    response = login(client, world[who]).get(reverse(name, args=[dialogue.pk]))
    assert response.status_code == status


def test_overdue_refuses_residents(client, world):
    assert login(client, world["resident"]).get(reverse("results:overdue")).status_code == 403


def test_record_decision_through_the_page(client, world, dialogue):
    login(client, world["representative"])
    url = reverse("results:decision", args=[dialogue.pk])
    assert f'value="{world["committee"].pk}" selected' in client.get(url).content.decode()
    data = decision_data(world, body=world["committee"].pk)
    data["decided_on"] = "2027-09-20"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Decision.objects.get().summary == data["summary"]


def test_invalid_decision_keeps_input(client, world, dialogue):
    login(client, world["official"])
    response = client.post(
        reverse("results:decision", args=[dialogue.pk]),
        {"summary": "Mitt utkast", "decided_on": "inte ett datum"},
    )
    assert response.status_code == 200
    assert "Mitt utkast" in response.content.decode()
    assert set(response.context["form"].errors) >= {"body", "decided_on"}
    assert not Decision.objects.exists()


def test_feedback_page_saves_publishes_and_offers_the_move(
    client, world, dialogue, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, world["official"])
    url = reverse("results:feedback", args=[dialogue.pk])
    page = client.get(url).content.decode()
    assert reverse("dialogue_staff:transition", args=[dialogue.pk, "feed_back"]) in page

    assert client.post(url, {"text": "Utkast", "action": "save"}).status_code == 302
    assert not Feedback.objects.get().is_published

    from delaktig.dialogues.models import Follow

    Follow.objects.create(dialogue=dialogue, user=world["resident"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"text": "Klart", "action": "publish"}).status_code == 302
        assert client.post(url, {"text": "Klart!", "action": "publish"}).status_code == 302
    assert Feedback.objects.get().is_published
    assert len(mailoutbox) == 1
    page = client.get(url)
    assert page.status_code == 200 and page.context["feedback"].recipient_count == 1

    response = client.post(url, {"text": "", "action": "publish"})
    assert response.status_code == 200 and "text" in response.context["form"].errors


def _deadline_dialogue(world_, due, **kwargs):
    return DialogueFactory(
        municipality=world_["municipality"],
        unit=kwargs.pop("unit", world_["unit"]),
        owner_committee=world_["committee"],
        state=kwargs.pop("state", State.COMPILING),
        feedback_due_on=due,
        **kwargs,
    )


@time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_feedback_deadlines_selector(world, django_capture_on_commit_callbacks):
    late = _deadline_dialogue(world, datetime.date(2027, 6, 15), title="Sen")
    soon = _deadline_dialogue(world, datetime.date(2027, 7, 10), title="Snart")
    _deadline_dialogue(world, datetime.date(2027, 9, 1), title="Långt fram")
    _deadline_dialogue(world, datetime.date(2027, 6, 1), state=State.FED_BACK, title="Klar")
    _deadline_dialogue(world, datetime.date(2027, 6, 1), state=State.DRAFT, title="Utkast")
    given = _deadline_dialogue(world, datetime.date(2027, 6, 1), title="Given")
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=world["official"], dialogue=given, text="Tack")
    other = _deadline_dialogue(
        world, datetime.date(2027, 6, 1), unit=world["other_unit"], title="Annan"
    )
    other.owner_committee = f.UnitFactory(municipality=world["municipality"])
    other.save()

    rows = selectors.feedback_deadlines(user=world["official"])
    assert [(row.title, row.is_overdue) for row in rows] == [("Sen", True), ("Snart", False)]
    assert rows[0].days_late == 16 and rows[1].days_left == 9
    assert [row.pk for row in selectors.overdue_feedback(user=world["official"])] == [late.pk]
    # The committee's representatives see their dialogues too; admins see all.
    assert [row.title for row in selectors.overdue_feedback(user=world["representative"])] == [
        "Sen"
    ]
    assert {row.title for row in selectors.overdue_feedback(user=world["administrator"])} == {
        "Sen",
        "Annan",
    }
    assert selectors.overdue_feedback(user=world["other_official"])[0].title == "Annan"
    assert soon.pk not in [row.pk for row in selectors.overdue_feedback(user=world["official"])]

    # Later, the soon one is late as well.
    with time_machine.travel(datetime.date(2027, 7, 11), tick=False):
        assert len(selectors.overdue_feedback(user=world["official"])) == 2


@time_machine.travel(datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_overdue_page_lists_rows_in_constant_queries(client, world):
    login(client, world["official"])
    url = reverse("results:overdue")
    _deadline_dialogue(world, datetime.date(2027, 6, 1), title="Sen 0")
    client.get(url)  # warm caches (session, roles)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert "Sen 0" in response.content.decode()
    for n in range(1, 6):
        _deadline_dialogue(world, datetime.date(2027, 6, n), title=f"Sen {n}")
        _deadline_dialogue(world, datetime.date(2027, 7, n + 2), title=f"Snart {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    content = response.content.decode()
    assert "Sen 5" in content and "Snart 5" in content
    assert len(many) == len(one)


def test_snippets_for_other_pages_render(world, dialogue, django_capture_on_commit_callbacks):
    """The includes handed over for the public page, Mina sidor and the dashboard."""
    from django.template.loader import render_to_string

    from .test_decisions import contribute

    services.decision_save(actor=world["official"], dialogue=dialogue, data=decision_data(world))
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=world["official"], dialogue=dialogue, text="Tack alla")
    contribute(dialogue, author=world["resident"], text="Mer bänkar")

    public = render_to_string(
        "results/_public_feedback.html",
        {
            "published_feedback": selectors.published_feedback(dialogue),
            "decision": selectors.decision_for(dialogue),
        },
    )
    assert "Tack alla" in public and "Biblioteket får längre öppettider" in public
    assert "https://exempelkommun.example/protokoll/2027-09-20" in public

    mine = render_to_string(
        "results/_my_contributions.html",
        {"my_contributions": selectors.my_contributions(world["resident"])},
    )
    assert "Mer bänkar" in mine and f"/{dialogue.slug}" in mine and "#feedback" in mine

    with time_machine.travel(datetime.date(2027, 7, 1), tick=False):
        late = _deadline_dialogue(world, datetime.date(2027, 6, 1), title="Sen dialog")
        board = render_to_string(
            "results/_dashboard_overdue.html",
            {"overdue_feedback": selectors.overdue_feedback(user=world["official"])},
        )
    assert "Sen dialog" in board and reverse("results:feedback", args=[late.pk]) in board
