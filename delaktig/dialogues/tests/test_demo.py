import datetime

import pytest
from django.core.management import call_command

from delaktig.dialogues import demo
from delaktig.dialogues.models import (
    Activity,
    CommunicationItem,
    CostItem,
    Dialogue,
    DialogueQuestion,
    DialogueTargetGroup,
    Follow,
    LadderLevel,
    State,
    Transition,
)
from delaktig.dialogues.selectors import activity_clashes, plan_missing_parts, public_dialogues

COUNTED = (
    Dialogue,
    DialogueQuestion,
    DialogueTargetGroup,
    DialogueTargetGroup.activities.through,
    Activity,
    CommunicationItem,
    CostItem,
    Transition,
    Follow,
    Dialogue.districts.through,
    Dialogue.topics.through,
    Dialogue.responsible.through,
)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def loaded(db):
    call_command("load_demo")
    return Dialogue.objects.filter(slug__in=[d.slug for d in demo.DIALOGUES])


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    updated = dict(loaded.values_list("slug", "updated_at"))
    call_command("load_demo")
    assert counts() == before
    assert dict(loaded.values_list("slug", "updated_at")) == updated


def test_at_least_six_dialogues_in_every_state_and_at_every_level(loaded):
    assert loaded.count() >= 6
    assert set(loaded.values_list("state", flat=True)) == set(State.values)
    assert set(loaded.values_list("ladder_level", flat=True)) == set(LadderLevel.values)


def test_every_submitted_plan_is_complete(loaded):
    for dialogue in loaded.exclude(state=State.DRAFT):
        assert plan_missing_parts(dialogue) == [], dialogue.slug


def test_history_follows_the_lifecycle_with_actors(loaded):
    for dialogue in loaded:
        transitions = list(dialogue.transitions.order_by("created_at", "pk"))
        if dialogue.state == State.DRAFT:
            assert transitions == []
            continue
        assert transitions[0].from_state == State.DRAFT
        assert transitions[-1].to_state == dialogue.state
        for earlier, later in zip(transitions, transitions[1:], strict=False):
            assert earlier.to_state == later.from_state
            assert earlier.created_at < later.created_at
        for transition in transitions:
            assert transition.actor is not None, dialogue.slug
            if transition.to_state == State.APPROVED:
                assert transition.actor.role_assignments.filter(
                    unit=dialogue.owner_committee, role="representative"
                ).exists()
        if dialogue.is_public:
            assert dialogue.published_at is not None


def test_open_dialogues_are_open_today(loaded):
    today = datetime.date.today()
    open_dialogues = loaded.filter(state=State.OPEN)
    assert open_dialogues.count() >= 2
    for dialogue in open_dialogues:
        assert dialogue.starts_on <= today <= dialogue.ends_on


def test_two_dialogues_clash_on_the_same_target_group(loaded):
    clashing = set()
    for activity in Activity.objects.filter(dialogue__in=loaded):
        others = activity_clashes(
            dialogue=activity.dialogue, starts_on=activity.starts_on, ends_on=activity.ends_on
        )
        clashing |= {(activity.dialogue.slug, other.slug) for other in others}
    assert ("hamnomradet", "ungdomsbudget-ostra-asen-bjorkdalen") in clashing


def test_demo_dialogues_are_searchable_in_the_public_list(loaded):
    found = public_dialogues(query="hamnområdet")
    assert "hamnomradet" in {d.slug for d in found}
