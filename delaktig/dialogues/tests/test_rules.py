"""Who may do what with a dialogue: role × state × action, as one table."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.dialogues import lifecycle
from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

ROLES = (
    "official_of_unit",
    "official_of_other_unit",
    "representative_of_owner",
    "representative_of_other_committee",
    "administrator",
    "resident",
    "anonymous",
)
PUBLIC = {
    State.PUBLISHED,
    State.OPEN,
    State.COMPILING,
    State.FED_BACK,
    State.EVALUATED,
    State.ARCHIVED,
}
ALL_STATES = list(State)


@pytest.fixture
def people(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    other_committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    return {
        "unit": unit,
        "committee": committee,
        "official_of_unit": f.official(unit),
        "official_of_other_unit": f.official(f.UnitFactory(municipality=municipality)),
        "representative_of_owner": f.representative(committee),
        "representative_of_other_committee": f.representative(other_committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
        "anonymous": AnonymousUser(),
    }


def expected(action, role, state):
    if action == "view_dialogue":
        return role in {"official_of_unit", "representative_of_owner", "administrator"}
    if action == "change_dialogue":
        return role in {"official_of_unit", "administrator"} and state == State.DRAFT
    if action == "run_dialogue":
        return role in {"official_of_unit", "administrator"}
    if action == "approve_dialogue":
        return role == "representative_of_owner"
    if action == "follow_dialogue":
        return role != "anonymous" and state in PUBLIC
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize(
    "action",
    ["view_dialogue", "change_dialogue", "run_dialogue", "approve_dialogue", "follow_dialogue"],
)
def test_object_permissions_table(people, municipality, state, action):
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=people["unit"],
        owner_committee=people["committee"],
        state=state,
    )
    actual = {role: people[role].has_perm(f"dialogues.{action}", dialogue) for role in ROLES}
    assert actual == {role: expected(action, role, state) for role in ROLES}


@pytest.mark.django_db
def test_who_may_create_dialogues_and_see_the_calendar(people):
    may_add = {role: people[role].has_perm("dialogues.add_dialogue") for role in ROLES}
    assert may_add == {
        "official_of_unit": True,
        "official_of_other_unit": True,
        "representative_of_owner": False,
        "representative_of_other_committee": False,
        "administrator": True,
        "resident": False,
        "anonymous": False,
    }
    calendar = {role: people[role].has_perm("dialogues.view_calendar") for role in ROLES}
    staff = {"resident": False, "anonymous": False}
    assert calendar == {role: staff.get(role, True) for role in ROLES}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "role", "moves"),
    [
        (State.DRAFT, "official_of_unit", {"submit"}),
        (State.DRAFT, "representative_of_owner", set()),
        (State.SUBMITTED, "official_of_unit", {"withdraw"}),
        (State.SUBMITTED, "representative_of_owner", {"approve", "send_back"}),
        (State.SUBMITTED, "representative_of_other_committee", set()),
        (State.SUBMITTED, "administrator", {"withdraw"}),
        (State.APPROVED, "official_of_unit", {"reopen_plan", "publish"}),
        (State.APPROVED, "official_of_other_unit", set()),
        (State.PUBLISHED, "official_of_unit", {"unpublish", "open"}),
        (State.OPEN, "official_of_unit", {"pause", "close"}),
        (State.COMPILING, "official_of_unit", {"reopen", "feed_back"}),
        (State.FED_BACK, "official_of_unit", {"undo_feedback", "evaluate"}),
        (State.EVALUATED, "official_of_unit", {"archive"}),
        (State.ARCHIVED, "official_of_unit", {"unarchive"}),
        (State.OPEN, "resident", set()),
        (State.OPEN, "anonymous", set()),
    ],
)
def test_available_moves_by_role_and_state(people, municipality, state, role, moves):
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=people["unit"],
        owner_committee=people["committee"],
        state=state,
    )
    available = {move.name for move in lifecycle.available_moves(people[role], dialogue)}
    assert available == moves
