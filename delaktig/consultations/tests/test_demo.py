"""The demo consultation on the culture house: closed, two alternatives, seeded choices."""

import pytest

from delaktig.audit.context import acting_as
from delaktig.consultations import demo
from delaktig.consultations.models import Choice, Consultation
from delaktig.contributions.models import Contribution
from delaktig.dialogues import demo as dialogues_demo
from delaktig.municipality import demo as municipality_demo


def load_all():
    with acting_as(None):
        for loader in (municipality_demo.load, dialogues_demo.load, demo.load):
            loader(log=lambda message: None)


@pytest.mark.django_db
def test_demo_consultation_is_loaded_once():
    load_all()
    consultation = Consultation.objects.get(activity__title=demo.TITLE)
    assert consultation.activity.dialogue.slug == "kulturhuset"
    assert consultation.state == Consultation.State.CLOSED
    alternatives = list(consultation.alternatives.all())
    assert [a.title[:2] for a in alternatives] == ["A:", "B:"]
    assert all(a.image and a.image_alt for a in alternatives)
    choices = Choice.objects.filter(consultation=consultation)
    assert choices.count() == demo.CHOICES
    assert choices.filter(user__isnull=False).count() == 0
    with_reason = choices.exclude(reason="").count()
    assert with_reason == Contribution.objects.filter(method_key="consultations").count() > 50
    assert choices.values("district").distinct().count() > 5
    before = (Choice.objects.count(), Contribution.objects.count())
    load_all()
    assert (Choice.objects.count(), Contribution.objects.count()) == before
