"""Every public form, fed with arbitrary input: never a server error, never stored
garbage (issue #7, point 8; ASVS V5.1).

Invariant for each form: the answer is a page (2xx/3xx/4xx, never 5xx); when the
form is shown again (invalid input) nothing new is in the database; a redirect
never leaves the site. Kept small (a few dozen examples each) so the suite stays fast.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.dialogues.models import Follow
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import EvaluationResponse, Need, Registration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a hostile or clumsy client might send: any Unicode (NUL and surrogate-free
# control characters included), very long strings, markup, SQL-ish fragments.
nasty_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "😀" * 50,
            "x" * 6000,
            "\u202e\u200b",
            "../../etc/passwd",
            "//evil.example/",
            "https://evil.example/",
            "javascript:alert(1)",
        ]
    ),
)
maybe = st.one_of(st.none(), nasty_text)
submission_keys = st.one_of(st.uuids().map(str), nasty_text)


def _form(**fields):
    """A strategy for a POST body: each field present with a value, or missing."""
    return st.fixed_dictionaries({}, optional=fields)


def _safe(client_response, *, stored_before: int, stored_after: int):
    status = client_response.status_code
    assert status < 500
    if status == 200:
        assert stored_after == stored_before, "invalid input was stored"
    if status in (301, 302, 303):
        target = urlsplit(client_response.url)
        assert not target.netloc or target.netloc == "testserver", client_response.url
        assert target.scheme in ("", "http", "https")


@pytest.fixture
def meeting(municipality):
    return MeetingFactory(activity__dialogue__municipality=municipality)


@pytest.mark.django_db
@FUZZ
@given(
    data=_form(
        submission_key=submission_keys,
        name=nasty_text,
        email=st.one_of(nasty_text, st.emails()),
        phone=nasty_text,
        needs=st.lists(st.one_of(st.sampled_from(Need.values), nasty_text), max_size=4),
        interpreter_language=nasty_text,
        dietary_details=nasty_text,
        other_needs=nasty_text,
        consent=st.sampled_from(["on", "", "off", "1"]),
    )
)
def test_meeting_registration(meeting, data):
    client = Client()
    before = Registration.objects.count()
    response = client.post(reverse("meetings:register", args=[meeting.pk]), data)
    _safe(response, stored_before=before, stored_after=Registration.objects.count())
    if response.status_code == 302:
        assert Registration.objects.count() <= before + 1


@pytest.mark.django_db
@FUZZ
@given(
    token=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_", min_size=1, max_size=64)
)
def test_cancel_links(meeting, token):
    response = Client().post(reverse("meetings:cancel", args=[token]))
    assert response.status_code in {404, 302, 200}


@pytest.mark.django_db
@FUZZ
@given(
    data=_form(
        submission_key=submission_keys,
        purpose_clear=st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), nasty_text),
        listened_to=nasty_text,
        knows_next=st.one_of(st.sampled_from(["1", "5"]), nasty_text),
        take_part_again=nasty_text,
        comment=nasty_text,
    )
)
def test_meeting_evaluation(municipality, data):
    now = timezone.now()
    meeting = MeetingFactory(
        activity__dialogue__municipality=municipality,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    before = EvaluationResponse.objects.count()
    response = Client().post(reverse("meeting_evaluation:form", args=[meeting.pk]), data)
    _safe(response, stored_before=before, stored_after=EvaluationResponse.objects.count())


@pytest.mark.django_db
@FUZZ
@given(data=_form(next=nasty_text, user=nasty_text))
def test_follow_and_unfollow(municipality, data):
    resident = f.UserFactory()
    dialogue = DialogueFactory(municipality=municipality, state="open")
    client = Client()
    client.force_login(resident)
    for name in ("dialogues:follow", "dialogues:unfollow"):
        before = Follow.objects.count()
        response = client.post(reverse(name, args=[dialogue.slug]), data)
        _safe(response, stored_before=before, stored_after=Follow.objects.count())
    assert not Follow.objects.filter(dialogue=dialogue).exclude(user=resident).exists()


@pytest.mark.django_db
@FUZZ
@given(
    data=_form(
        email=st.one_of(nasty_text, st.emails()),
        password1=nasty_text,
        password2=nasty_text,
    )
)
def test_signup(municipality, data):
    users = get_user_model().objects
    before = users.count()
    response = Client().post(reverse("account_signup"), data)
    _safe(response, stored_before=before, stored_after=users.count())
    if response.status_code == 200:
        assert mail.outbox == [] or users.count() == before


@pytest.mark.django_db
@FUZZ
@given(
    data=_form(login=st.one_of(nasty_text, st.emails()), password=nasty_text, remember=nasty_text)
)
def test_login(municipality, data):
    response = Client().post(reverse("account_login"), data)
    assert response.status_code < 500
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.django_db
@FUZZ
@given(data=_form(language=st.one_of(st.sampled_from(["sv", "en"]), nasty_text), next=nasty_text))
def test_language_switch(municipality, data):
    response = Client().post(reverse("set_language"), data)
    _safe(response, stored_before=0, stored_after=0)


@pytest.mark.django_db
@FUZZ
@given(
    data=_form(
        submission_key=submission_keys,
        name=nasty_text,
        email=st.one_of(nasty_text, st.emails()),
        page=nasty_text,
        message=nasty_text,
    )
)
def test_accessibility_feedback(municipality, data):
    mail.outbox = []
    response = Client().post(reverse("core:accessibility_feedback"), data)
    _safe(response, stored_before=0, stored_after=0)
    if response.status_code == 200:
        assert mail.outbox == []
