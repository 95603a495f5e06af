"""Switching evaluations on, answers by phone and on paper."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.evaluations import services
from delaktig.evaluations.models import Evaluation, Response
from delaktig.meetings.tests.factories import MeetingActivityFactory
from delaktig.results.models import Feedback

ANSWERS = {"purpose_clear": 5, "listened_to": 4, "knows_next": None, "take_part_again": "yes"}


def test_official_switches_on_an_activity_evaluation_once(world):
    first = services.evaluation_attach(
        actor=world["official"], dialogue=world["dialogue"], activity=world["activity"]
    )
    again = services.evaluation_attach(
        actor=world["official"], dialogue=world["dialogue"], activity=world["activity"]
    )
    assert first == again
    assert Evaluation.objects.count() == 1
    assert first.is_open and len(first.token) >= 12


def test_switching_on_again_reopens_a_closed_evaluation(world):
    evaluation = services.evaluation_attach(
        actor=world["administrator"], dialogue=world["dialogue"]
    )
    services.evaluation_set_open(actor=world["official"], evaluation=evaluation, is_open=False)
    evaluation.refresh_from_db()
    assert not evaluation.is_open
    services.evaluation_attach(actor=world["official"], dialogue=world["dialogue"])
    evaluation.refresh_from_db()
    assert evaluation.is_open and evaluation.is_dialogue_wide


@pytest.mark.parametrize("who", ["representative", "other_official", "resident"])
def test_others_may_not_switch_on(world, who):
    with pytest.raises(PermissionDenied):
        services.evaluation_attach(actor=world[who], dialogue=world["dialogue"])


def test_activity_of_another_dialogue_is_refused(world):
    other = MeetingActivityFactory(
        dialogue=DialogueFactory(municipality=world["dialogue"].municipality)
    )
    with pytest.raises(ValidationError):
        services.evaluation_attach(
            actor=world["official"], dialogue=world["dialogue"], activity=other
        )


def test_participant_answer_is_stored_without_anyone_attached(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    response = services.response_submit(evaluation=evaluation, data=ANSWERS)
    assert response.channel == Response.Channel.PHONE
    assert response.purpose_clear == 5 and response.knows_next is None
    assert not hasattr(response, "user")


def test_empty_answer_is_refused(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    with pytest.raises(ValidationError):
        services.response_submit(evaluation=evaluation, data={"comment": "  "})


def test_out_of_range_rating_is_refused(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    with pytest.raises(ValidationError) as error:
        services.response_submit(evaluation=evaluation, data={"purpose_clear": 9})
    assert "purpose_clear" in error.value.error_dict


def test_closed_evaluation_takes_no_phone_answers_but_paper_ones(world):
    evaluation = Evaluation.objects.create(
        dialogue=world["dialogue"], activity=world["activity"], is_open=False
    )
    with pytest.raises(ValidationError):
        services.response_submit(evaluation=evaluation, data=ANSWERS)
    paper = services.response_enter_paper(
        actor=world["official"], evaluation=evaluation, data=ANSWERS
    )
    assert paper.channel == Response.Channel.PAPER


def test_paper_entry_needs_permission(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    with pytest.raises(PermissionDenied):
        services.response_enter_paper(
            actor=world["representative"], evaluation=evaluation, data=ANSWERS
        )


def test_dialogue_evaluation_opens_when_feedback_is_published(world):
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"])
    assert services.window_state(evaluation) == "not_yet"
    with pytest.raises(ValidationError):
        services.response_submit(evaluation=evaluation, data=ANSWERS)
    Feedback.objects.create(dialogue=world["dialogue"], text="Tack!", published_at=timezone.now())
    evaluation = Evaluation.objects.select_related("dialogue__feedback").get(pk=evaluation.pk)
    assert services.window_state(evaluation) == "open"
    services.response_submit(evaluation=evaluation, data=ANSWERS)


def test_evaluation_of_a_draft_dialogue_is_closed(world):
    world["dialogue"].state = "draft"
    world["dialogue"].save()
    evaluation = Evaluation.objects.create(dialogue=world["dialogue"], activity=world["activity"])
    assert services.window_state(evaluation) == "closed"
