import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from delaktig.meetings.models import Meeting, Need, Registration
from delaktig.meetings.tests.factories import (
    AttendanceCountFactory,
    MeetingActivityFactory,
    MeetingFactory,
    RegistrationFactory,
)
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.tests import factories as f

Status = Registration.Status
LIST = reverse("meeting_staff:list")


def one_h1(html):
    return len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.fixture
def english(client):
    client.cookies["delaktig_language"] = "en"
    return client


def edit_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:30",
        "venue": "Folkets hus, stora salen",
        "address": "Torget 2",
        "step_free_access": "on",
        "hearing_loop": "on",
        "public_transport": "Buss 3, hållplats Torget",
        "online_url": "",
        "capacity": "40",
        "languages": "svenska, arabiska",
        "registration_required": "on",
        "retention_days": "30",
    }
    data.update(overrides)
    return data


# --- permissions -------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_pages_refuse_anonymous_residents_and_other_units(client, municipality):
    meeting = MeetingFactory()
    activity = meeting.activity
    urls = [
        reverse("meeting_staff:detail", args=[meeting.pk]),
        reverse("meeting_staff:edit", args=[activity.pk]),
    ]
    for url in [*urls, LIST]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login"))
    client.force_login(f.UserFactory())
    for url in [*urls, LIST]:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code in (403, 405), url
    client.force_login(f.official())
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code in (403, 405), url
    # Another unit's official reaches the list, which shows only their own units' meetings.
    response = client.get(LIST)
    assert response.status_code == 200
    assert activity.title not in response.content.decode()


@pytest.mark.django_db
def test_own_official_and_administrator_get_in(client, municipality):
    meeting = MeetingFactory()
    for user in (f.official(meeting.activity.dialogue.unit), f.administrator()):
        client.force_login(user)
        for url in (
            reverse("meeting_staff:detail", args=[meeting.pk]),
            reverse("meeting_staff:edit", args=[meeting.activity.pk]),
            LIST,
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert one_h1(response.content.decode())


# --- editing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_time_and_place_to_an_activity(client, municipality):
    activity = MeetingActivityFactory(place="Folkets hus")
    client.force_login(f.official(activity.dialogue.unit))
    url = reverse("meeting_staff:edit", args=[activity.pk])
    page = client.get(url).content.decode()
    assert 'value="Folkets hus"' in page  # starts from the plan's place
    response = client.post(url, edit_data())
    meeting = Meeting.objects.get(activity=activity)
    assert response.status_code == 302
    assert response.url == reverse("meeting_staff:detail", args=[meeting.pk])
    local = timezone.localtime(meeting.starts_at)
    assert (local.hour, local.minute) == (18, 0)
    assert timezone.localtime(meeting.ends_at).minute == 30
    assert meeting.hearing_loop and not meeting.accessible_toilet
    assert meeting.capacity == 40
    # Editing again shows the stored values.
    page = client.get(url).content.decode()
    assert 'value="18:00"' in page and 'value="20:30"' in page


@pytest.mark.django_db
def test_edit_errors_are_shown_and_input_kept(english, municipality):
    activity = MeetingActivityFactory()
    english.force_login(f.official(activity.dialogue.unit))
    response = english.post(
        reverse("meeting_staff:edit", args=[activity.pk]),
        edit_data(end_time="17:00", venue="", retention_days="9999"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    for field in ("end_time", "venue", "retention_days"):
        assert f'id="id_{field}_error"' in html
    assert 'value="Torget 2"' in html


@pytest.mark.django_db
def test_edit_of_an_activity_that_is_not_a_meeting_is_404(client, municipality):
    activity = MeetingActivityFactory(method=MethodFactory(slug="enkat"))
    client.force_login(f.administrator())
    assert client.get(reverse("meeting_staff:edit", args=[activity.pk])).status_code == 404


# --- the registrations and needs ---------------------------------------------------------


@pytest.mark.django_db
def test_detail_lists_registrations_and_the_needs_summary(english, municipality):
    meeting = MeetingFactory(capacity=4)
    RegistrationFactory(
        meeting=meeting,
        name="Amina",
        needs=[Need.INTERPRETER, Need.HEARING_LOOP],
        interpreter_language="arabiska",
    )
    RegistrationFactory(
        meeting=meeting,
        name="Farah",
        needs=[Need.INTERPRETER, Need.WHEELCHAIR, Need.DIETARY],
        interpreter_language="Somaliska",
        dietary_details="vegetarisk",
    )
    RegistrationFactory(meeting=meeting, name="Olle", needs=[Need.SIGN_LANGUAGE, "hearing_loop"])
    RegistrationFactory(meeting=meeting, name="Väntar", status=Status.WAITING)
    RegistrationFactory(meeting=meeting, name="Avbokad", status=Status.CANCELLED)
    english.force_login(f.official(meeting.activity.dialogue.unit))
    html = english.get(reverse("meeting_staff:detail", args=[meeting.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "Interpreter: 2 (arabiska ×1, Somaliska ×1)" in text
    assert "Sign language interpreter: 1" in text
    assert "Hearing loop: 2" in text
    assert "Wheelchair access: 1" in text
    assert "Special diet: 1 (vegetarisk ×1)" in text
    assert "Amina" in html and "Farah" in html and "Väntar" in html
    assert "Avbokad" not in html


@pytest.mark.django_db
def test_detail_links_documentation_and_evaluation(client, municipality):
    meeting = MeetingFactory()
    client.force_login(f.administrator())
    html = client.get(reverse("meeting_staff:detail", args=[meeting.pk])).content.decode()
    for name in ("meeting_docs:attendance", "meeting_docs:notes", "meeting_evaluation:results"):
        try:
            url = reverse(name, args=[meeting.pk])
        except NoReverseMatch:  # the documentation pages are built separately
            continue
        assert url in html, name


@pytest.mark.django_db
def test_detail_after_purge_keeps_only_counts(english, municipality):
    meeting = MeetingFactory(registrations_purged_at=timezone.now())
    RegistrationFactory(
        meeting=meeting, name="", email="", needs=[Need.WHEELCHAIR], purged_at=timezone.now()
    )
    english.force_login(f.administrator())
    html = english.get(reverse("meeting_staff:detail", args=[meeting.pk])).content.decode()
    assert "personal data of the registrations was deleted on" in html
    assert "registration-table" not in html
    assert "Wheelchair access" in html


# --- the list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_upcoming_past_and_activities_without_details(client, municipality):
    unit = f.UnitFactory(municipality=municipality)
    now = timezone.now()
    upcoming = MeetingFactory(activity__dialogue__unit=unit, activity__title="Kommande möte")
    past = MeetingFactory(
        activity__dialogue=upcoming.activity.dialogue,
        activity__title="Hållet möte",
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    AttendanceCountFactory(meeting=past, count=17)
    MeetingActivityFactory(dialogue=upcoming.activity.dialogue, title="Utan tid")
    client.force_login(f.official(unit))
    html = client.get(LIST).content.decode()
    assert html.index("Utan tid") < html.index("Kommande möte") < html.index("Hållet möte")
    assert reverse("meeting_staff:detail", args=[upcoming.pk]) in html
    assert ">17<" in html


@pytest.mark.django_db
def test_list_queries_are_constant(client, municipality):
    unit = f.UnitFactory(municipality=municipality)
    client.force_login(f.official(unit))
    now = timezone.now()

    def make():
        meeting = MeetingFactory(activity__dialogue__unit=unit)
        RegistrationFactory(meeting=meeting)
        past = MeetingFactory(
            activity__dialogue__unit=unit,
            starts_at=now - datetime.timedelta(days=3),
            ends_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
        )
        AttendanceCountFactory(meeting=past)
        MeetingActivityFactory(dialogue__unit=unit)

    make()
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(4):
        make()
    with CaptureQueriesContext(connection) as five:
        assert client.get(LIST).status_code == 200
    assert len(five) == len(one)


@pytest.mark.django_db
def test_detail_queries_are_constant(client, municipality):
    meeting = MeetingFactory(capacity=None)
    client.force_login(f.administrator())
    url = reverse("meeting_staff:detail", args=[meeting.pk])
    RegistrationFactory(meeting=meeting, needs=[Need.WHEELCHAIR])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        RegistrationFactory(meeting=meeting, needs=[Need.INTERPRETER], interpreter_language="farsi")
    with CaptureQueriesContext(connection) as seven:
        client.get(url)
    assert len(seven) == len(one)
