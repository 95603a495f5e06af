import pytest

from delaktig.dialogues.models import Activity, DialogueQuestion
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    other_unit = f.UnitFactory(municipality=municipality)
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state="open"
    )
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(),
        title="Cafékväll",
        starts_on=dialogue.starts_on,
        ends_on=dialogue.starts_on,
        district=f.DistrictFactory(municipality=municipality),
    )
    return {
        "dialogue": dialogue,
        "activity": activity,
        "question": DialogueQuestion.objects.create(dialogue=dialogue, text="Vad vill du?"),
        "official": f.official(unit),
        "representative": f.representative(committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "other_official": f.official(other_unit),
        "resident": f.UserFactory(),
    }
