"""Who may switch on evaluations, read their results and read the overview."""

import pytest


@pytest.mark.parametrize(
    ("who", "manage", "read"),
    [
        ("official", True, True),
        ("administrator", True, True),
        ("representative", False, True),
        ("other_official", False, False),
        ("resident", False, False),
    ],
)
def test_dialogue_permissions(world, who, manage, read):
    user, dialogue = world[who], world["dialogue"]
    assert user.has_perm("evaluations.manage_evaluation", dialogue) is manage
    assert user.has_perm("evaluations.view_results", dialogue) is read


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("official", True),
        ("other_official", True),
        ("representative", True),
        ("administrator", True),
        ("resident", False),
    ],
)
def test_overview_is_for_all_staff(world, who, allowed):
    assert world[who].has_perm("evaluations.view_overview") is allowed


def test_anonymous_may_not_read_the_overview(db):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("evaluations.view_overview")
