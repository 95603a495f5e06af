"""Test factories for meetings and registrations (also used by documentation/evaluation tests)."""

import datetime

import factory
from django.utils import timezone

from delaktig.dialogues.models import Activity, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import AttendanceCount, Meeting, Registration
from delaktig.methods.tests.factories import MethodFactory


def _meeting_method():
    # The catalogue entry exists after migrations; tests on a flushed database
    # (transactional_db) get it created here. get_or_create on the slug.
    return MethodFactory(slug="oppet-mote", name="Öppet möte", registry_key="meetings")


class MeetingActivityFactory(factory.django.DjangoModelFactory):
    """An activity of an open (public) dialogue whose method is a meeting."""

    class Meta:
        model = Activity

    dialogue = factory.SubFactory(DialogueFactory, state=State.OPEN)
    method = factory.LazyFunction(_meeting_method)
    title = factory.Sequence(lambda n: f"Öppet möte {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.SelfAttribute("starts_on")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting a week from now, 18–20, with 30 places. Pass ``activity__dialogue=…``
    to attach it to a given dialogue, or ``starts_at``/``ends_at`` for another time."""

    class Meta:
        model = Meeting

    activity = factory.SubFactory(MeetingActivityFactory)
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=7)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Stadsbiblioteket, hörsalen"
    address = "Storgatan 1"
    step_free_access = True
    hearing_loop = True
    accessible_toilet = True
    public_transport = "Buss 2 och 4, hållplats Torget"
    capacity = 30
    languages = "svenska"
    registration_required = True
    retention_days = 30


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Deltagare {n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@exempel.example")
    phone = ""
    needs = factory.LazyFunction(list)
    status = Registration.Status.CONFIRMED


class AttendanceCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceCount

    meeting = factory.SubFactory(MeetingFactory)
    gender = "woman"
    age_band = "26-44"
    count = 5
