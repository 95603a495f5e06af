import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.meetings import services
from delaktig.meetings.models import Meeting, Need, Registration
from delaktig.meetings.tests.factories import (
    MeetingActivityFactory,
    MeetingFactory,
    RegistrationFactory,
)
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.tests import factories as f

Status = Registration.Status
ANON = AnonymousUser()


def person(n=1, **extra):
    return {"name": f"Person {n}", "email": f"person{n}@exempel.example", **extra}


def register(meeting, n=1, **extra):
    return services.registration_create(actor=ANON, meeting=meeting, data=person(n, **extra))


# --- meeting details ----------------------------------------------------------


def meeting_data(**overrides):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    data = {
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "venue": "Folkets hus",
        "address": "Torget 2",
        "step_free_access": True,
        "hearing_loop": False,
        "accessible_toilet": True,
        "public_transport": "Buss 3",
        "online_url": "",
        "capacity": 20,
        "languages": "svenska, arabiska",
        "registration_required": True,
        "retention_days": 30,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_meeting_save_creates_and_updates(municipality):
    activity = MeetingActivityFactory()
    actor = f.official(activity.dialogue.unit)
    meeting = services.meeting_save(actor=actor, activity=activity, data=meeting_data())
    assert meeting.pk and meeting.venue == "Folkets hus"
    again = services.meeting_save(
        actor=actor, activity=activity, data=meeting_data(venue="Biblioteket")
    )
    assert again.pk == meeting.pk
    assert Meeting.objects.get().venue == "Biblioteket"


@pytest.mark.django_db
def test_meeting_save_refuses_others_and_non_meeting_activities(municipality):
    activity = MeetingActivityFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_save(actor=f.official(), activity=activity, data=meeting_data())
    with pytest.raises(PermissionDenied):
        services.meeting_save(actor=f.UserFactory(), activity=activity, data=meeting_data())
    survey = MeetingActivityFactory(method=MethodFactory(slug="enkat"))
    with pytest.raises(ValidationError):
        services.meeting_save(actor=f.administrator(), activity=survey, data=meeting_data())


@pytest.mark.django_db
def test_meeting_save_refuses_end_before_start(municipality):
    activity = MeetingActivityFactory()
    data = meeting_data()
    data["ends_at"] = data["starts_at"] - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.meeting_save(actor=f.administrator(), activity=activity, data=data)
    assert "ends_at" in error.value.error_dict


@pytest.mark.django_db
def test_more_places_move_people_up_and_new_time_is_emailed(
    municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=1)
    register(meeting, 1)
    register(meeting, 2)
    assert Registration.objects.get(email="person2@exempel.example").status == Status.WAITING
    mailoutbox.clear()
    actor = f.official(meeting.activity.dialogue.unit)
    data = meeting_data(capacity=2, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(actor=actor, activity=meeting.activity, data=data)
    assert Registration.objects.get(email="person2@exempel.example").status == Status.CONFIRMED
    # The promoted person hears they have a place; person 1 that the place changed.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person1@exempel.example",
        "person2@exempel.example",
    ]


@pytest.mark.django_db
def test_new_time_resets_the_reminder(municipality):
    meeting = MeetingFactory(reminder_sent_at=timezone.now())
    later = meeting.starts_at + datetime.timedelta(days=1)
    services.meeting_save(
        actor=f.administrator(),
        activity=meeting.activity,
        data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)},
    )
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


# --- registration ---------------------------------------------------------------


@pytest.mark.django_db
def test_register_with_needs(municipality):
    meeting = MeetingFactory()
    registration, created = register(
        meeting,
        needs=[Need.INTERPRETER, Need.HEARING_LOOP, "nonsense"],
        interpreter_language="arabiska",
        dietary_details="ignored without the dietary need",
    )
    assert created
    assert registration.status == Status.CONFIRMED
    assert registration.needs == [Need.INTERPRETER, Need.HEARING_LOOP]
    assert registration.interpreter_language == "arabiska"
    assert registration.dietary_details == ""
    assert registration.user is None


@pytest.mark.django_db
def test_logged_in_registration_keeps_the_user(municipality):
    meeting = MeetingFactory()
    user = f.UserFactory()
    registration, _ = services.registration_create(
        actor=user, meeting=meeting, data={"name": user.name, "email": user.email}
    )
    assert registration.user == user


@pytest.mark.django_db
def test_interpreter_needs_a_language_and_diet_a_description(municipality):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        register(meeting, needs=[Need.INTERPRETER, Need.DIETARY])
    assert set(error.value.error_dict) == {"interpreter_language", "dietary_details"}
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=ANON, meeting=meeting, data={"name": "", "email": ""})
    assert set(error.value.error_dict) == {"name", "email"}


@pytest.mark.django_db
def test_same_email_twice_stores_one(municipality):
    meeting = MeetingFactory()
    first, created = register(meeting, 1)
    second, created_again = services.registration_create(
        actor=ANON,
        meeting=meeting,
        data={"name": "Someone", "email": "  PERSON1@exempel.example "},
    )
    assert created and not created_again
    assert second.pk == first.pk
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_register_again_after_cancelling(municipality):
    meeting = MeetingFactory()
    first, _ = register(meeting, 1)
    services.registration_cancel(actor=ANON, registration=first, token=first.token)
    second, created = register(meeting, 1)
    assert created and second.pk != first.pk
    assert Registration.objects.filter(status=Status.CANCELLED).count() == 1


@pytest.mark.django_db
def test_capacity_fills_then_waiting_list(municipality):
    meeting = MeetingFactory(capacity=2)
    statuses = [register(meeting, n)[0].status for n in range(1, 5)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.WAITING]


@pytest.mark.django_db
def test_no_capacity_means_no_limit(municipality):
    meeting = MeetingFactory(capacity=None)
    assert {register(meeting, n)[0].status for n in range(1, 6)} == {Status.CONFIRMED}


@pytest.mark.django_db
def test_registration_closes_when_the_meeting_starts(municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(minutes=1), ends_at=now + datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        register(meeting)


@pytest.mark.django_db
def test_registration_closed_for_a_dialogue_that_is_not_public(municipality):
    meeting = MeetingFactory(activity__dialogue__state=State.APPROVED)
    with pytest.raises(ValidationError):
        register(meeting)


# --- cancelling and the waiting list ----------------------------------------------


@pytest.mark.django_db
def test_cancel_promotes_the_first_on_the_waiting_list_and_emails_them(
    municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=1)
    first, _ = register(meeting, 1)
    second, _ = register(meeting, 2)
    third, _ = register(meeting, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=ANON, registration=first, token=first.token)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "person1@exempel.example": Status.CANCELLED,
        "person2@exempel.example": Status.CONFIRMED,
        "person3@exempel.example": Status.WAITING,
    }
    assert [m.to for m in mailoutbox] == [["person2@exempel.example"]]
    assert "/moten/avboka/" + second.token in mailoutbox[0].body


@pytest.mark.django_db
def test_cancelling_from_the_waiting_list_promotes_no_one(municipality):
    meeting = MeetingFactory(capacity=1)
    register(meeting, 1)
    second, _ = register(meeting, 2)
    third, _ = register(meeting, 3)
    services.registration_cancel(actor=ANON, registration=second, token=second.token)
    third.refresh_from_db()
    assert third.status == Status.WAITING


@pytest.mark.django_db
def test_cancel_needs_the_token_or_staff(municipality):
    registration = RegistrationFactory()
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=ANON, registration=registration, token="wrong")
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=f.official(), registration=registration)
    staff = f.official(registration.meeting.activity.dialogue.unit)
    cancelled = services.registration_cancel(actor=staff, registration=registration)
    assert cancelled.status == Status.CANCELLED and cancelled.cancelled_at


@pytest.mark.django_db
def test_cancel_twice_is_harmless(municipality):
    registration = RegistrationFactory()
    services.registration_cancel(actor=ANON, registration=registration, token=registration.token)
    again = services.registration_cancel(
        actor=ANON, registration=registration, token=registration.token
    )
    assert again.status == Status.CANCELLED


@pytest.mark.django_db
def test_cannot_cancel_after_the_start(municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    registration = RegistrationFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        services.registration_cancel(
            actor=ANON, registration=registration, token=registration.token
        )


# --- e-mails -----------------------------------------------------------------------


@pytest.mark.django_db
def test_confirmation_email_after_commit(
    municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration, _ = register(
            meeting, needs=[Need.INTERPRETER], interpreter_language="somaliska"
        )
    assert mailoutbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["person1@exempel.example"]
    assert meeting.activity.title in mail.subject
    assert meeting.venue in mail.body
    assert "somaliska" in mail.body
    assert f"/moten/{meeting.pk}/mote.ics" in mail.body
    assert f"/moten/avboka/{registration.token}/" in mail.body


@pytest.mark.django_db
def test_confirmation_email_in_the_language_of_the_page(
    municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(actor=ANON, meeting=meeting, data=person(1), language="en")
        services.registration_create(actor=ANON, meeting=meeting, data=person(2), language="sv")
    english, swedish = mailoutbox
    # Words the project already translates ("When", "Accessibility").
    assert "\nWhen: " in english.body and "\nAccessibility:" in english.body
    assert "\nNär: " in swedish.body and "\nTillgänglighet:" in swedish.body


@pytest.mark.django_db
def test_waiting_list_email_says_so(municipality, mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(actor=ANON, meeting=meeting, data=person(), language="en")
    assert mailoutbox[0].subject.startswith("Waiting list")


# --- reminders ----------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_once_to_confirmed_of_meetings_in_24_to_48_hours(
    municipality, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    soon = MeetingFactory(
        starts_at=now + datetime.timedelta(hours=30), ends_at=now + datetime.timedelta(hours=32)
    )
    too_soon = MeetingFactory(
        starts_at=now + datetime.timedelta(hours=5), ends_at=now + datetime.timedelta(hours=6)
    )
    later = MeetingFactory(
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=1),
    )
    confirmed = RegistrationFactory(meeting=soon)
    RegistrationFactory(meeting=soon, status=Status.WAITING)
    RegistrationFactory(meeting=soon, status=Status.CANCELLED)
    RegistrationFactory(meeting=too_soon)
    RegistrationFactory(meeting=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send() == 1
    assert [m.to for m in mailoutbox] == [[confirmed.email]]
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send() == 0
    assert len(mailoutbox) == 1


# --- erasure --------------------------------------------------------------------------


@pytest.mark.django_db
def test_erase_a_persons_registrations(municipality):
    user = f.UserFactory()
    meeting = MeetingFactory(capacity=1)
    mine = RegistrationFactory(meeting=meeting, email=user.email, user=None)
    waiting = RegistrationFactory(meeting=meeting, status=Status.WAITING)
    with pytest.raises(PermissionDenied):
        services.registrations_erase_for_user(actor=f.UserFactory(), user=user)
    assert services.registrations_erase_for_user(actor=user, user=user) == 1
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.name, mine.email, mine.status) == ("", "", Status.CANCELLED)
    assert mine.purged_at is not None
    assert waiting.status == Status.CONFIRMED
