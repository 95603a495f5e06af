"""The meeting evaluation: phone form, paper sheet with QR code, paper entry, results."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from delaktig.core.models import Submission
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings import evaluation
from delaktig.meetings.models import EvaluationResponse
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories as f

START = datetime.datetime(2027, 3, 10, 18, 0, tzinfo=datetime.UTC)
DURING = START + datetime.timedelta(hours=1)


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state="open"
    )
    meeting = MeetingFactory(
        activity__dialogue=dialogue,
        activity__title="Cafékväll i Hamnmagasinet",
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=2),
    )
    return {
        "dialogue": dialogue,
        "meeting": meeting,
        "official": f.official(unit),
        "representative": f.representative(committee),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "other_official": f.official(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False):
        yield


def answer(**data):
    base = {"submission_key": str(uuid.uuid4())}
    base.update(data)
    return base


def form_url(meeting):
    return reverse("meeting_evaluation:form", args=[meeting.pk])


# --- The window ------------------------------------------------------------------------


def test_the_form_is_open_from_the_start_until_thirty_days_after_the_end(world):
    meeting = world["meeting"]
    assert evaluation.window_state(meeting, START - datetime.timedelta(minutes=1)) == "not_yet"
    assert evaluation.window_state(meeting, START) == "open"
    last = meeting.ends_at + datetime.timedelta(days=30)
    assert evaluation.window_state(meeting, last) == "open"
    assert evaluation.window_state(meeting, last + datetime.timedelta(seconds=1)) == "closed"


# --- The phone form ------------------------------------------------------------------------


def test_a_participant_answers_anonymously_on_the_phone(client, world, during):
    client.force_login(world["resident"])  # even when logged in, nothing ties it to them
    response = client.post(
        form_url(world["meeting"]),
        answer(
            purpose_clear="5",
            listened_to="4",
            knows_next="2",
            take_part_again="yes",
            comment="Bra fika!",
        ),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response.url == reverse("meeting_evaluation:thanks", args=[world["meeting"].pk])
    row = EvaluationResponse.objects.get()
    assert (row.purpose_clear, row.listened_to, row.knows_next) == (5, 4, 2)
    assert (row.take_part_again, row.comment, row.channel) == ("yes", "Bra fika!", "phone")
    # No user on the answer or on the one-time key, and no address anywhere.
    assert not any(f.name in ("user", "author", "ip") for f in EvaluationResponse._meta.fields)
    assert Submission.objects.get().user is None
    from auditlog.models import LogEntry

    assert not LogEntry.objects.filter(remote_addr="203.0.113.7").exists()


def test_the_form_needs_no_login_and_has_labelled_scales(english, world, during):
    response = english.get(form_url(world["meeting"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend" in html and "Was the purpose of the meeting clear?" in html
    assert html.count('type="radio" name="purpose_clear"') == 5
    assert "1 – Not at all" in html and "5 – Fully" in html
    assert 'name="submission_key"' in html


def test_sending_twice_stores_one_answer(client, world, during):
    data = answer(purpose_clear="4")
    first = client.post(form_url(world["meeting"]), data)
    second = client.post(form_url(world["meeting"]), data)
    assert first.status_code == second.status_code == 302
    assert EvaluationResponse.objects.count() == 1


def test_an_empty_answer_is_refused_with_a_message(english, world, during):
    response = english.post(form_url(world["meeting"]), answer())
    assert response.status_code == 200
    assert "Answer at least one question" in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_an_invalid_rating_keeps_the_rest(english, world, during):
    response = english.post(form_url(world["meeting"]), answer(purpose_clear="9", comment="Kvar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_purpose_clear_error"' in html
    assert "Kvar</textarea>" in html
    assert not EvaluationResponse.objects.exists()


def test_before_the_meeting_the_form_says_when_it_opens(english, world):
    with time_machine.travel(START - datetime.timedelta(days=2), tick=False):
        response = english.get(form_url(world["meeting"]))
        assert "You can answer from when the meeting starts" in response.content.decode()
        english.post(form_url(world["meeting"]), answer(purpose_clear="5"))
    assert not EvaluationResponse.objects.exists()


def test_after_thirty_days_the_form_is_closed(english, world):
    with time_machine.travel(START + datetime.timedelta(days=31), tick=False):
        response = english.get(form_url(world["meeting"]))
        assert "closed on" in response.content.decode()
        assert 'name="purpose_clear"' not in response.content.decode()
        english.post(form_url(world["meeting"]), answer(purpose_clear="5"))
    assert not EvaluationResponse.objects.exists()


def test_the_service_refuses_outside_the_window(world):
    with pytest.raises(ValidationError):
        evaluation.evaluation_submit(
            meeting=world["meeting"],
            data={"purpose_clear": 3},
            now=START + datetime.timedelta(days=40),
        )


def test_a_meeting_of_a_dialogue_that_is_not_public_does_not_exist_for_residents(client, world):
    meeting = MeetingFactory(activity__dialogue__state="draft", starts_at=START, ends_at=START)
    with time_machine.travel(DURING, tick=False):
        assert client.get(form_url(meeting)).status_code == 404


def test_the_thank_you_page(english, world):
    response = english.get(reverse("meeting_evaluation:thanks", args=[world["meeting"].pk]))
    assert response.status_code == 200
    assert "Thank you for your answers" in response.content.decode()


# --- Staff pages ------------------------------------------------------------------------


STAFF_NAMES = ["paper", "paper_pdf", "enter", "results"]


def staff_url(name, meeting):
    return reverse(f"meeting_evaluation:{name}", args=[meeting.pk])


@pytest.mark.parametrize("name", STAFF_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_pages_send_anonymous_visitors_to_login(client, world, name, method):
    response = getattr(client, method)(staff_url(name, world["meeting"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", STAFF_NAMES)
@pytest.mark.parametrize("who", ["resident", "other_official", "representative"])
def test_staff_pages_refuse_others(client, world, name, who):
    client.force_login(world[who])
    assert client.get(staff_url(name, world["meeting"])).status_code == 403
    # A POST is refused too, by permission or (read-only pages) as not allowed.
    assert client.post(staff_url(name, world["meeting"])).status_code in (403, 405)


def test_the_paper_sheet_has_the_questions_and_a_qr_code_to_the_phone_form(english, world):
    english.force_login(world["official"])
    response = english.get(staff_url("paper", world["meeting"]))
    assert response.status_code == 200
    html = response.content.decode()
    absolute = settings.DELAKTIG_BASE_URL.rstrip("/") + form_url(world["meeting"])
    assert absolute in html
    svg = re.search(r"<svg\b[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title>" in svg and absolute in svg
    assert "Was the purpose of the meeting clear?" in html
    assert html.count('class="eval-sheet__box"') == 3 * 5 + 3


def test_the_qr_code_encodes_the_absolute_address(world, settings):
    settings.DELAKTIG_BASE_URL = "https://delaktig.exempelkommun.se/"
    assert evaluation.form_url(world["meeting"]) == (
        f"https://delaktig.exempelkommun.se/moten/utvardering/{world['meeting'].pk}/"
    )
    svg = evaluation.qr_svg("https://example.org/x", title='QR "x" <y>')
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert 'width="' not in svg.split(">", 1)[0]  # sized by CSS
    assert "&quot;x&quot; &lt;y&gt;" in svg


def test_the_paper_sheet_as_pdf(client, world):
    client.force_login(world["official"])
    response = client.get(staff_url("paper_pdf", world["meeting"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_type_in_paper_answers_one_after_another(english, world, during):
    english.force_login(world["official"])
    url = staff_url("enter", world["meeting"])
    for rating in ("3", "4"):
        response = english.post(url, answer(purpose_clear=rating, take_part_again="unsure"))
        assert response.status_code == 302 and response.url == url
    assert sorted(
        EvaluationResponse.objects.values_list("purpose_clear", "channel", "take_part_again")
    ) == [(3, "paper", "unsure"), (4, "paper", "unsure")]
    assert "2 paper answers typed in so far" in english.get(url).content.decode()


def test_paper_answers_can_be_typed_in_after_the_phone_form_has_closed(world):
    row = evaluation.evaluation_enter_paper(
        actor=world["official"],
        meeting=world["meeting"],
        data={"listened_to": 5},
        now=START + datetime.timedelta(days=60),
    )
    assert row.channel == "paper"


def test_paper_entry_needs_permission(world):
    with pytest.raises(PermissionDenied):
        evaluation.evaluation_enter_paper(
            actor=world["other_official"], meeting=world["meeting"], data={"listened_to": 5}
        )


def test_results_combine_paper_and_phone(english, world, during):
    meeting = world["meeting"]
    now = timezone.now()
    for data in (
        {"purpose_clear": 5, "listened_to": 4, "take_part_again": "yes", "comment": "Bra!"},
        {"purpose_clear": 4, "take_part_again": "no"},
    ):
        evaluation.evaluation_submit(meeting=meeting, data=data, now=now)
    evaluation.evaluation_enter_paper(
        actor=world["official"],
        meeting=meeting,
        data={"purpose_clear": 3, "knows_next": 1, "take_part_again": "yes"},
    )
    results = evaluation.evaluation_results(meeting)
    assert results.count == 3
    assert results.by_channel == {"paper": 1, "phone": 2}
    purpose = results.questions[0]
    assert (purpose.answered, purpose.mean) == (3, 4.0)
    assert [n for _v, _l, n, _p in purpose.distribution] == [0, 0, 1, 1, 1]
    listened = results.questions[1]
    assert (listened.answered, listened.mean) == (1, 4.0)
    assert [(v, n, p) for v, _l, n, p in results.again] == [
        ("yes", 2, 67),
        ("no", 1, 33),
        ("unsure", 0, 0),
    ]
    assert [text for _d, _c, text in results.comments] == ["Bra!"]

    english.force_login(world["official"])
    html = english.get(staff_url("results", meeting)).content.decode()
    assert "3 answers, on paper and by phone together" in html
    assert "Average 4.0 of 5, from 3 answers." in html or "Average 4,0 of 5" in html
    assert "Bra!" in html


def test_results_of_a_meeting_without_answers(english, world):
    english.force_login(world["administrator"])
    response = english.get(staff_url("results", world["meeting"]))
    assert response.status_code == 200
    assert "No answers yet" in response.content.decode()


def test_one_connection_cannot_flood_the_answers(client, world, during):
    from django.core.cache import cache

    from delaktig.meetings.views_evaluation import ANSWERS_PER_HOUR

    cache.clear()
    for _ in range(ANSWERS_PER_HOUR):
        assert client.post(form_url(world["meeting"]), answer(purpose_clear="4")).status_code == 302
    refused = client.post(form_url(world["meeting"]), answer(purpose_clear="4"))
    assert refused.status_code == 200
    assert 'class="error-summary"' in refused.content.decode()
    assert EvaluationResponse.objects.count() == ANSWERS_PER_HOUR
    cache.clear()
