"""Who may build surveys: a table of person × action."""

import pytest

from delaktig.municipality.tests.factories import (
    UserFactory,
    administrator,
    official,
    representative,
)
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return three_page_survey()


@pytest.mark.parametrize(
    "who, may_list, may_manage",
    [
        ("unit_official", True, True),
        ("administrator", True, True),
        ("other_official", True, False),
        ("representative", False, False),
        ("resident", False, False),
    ],
)
def test_permissions(survey, who, may_list, may_manage):
    dialogue = survey.activity.dialogue
    person = {
        "unit_official": lambda: official(dialogue.unit),
        "administrator": lambda: administrator(),
        "other_official": lambda: official(),
        "representative": lambda: representative(dialogue.owner_committee),
        "resident": UserFactory,
    }[who]()
    section = survey.sections.first()
    question = survey.questions.first()
    option = question.options.first()
    assert person.has_perm("surveys.view_surveys") is may_list
    for obj in (survey, survey.activity, section, question, option):
        assert person.has_perm("surveys.manage_survey", obj) is may_manage, obj
