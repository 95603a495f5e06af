"""Permissions as a table: role × dialogue state × action."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

ROLES = ("anonymous", "resident", "own_official", "other_official", "representative", "admin")


def make_user(role, meeting):
    dialogue = meeting.activity.dialogue
    return {
        "anonymous": lambda: AnonymousUser(),
        "resident": lambda: f.UserFactory(),
        "own_official": lambda: f.official(dialogue.unit),
        "other_official": lambda: f.official(),
        "representative": lambda: f.representative(dialogue.owner_committee),
        "admin": lambda: f.administrator(),
    }[role]()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, view_list, run",
    [
        ("anonymous", False, False),
        ("resident", False, False),
        ("own_official", True, True),
        ("other_official", True, False),
        ("representative", True, False),
        ("admin", True, True),
    ],
)
def test_staff_permissions(municipality, role, view_list, run):
    meeting = MeetingFactory(
        activity__dialogue__owner_committee=f.UnitFactory(kind=Unit.Kind.COMMITTEE)
    )
    user = make_user(role, meeting)
    assert user.has_perm("meetings.view_meetings") is view_list
    assert user.has_perm("meetings.run_meeting", meeting) is run
    assert user.has_perm("meetings.run_meeting", meeting.activity) is run
    assert user.has_perm("meetings.run_meeting", None) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state, started, may_register",
    [
        (State.DRAFT, False, False),
        (State.SUBMITTED, False, False),
        (State.APPROVED, False, False),
        (State.PUBLISHED, False, True),
        (State.OPEN, False, True),
        (State.OPEN, True, False),
        (State.COMPILING, False, True),
        (State.ARCHIVED, True, False),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_register_while_public_and_not_started(
    municipality, state, started, may_register, role
):
    now = timezone.now()
    start = now - datetime.timedelta(minutes=1) if started else now + datetime.timedelta(days=1)
    meeting = MeetingFactory(
        activity__dialogue__state=state,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    user = make_user(role, meeting)
    assert user.has_perm("meetings.register", meeting) is may_register
