"""“What happened to my input” on Mina sidor."""

import datetime

import pytest

from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.results import selectors, services

from .test_decisions import contribute, decision_data, make_dialogue, make_world


@pytest.fixture
def world(municipality):
    return make_world(municipality)


@pytest.fixture
def dialogue(world):
    return make_dialogue(world)


def test_lists_own_contributions_with_state_decision_and_published_feedback(
    world, dialogue, django_capture_on_commit_callbacks, django_assert_num_queries
):
    resident = world["resident"]
    open_dialogue = DialogueFactory(
        municipality=world["municipality"], unit=world["unit"], state=State.OPEN
    )
    mine_closed = contribute(dialogue, author=resident)
    mine_open = contribute(open_dialogue, author=resident)
    contribute(dialogue, author=f.UserFactory())  # someone else's
    services.decision_save(actor=world["official"], dialogue=dialogue, data=decision_data(world))
    services.feedback_save(actor=world["official"], dialogue=open_dialogue, text="Utkast")

    with django_assert_num_queries(1):
        rows = selectors.my_contributions(resident)
        summaries = [
            (row.decision and row.decision.body.name, row.published_feedback) for row in rows
        ]
    assert [row.pk for row in rows] == [mine_open.pk, mine_closed.pk]
    assert summaries == [(None, None), ("Kultur- och fritidsnämnden", None)]
    assert rows[1].state_explained == selectors.STATE_FOR_RESIDENTS[State.COMPILING]

    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=world["official"], dialogue=dialogue, text="Tack")
    rows = selectors.my_contributions(resident)
    assert rows[1].published_feedback.text == "Tack"
    assert rows[0].published_feedback is None  # a draft stays hidden


def test_queries_do_not_grow_with_contributions(world, django_assert_num_queries):
    resident = world["resident"]
    for n in range(5):
        d = DialogueFactory(
            municipality=world["municipality"],
            unit=world["unit"],
            owner_committee=world["committee"],
            state=State.FED_BACK,
            decision_on=datetime.date(2027, 1, 1),
        )
        contribute(d, author=resident, text=f"Förslag {n}")
        services.decision_save(actor=world["official"], dialogue=d, data=decision_data(world))
    with django_assert_num_queries(1):
        rows = selectors.my_contributions(resident)
        [(row.dialogue.title, row.decision.body.name, row.published_feedback) for row in rows]
    assert len(rows) == 5


def test_anonymous_gets_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.my_contributions(AnonymousUser()) == []
