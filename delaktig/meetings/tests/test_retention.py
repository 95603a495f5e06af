import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from delaktig.meetings import services
from delaktig.meetings.models import Meeting, Need, Registration
from delaktig.meetings.tests.factories import MeetingFactory, RegistrationFactory
from delaktig.municipality.tests import factories as f

PERSONAL = ("name", "email", "phone", "interpreter_language", "dietary_details", "other_needs")


@pytest.fixture
def meeting(municipality):
    """A meeting that ended on 1 March 2030 at 20:00, with registrations kept 30 days."""
    with time_machine.travel(datetime.datetime(2030, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2030, 3, 1, 17, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2030, 3, 1, 19, tzinfo=datetime.UTC),
            retention_days=30,
        )
        user = f.UserFactory()
        RegistrationFactory(
            meeting=meeting,
            user=user,
            phone="070-123 45 67",
            needs=[Need.INTERPRETER, Need.DIETARY],
            interpreter_language="arabiska",
            dietary_details="halal",
            other_needs="Kommer med assistent",
        )
        RegistrationFactory(meeting=meeting, status=Registration.Status.WAITING)
        RegistrationFactory(meeting=meeting, status=Registration.Status.CANCELLED)
    return meeting


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=datetime.UTC), tick=False)


@pytest.mark.django_db
def test_personal_data_present_until_the_period_ends_and_gone_after(meeting):
    with at(2030, 3, 31, 18):  # 29 days and 23 hours after the end
        call_command("purge_meeting_registrations", stdout=io.StringIO())
    assert all(r.name and r.email for r in Registration.objects.all())
    meeting.refresh_from_db()
    assert meeting.registrations_purged_at is None

    out = io.StringIO()
    with at(2030, 3, 31, 19, 1):
        call_command("purge_meeting_registrations", stdout=out)
    assert "3 registrations in 1 meetings" in out.getvalue()
    for registration in Registration.objects.all():
        assert all(getattr(registration, name) == "" for name in PERSONAL)
        assert registration.user is None
        assert registration.purged_at is not None
    # Status and needs stay for the statistics.
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "waiting"]
    needs = [r.needs for r in Registration.objects.all()]
    assert [Need.INTERPRETER, Need.DIETARY] in needs
    meeting.refresh_from_db()
    assert meeting.registrations_purged_at == datetime.datetime(
        2030, 3, 31, 19, 1, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_purge_is_logged_and_runs_once(meeting, caplog):
    with at(2030, 4, 15):
        with caplog.at_level("INFO", logger="delaktig.meetings.services"):
            assert services.meeting_registrations_purge() == (1, 3)
        assert services.meeting_registrations_purge() == (0, 0)
    assert "Deleted the personal data of 3 registrations" in caplog.text
    entry = LogEntry.objects.get_for_object(meeting).latest("timestamp")
    assert "registrations_purged_at" in entry.changes_dict
    assert entry.changes_dict["registrations_purged"] == ["0", "3"]
    assert entry.actor is None
    # The second run wrote nothing.
    updates = LogEntry.objects.get_for_object(meeting).filter(action=LogEntry.Action.UPDATE)
    assert updates.count() == 1


@pytest.mark.django_db
def test_each_meeting_keeps_its_own_period(municipality):
    now = timezone.now()
    short = MeetingFactory(
        starts_at=now - datetime.timedelta(days=3, hours=2),
        ends_at=now - datetime.timedelta(days=3),
        retention_days=2,
    )
    long = MeetingFactory(
        starts_at=now - datetime.timedelta(days=3, hours=2),
        ends_at=now - datetime.timedelta(days=3),
        retention_days=60,
    )
    upcoming = MeetingFactory(retention_days=0)
    for m in (short, long, upcoming):
        RegistrationFactory(meeting=m)
    assert services.meeting_registrations_purge() == (1, 1)
    assert set(Meeting.objects.filter(registrations_purged_at__isnull=False)) == {short}
    assert Registration.objects.filter(email="").count() == 1


@pytest.mark.django_db
def test_purge_task_runs_the_same(meeting):
    from delaktig.meetings.tasks import purge_meeting_registrations

    with at(2030, 5, 1):
        result = purge_meeting_registrations.enqueue()
    assert result.return_value == 3


@pytest.mark.django_db
def test_a_new_meeting_starts_with_the_retention_from_the_settings(municipality, settings):
    from delaktig.meetings.forms import MeetingForm

    settings.DELAKTIG_MEETING_RETENTION_DAYS = 14
    assert MeetingForm().initial["retention_days"] == 14
    assert MeetingForm(initial={"retention_days": 7}).initial["retention_days"] == 7
    meeting = MeetingFactory(retention_days=45)
    assert MeetingForm(instance=meeting).initial["retention_days"] == 45


@pytest.mark.django_db
def test_meeting_save_uses_the_settings_default_unless_given(municipality, settings):
    from delaktig.meetings.tests.factories import MeetingActivityFactory

    settings.DELAKTIG_MEETING_RETENTION_DAYS = 14
    activity = MeetingActivityFactory()
    official = f.official(activity.dialogue.unit)
    starts = timezone.now() + datetime.timedelta(days=10)
    data = {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), "venue": "Hus"}
    meeting = services.meeting_save(actor=official, activity=activity, data=data)
    assert meeting.retention_days == 14
    data["retention_days"] = 3
    assert services.meeting_save(actor=official, activity=activity, data=data).retention_days == 3
