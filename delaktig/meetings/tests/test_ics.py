import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.meetings.tests.factories import MeetingFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
HOST = urlsplit(settings.DELAKTIG_BASE_URL).hostname


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.django_db
def test_one_meeting_round_trip(client, municipality):
    starts = datetime.datetime(2031, 3, 30, 18, 0, tzinfo=STOCKHOLM)  # just after the DST change
    meeting = MeetingFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue="Folkets hus",
        address="Torget 2",
        online_url="https://mote.example/rum",
        activity__description="Vi pratar om parken.",
    )
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    (event,) = calendar.events
    assert str(event["UID"]) == f"meeting-{meeting.pk}@{HOST}"
    assert str(event["SUMMARY"]) == meeting.activity.title
    start, end = event.DTSTART, event.DTEND
    assert (start, end) == (starts, starts + datetime.timedelta(hours=2))
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert start.utcoffset() == datetime.timedelta(hours=2)  # summer time
    assert str(event["LOCATION"]) == "Folkets hus, Torget 2"
    description = str(event["DESCRIPTION"])
    assert "Vi pratar om parken." in description
    assert meeting.activity.dialogue.title in description
    assert "https://mote.example/rum" in description
    assert str(event["URL"]).endswith(reverse("meetings:detail", args=[meeting.pk]))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


@pytest.mark.django_db
def test_uid_is_stable(client, municipality):
    meeting = MeetingFactory()
    url = reverse("meetings:ics", args=[meeting.pk])
    first = parse(client.get(url)).events[0]["UID"]
    meeting.venue = "Ny plats"
    meeting.save()
    assert parse(client.get(url)).events[0]["UID"] == first


@pytest.mark.django_db
def test_feed_has_all_upcoming_public_meetings(client, municipality):
    now = timezone.now()
    shown = [MeetingFactory(), MeetingFactory()]
    MeetingFactory(activity__dialogue__state=State.DRAFT)
    MeetingFactory(
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )
    calendar = parse(client.get(reverse("meetings:feed")))
    uids = sorted(str(event["UID"]) for event in calendar.events)
    assert uids == sorted(f"meeting-{m.pk}@{HOST}" for m in shown)


@pytest.mark.django_db
def test_empty_feed_is_a_valid_calendar(client, municipality):
    calendar = parse(client.get(reverse("meetings:feed")))
    assert calendar.events == []
