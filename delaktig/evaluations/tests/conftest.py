import pytest

from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import MeetingActivityFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state="open"
    )
    activity = MeetingActivityFactory(dialogue=dialogue, title="Trygghetsvandring i Norrby")
    return {
        "dialogue": dialogue,
        "activity": activity,
        "official": f.official(unit),
        "representative": f.representative(committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "other_official": f.official(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }
