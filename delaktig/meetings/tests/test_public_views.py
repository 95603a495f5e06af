import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.dialogues.models import State
from delaktig.meetings.models import Need, Registration
from delaktig.meetings.tests.factories import (
    MeetingActivityFactory,
    MeetingFactory,
    RegistrationFactory,
)
from delaktig.municipality.tests import factories as f

Status = Registration.Status
LIST = reverse("meetings:list")


def one_h1(html):
    return len(re.findall(r"<h1[\s>]", html)) == 1


def form_data(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "name": "Amina Hassan",
        "email": "amina@exempel.example",
        "phone": "",
        "needs": [Need.INTERPRETER, Need.HEARING_LOOP],
        "interpreter_language": "somaliska",
        "dietary_details": "",
        "other_needs": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def english(client):
    client.cookies["delaktig_language"] = "en"
    return client


# --- the calendar --------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_upcoming_public_meetings_by_month(client, municipality):
    now = timezone.localtime()
    soon = MeetingFactory(activity__title="Kafékväll om hamnen")
    later = MeetingFactory(
        activity__title="Fokusgrupp om parken",
        starts_at=now + datetime.timedelta(days=70),
        ends_at=now + datetime.timedelta(days=70, hours=2),
    )
    MeetingFactory(
        activity__title="Redan hållet",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    MeetingFactory(activity__title="Utkastets möte", activity__dialogue__state=State.DRAFT)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200 and one_h1(html)
    assert "Kafékväll om hamnen" in html and "Fokusgrupp om parken" in html
    assert "Redan hållet" not in html and "Utkastets möte" not in html
    assert html.index("Kafékväll om hamnen") < html.index("Fokusgrupp om parken")
    assert f'id="month-{timezone.localtime(soon.starts_at):%Y-%m}"' in html
    assert f'id="month-{timezone.localtime(later.starts_at):%Y-%m}"' in html
    assert reverse("meetings:feed") in html


@pytest.mark.django_db
def test_list_filters_by_district(client, municipality):
    north = f.DistrictFactory(municipality=municipality, slug="norr", name="Norr")
    south = f.DistrictFactory(municipality=municipality, slug="soder", name="Söder")
    MeetingFactory(activity__title="Möte i norr", activity__district=north)
    MeetingFactory(activity__title="Möte i söder", activity__district=south)
    html = client.get(LIST, {"omrade": "norr"}).content.decode()
    assert "Möte i norr" in html and "Möte i söder" not in html
    # A tampered filter does not break the page.
    assert client.get(LIST, {"omrade": "finns-inte"}).status_code == 200


@pytest.mark.django_db
def test_list_queries_are_constant(client, municipality):
    MeetingFactory()
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(5):
        meeting = MeetingFactory(activity__district=f.DistrictFactory(municipality=municipality))
        RegistrationFactory(meeting=meeting)
    with CaptureQueriesContext(connection) as six:
        assert client.get(LIST).status_code == 200
    assert len(six) == len(one)


# --- one meeting -------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_facts_places_and_the_dialogue(english, municipality):
    meeting = MeetingFactory(capacity=3, hearing_loop=False, online_url="https://mote.example/a")
    RegistrationFactory(meeting=meeting)
    response = english.get(reverse("meetings:detail", args=[meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and one_h1(html)
    assert "Step-free access" in html and "No hearing loop" in html
    assert "https://mote.example/a" in html
    assert "2 left" in html
    assert reverse("dialogues:public_detail", args=[meeting.activity.dialogue.slug]) in html
    assert reverse("meetings:register", args=[meeting.pk]) in html
    assert reverse("meetings:ics", args=[meeting.pk]) in html


@pytest.mark.django_db
def test_detail_of_a_hidden_dialogue_is_404(client, municipality):
    meeting = MeetingFactory(activity__dialogue__state=State.SUBMITTED)
    for name in ("meetings:detail", "meetings:ics", "meetings:register"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404


# --- registering ---------------------------------------------------------------------


@pytest.mark.django_db
def test_register_without_account_with_needs(
    client, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    url = reverse("meetings:register", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200 and one_h1(page.content.decode())
    assert 'name="submission_key"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:registered", args=[registration.token])
    assert registration.needs == [Need.INTERPRETER, Need.HEARING_LOOP]
    assert registration.interpreter_language == "somaliska"
    assert len(mailoutbox) == 1 and "somaliska" in mailoutbox[0].body
    done = client.get(response.url).content.decode()
    assert "somaliska" in done
    assert reverse("meetings:cancel", args=[registration.token]) in done


@pytest.mark.django_db
def test_logged_in_form_is_prefilled(client, municipality):
    user = f.UserFactory(name="Kim Berg")
    client.force_login(user)
    meeting = MeetingFactory()
    html = client.get(reverse("meetings:register", args=[meeting.pk])).content.decode()
    assert 'value="Kim Berg"' in html and f'value="{user.email}"' in html


@pytest.mark.django_db
def test_double_submit_stores_one(client, municipality, mailoutbox):
    meeting = MeetingFactory()
    url = reverse("meetings:register", args=[meeting.pk])
    data = form_data()
    first = client.post(url, data)
    second = client.post(url, data)
    assert Registration.objects.count() == 1
    assert first.url == second.url
    # A new form (new key) with the same address stores nothing new either.
    third = client.post(url, form_data())
    assert Registration.objects.count() == 1
    assert third.url == reverse("meetings:already_registered", args=[meeting.pk])
    assert client.get(third.url).status_code == 200


@pytest.mark.django_db
def test_invalid_registration_keeps_input_and_marks_fields(english, municipality):
    meeting = MeetingFactory()
    response = english.post(
        reverse("meetings:register", args=[meeting.pk]),
        form_data(interpreter_language="", consent="", name="Amina Hassan"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert 'value="Amina Hassan"' in html
    assert 'id="id_interpreter_language_error"' in html
    assert 'id="id_consent_error"' in html


@pytest.mark.django_db
def test_full_meeting_puts_people_on_the_waiting_list(english, municipality):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    detail = english.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Join the waiting list" in detail
    response = english.post(reverse("meetings:register", args=[meeting.pk]), form_data())
    assert Registration.objects.get(email="amina@exempel.example").status == Status.WAITING
    assert "waiting list" in english.get(response.url).content.decode()


@pytest.mark.django_db
def test_registration_closed_once_started(client, municipality):
    now = timezone.now()
    meeting = MeetingFactory(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1)
    )
    url = reverse("meetings:register", args=[meeting.pk])
    assert client.get(url).status_code == 200
    client.post(url, form_data())
    assert Registration.objects.count() == 0


# --- cancelling ------------------------------------------------------------------------


@pytest.mark.django_db
def test_cancel_link_shows_a_button_and_post_cancels(
    client, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=1)
    mine = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=Status.WAITING)
    url = reverse("meetings:cancel", args=[mine.token])
    page = client.get(url)
    assert page.status_code == 200 and one_h1(page.content.decode())
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED  # opening the link changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_unknown_or_purged_token_is_404(client, municipality):
    assert client.get(reverse("meetings:cancel", args=["nope"])).status_code == 404
    purged = RegistrationFactory(purged_at=timezone.now(), name="", email="")
    assert client.get(reverse("meetings:cancel", args=[purged.token])).status_code == 404
    assert client.get(reverse("meetings:registered", args=[purged.token])).status_code == 404


# --- the dialogue page picks meetings up via the registry -------------------------------


@pytest.mark.django_db
def test_dialogue_page_links_to_the_meeting(client, municipality):
    meeting = MeetingFactory()
    dialogue = meeting.activity.dialogue
    MeetingActivityFactory(dialogue=dialogue, title="Utan tid ännu")
    html = client.get(reverse("dialogues:public_detail", args=[dialogue.slug])).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", [None, 30])
def test_registering_takes_a_fixed_number_of_queries(
    client, municipality, capacity, django_assert_max_num_queries
):
    # The meeting with its counts, the submission key, then in one transaction the
    # locked meeting with the address's live registration and the confirmed count,
    # the registration (in a savepoint), the key; the e-mail task after commit.
    meeting = MeetingFactory(capacity=capacity)
    RegistrationFactory.create_batch(3, meeting=meeting)
    url = reverse("meetings:register", args=[meeting.pk])
    with django_assert_max_num_queries(10):
        response = client.post(url, form_data())
    assert response.status_code == 302
    assert Registration.objects.filter(meeting=meeting).count() == 4


@pytest.mark.django_db
def test_registering_again_with_the_same_address_on_a_full_meeting_stores_nothing(
    client, municipality
):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting, email="amina@exempel.example")
    response = client.post(reverse("meetings:register", args=[meeting.pk]), form_data())
    assert response.url == reverse("meetings:already_registered", args=[meeting.pk])
    assert Registration.objects.filter(meeting=meeting).count() == 1
