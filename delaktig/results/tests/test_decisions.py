"""Decision records: who may record them, and what is saved. Also the shared world."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f
from delaktig.results import selectors, services
from delaktig.results.models import Decision


def make_world(municipality):
    """Units and people shared by the results tests (each file wraps it in a fixture)."""
    unit = f.UnitFactory(municipality=municipality, name="Kultur- och fritidsförvaltningen")
    committee = f.UnitFactory(
        municipality=municipality, name="Kultur- och fritidsnämnden", kind=Unit.Kind.COMMITTEE
    )
    other_unit = f.UnitFactory(municipality=municipality)
    return {
        "municipality": municipality,
        "unit": unit,
        "committee": committee,
        "other_unit": other_unit,
        "official": f.official(unit),
        "representative": f.representative(committee),
        "other_official": f.official(other_unit),
        "other_representative": f.representative(
            f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
        ),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


def make_dialogue(world):
    return DialogueFactory(
        municipality=world["municipality"],
        unit=world["unit"],
        owner_committee=world["committee"],
        title="Framtidens bibliotek",
        state=State.COMPILING,
        feedback_due_on=datetime.date(2027, 6, 15),
    )


@pytest.fixture
def world(municipality):
    return make_world(municipality)


@pytest.fixture
def dialogue(world):
    return make_dialogue(world)


def contribute(dialogue, author=None, text="Längre öppettider på helger."):
    return Contribution.objects.create(
        dialogue=dialogue, method_key="test", kind="idea", text=text, author=author
    )


def decision_data(world, **overrides):
    data = {
        "body": world["committee"],
        "decided_on": datetime.date(2027, 9, 20),
        "summary": "Biblioteket får längre öppettider på helger.",
        "minutes_url": "https://exempelkommun.example/protokoll/2027-09-20",
        "use_of_input": "Många önskade helgöppet; det blev beslutet.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["official", "representative", "administrator"])
def test_decision_recorded_by_officials_representatives_and_admins(world, dialogue, who):
    decision = services.decision_save(
        actor=world[who], dialogue=dialogue, data=decision_data(world)
    )
    assert decision.pk and decision.recorded_by == world[who]
    assert selectors.decision_for(dialogue) == decision


@pytest.mark.parametrize("who", ["other_official", "other_representative", "resident"])
def test_decision_refused_to_others(world, dialogue, who):
    with pytest.raises(PermissionDenied):
        services.decision_save(actor=world[who], dialogue=dialogue, data=decision_data(world))
    assert not Decision.objects.exists()


def test_saving_again_edits_the_one_decision_and_is_audit_logged(world, dialogue):
    services.decision_save(actor=world["official"], dialogue=dialogue, data=decision_data(world))
    services.decision_save(
        actor=world["representative"],
        dialogue=dialogue,
        data=decision_data(world, summary="Ändrat beslut."),
    )
    decision = Decision.objects.get()
    assert decision.summary == "Ändrat beslut."
    entries = LogEntry.objects.get_for_object(decision)
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {world["official"], world["representative"]}


def test_body_of_another_municipality_is_refused(world, dialogue):
    elsewhere = f.MunicipalityFactory(name="Grannkommun", slug="grannkommun")
    stranger = f.UnitFactory(municipality=elsewhere, kind=Unit.Kind.COMMITTEE)
    with pytest.raises(ValidationError):
        services.decision_save(
            actor=world["official"], dialogue=dialogue, data=decision_data(world, body=stranger)
        )


def test_decision_for_is_none_without_one(dialogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.decision_for(dialogue) is None
