"""Who may do what: role × consultation state × dialogue state × action."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.consultations.models import Consultation
from delaktig.consultations.tests.factories import ConsultationFactory
from delaktig.dialogues.models import State
from delaktig.municipality.tests import factories as f

pytestmark = pytest.mark.django_db

RUN = "consultations.run_consultation"
CHOOSE = "consultations.choose"


def test_who_runs_a_consultation():
    consultation = ConsultationFactory()
    unit = consultation.activity.dialogue.unit
    assert f.official(unit).has_perm(RUN, consultation)
    assert f.administrator().has_perm(RUN, consultation)
    assert not f.official().has_perm(RUN, consultation)
    assert not f.representative(unit).has_perm(RUN, consultation)
    assert not f.UserFactory().has_perm(RUN, consultation)
    assert not AnonymousUser().has_perm(RUN, consultation)


def test_staff_list_is_for_staff_only():
    assert f.official().has_perm("consultations.view_consultations")
    assert not f.UserFactory().has_perm("consultations.view_consultations")


@pytest.mark.parametrize(
    ("state", "dialogue_state", "login_required", "anonymous", "resident"),
    [
        (Consultation.State.OPEN, State.OPEN, False, True, True),
        (Consultation.State.OPEN, State.OPEN, True, False, True),
        (Consultation.State.DRAFT, State.OPEN, False, False, False),
        (Consultation.State.CLOSED, State.OPEN, False, False, False),
        (Consultation.State.OPEN, State.PUBLISHED, False, False, False),
        (Consultation.State.OPEN, State.COMPILING, False, False, False),
    ],
)
def test_who_may_choose(state, dialogue_state, login_required, anonymous, resident):
    consultation = ConsultationFactory(
        state=state, login_required=login_required, activity__dialogue__state=dialogue_state
    )
    assert AnonymousUser().has_perm(CHOOSE, consultation) is anonymous
    assert f.UserFactory().has_perm(CHOOSE, consultation) is resident
