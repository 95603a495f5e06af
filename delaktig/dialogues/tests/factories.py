import datetime

import factory

from delaktig.dialogues.models import (
    Activity,
    CommunicationItem,
    Complexity,
    CostItem,
    Dialogue,
    DialogueQuestion,
    DialogueTargetGroup,
    LadderLevel,
    State,
)
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests.factories import (
    MunicipalityFactory,
    TargetGroupFactory,
    UnitFactory,
)


class DialogueFactory(factory.django.DjangoModelFactory):
    """A dialogue with an empty plan; use ``complete_plan`` for one ready to submit."""

    class Meta:
        model = Dialogue

    municipality = factory.SubFactory(MunicipalityFactory)
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    owner_committee = factory.SubFactory(
        UnitFactory,
        municipality=factory.SelfAttribute("..municipality"),
        kind=Unit.Kind.COMMITTEE,
    )
    title = factory.Sequence(lambda n: f"Dialog {n}")
    slug = factory.Sequence(lambda n: f"dialog-{n}")
    state = State.DRAFT
    ladder_level = LadderLevel.CONSULTATION
    starts_on = datetime.date(2027, 3, 1)
    ends_on = datetime.date(2027, 4, 30)


def complete_plan(dialogue: Dialogue, *, target_group=None, method=None) -> Dialogue:
    """Fill every required part of the plan directly (test set-up, not a service)."""
    d = dialogue
    d.purpose = "Att ta reda på vad invånarna vill med hamnområdet."
    d.use_of_results = "Underlag till detaljplanen."
    d.decision_stage = "proposal"
    d.summary = "Vad vill du att hamnen ska bli?"
    for field in ("politics", "target_groups", "expectations", "methods"):
        setattr(d, f"complexity_{field}", Complexity.SIMPLE)
    d.accessibility_measures = ["hearing_loop"]
    d.feedback_how = "E-post till deltagarna och en sida på webben."
    d.feedback_due_on = datetime.date(2027, 6, 15)
    d.evaluation_indicators = "Minst 200 deltagare"
    d.contact_email = "kontakt@exempelkommun.example"
    d.save()
    DialogueQuestion.objects.create(dialogue=d, text="Vad ska hamnen användas till?")
    DialogueTargetGroup.objects.create(
        dialogue=d, target_group=target_group or TargetGroupFactory(), affected=True, active=False
    )
    Activity.objects.create(
        dialogue=d,
        method=method or MethodFactory(),
        title="Öppet möte",
        starts_on=d.starts_on,
        ends_on=d.starts_on,
    )
    CommunicationItem.objects.create(dialogue=d, channel="Lokaltidningen")
    CostItem.objects.create(dialogue=d, description="Lokalhyra", amount=5000)
    return d
