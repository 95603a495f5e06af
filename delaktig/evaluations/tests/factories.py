import factory

from delaktig.evaluations.models import Evaluation, Response
from delaktig.meetings.tests.factories import MeetingActivityFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An open evaluation of an activity of an open dialogue (written directly)."""

    class Meta:
        model = Evaluation

    activity = factory.SubFactory(MeetingActivityFactory)
    dialogue = factory.SelfAttribute("activity.dialogue")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    evaluation = factory.SubFactory(EvaluationFactory)
    purpose_clear = 4
    listened_to = 3
    knows_next = 2
    take_part_again = Response.Again.YES
    comment = ""
    channel = Response.Channel.PHONE
