"""Personal invitations: adding, sending, reminding, and the staff page."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delaktig.municipality.tests.factories import UserFactory, official
from delaktig.surveys import invitations
from delaktig.surveys.invitations import (
    MAX_REMINDERS,
    REMINDER_INTERVAL_DAYS,
    invitation_counts,
    invitations_add,
    parse_addresses,
    token_hash,
)
from delaktig.surveys.models import Invitation, Survey
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/enkater/inbjudan/(\S+)/")


@pytest.fixture
def survey():
    return three_page_survey(access=Survey.Access.INVITATION)


@pytest.fixture
def runner(survey):
    return official(survey.activity.dialogue.unit)


def _links(mailoutbox):
    return [LINK.search(message.body).group(1) for message in mailoutbox]


def test_parse_addresses_validates_lowercases_and_skips_repeats():
    found = parse_addresses(
        "Anna Andersson <Anna@Exempel.example>\nbo@exempel.example, anna@exempel.example; "
        "fel.exempel.example  sara@"
    )
    assert found.valid == ["anna@exempel.example", "bo@exempel.example"]
    assert found.invalid == ["fel.exempel.example", "sara@"]
    assert found.repeated == 1


def test_adding_skips_addresses_already_invited(
    survey, runner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = invitations_add(
            actor=runner, survey=survey, text="a@exempel.example\nb@exempel.example"
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = invitations_add(
            actor=runner, survey=survey, text="b@exempel.example c@exempel.example"
        )
    assert (first.created, second.created, second.already_invited) == (2, 1, 1)
    assert Invitation.objects.filter(survey=survey).count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "a@exempel.example",
        "b@exempel.example",
        "c@exempel.example",
    ]


def test_an_invalid_address_adds_nothing(survey, runner):
    with pytest.raises(ValidationError) as raised:
        invitations_add(actor=runner, survey=survey, text="a@exempel.example\ninte-en-adress.se")
    assert "inte-en-adress.se" in str(raised.value)
    assert not Invitation.objects.exists()


def test_only_the_dialogues_officials_may_invite(survey):
    with pytest.raises(PermissionDenied):
        invitations_add(actor=UserFactory(), survey=survey, text="a@exempel.example")
    with pytest.raises(PermissionDenied):
        invitations_add(actor=official(), survey=survey, text="a@exempel.example")


def test_the_link_carries_a_secret_whose_hash_alone_is_stored(
    survey, runner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations_add(actor=runner, survey=survey, text="a@exempel.example")
    (secret,) = _links(mailoutbox)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(secret)
    assert invitation.sent_at is not None
    assert secret not in str(Invitation.objects.values().get())
    assert invitations.invitation_by_token(secret) == invitation


def test_a_draft_survey_sends_when_asked_after_opening(
    runner, mailoutbox, django_capture_on_commit_callbacks
):
    survey = three_page_survey(state=Survey.State.DRAFT, access=Survey.Access.INVITATION)
    runner = official(survey.activity.dialogue.unit)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_add(actor=runner, survey=survey, text="a@exempel.example")
    assert mailoutbox == []
    with pytest.raises(ValidationError):
        invitations.invitations_send(actor=runner, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.OPEN)
    survey.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.invitations_send(actor=runner, survey=survey) == 1
    assert len(mailoutbox) == 1


def _sent(survey, email, *, days_ago=REMINDER_INTERVAL_DAYS + 1, answered=False):
    return Invitation.objects.create(
        survey=survey,
        email=email,
        token_hash=token_hash(email),
        sent_at=timezone.now() - datetime.timedelta(days=days_ago),
        answered=answered,
    )


def test_reminders_go_only_to_those_who_have_not_answered(
    survey, runner, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = _sent(survey, "vantar@exempel.example")
    _sent(survey, "svarat@exempel.example", answered=True)
    _sent(survey, "nyss@exempel.example", days_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        count = invitations.invitation_reminders_send(actor=runner, survey=survey)
    assert count == 1
    assert [m.to for m in mailoutbox] == [["vantar@exempel.example"]]
    assert (
        "påminnelse" in mailoutbox[0].subject.lower() or "reminder" in mailoutbox[0].subject.lower()
    )
    waiting.refresh_from_db()
    assert waiting.reminder_count == 1
    # The reminder's new link works; the old one no longer does.
    (secret,) = _links(mailoutbox)
    assert invitations.invitation_by_token(secret) == waiting
    # Pressed again at once: nobody is due.
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.invitation_reminders_send(actor=runner, survey=survey) == 0


def test_reminders_stop_at_the_cap(survey):
    waiting = _sent(survey, "vantar@exempel.example")
    now = timezone.now()
    for round_ in range(MAX_REMINDERS + 2):
        invitations.reminders_send_all(
            now=now + datetime.timedelta(days=(REMINDER_INTERVAL_DAYS + 1) * round_)
        )
    waiting.refresh_from_db()
    assert waiting.reminder_count == MAX_REMINDERS


def test_management_command_reminds_open_surveys_only(
    survey, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    _sent(survey, "vantar@exempel.example")
    closed = three_page_survey(state=Survey.State.CLOSED)
    _sent(closed, "stangd@exempel.example")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_survey_reminders")
    assert "1" in capsys.readouterr().out
    assert [m.to for m in mailoutbox] == [["vantar@exempel.example"]]


def test_counts_say_how_many_never_who(survey):
    _sent(survey, "a@exempel.example", answered=True)
    _sent(survey, "b@exempel.example")
    Invitation.objects.create(survey=survey, email="c@exempel.example", token_hash="c" * 64)
    counts = invitation_counts(survey)
    assert (counts["total"], counts["sent"], counts["answered"], counts["unsent"]) == (3, 2, 1, 1)
    assert counts["due"] == 1


# --- The staff page ----------------------------------------------------------------


def test_staff_page_adds_invitations_and_shows_counts(
    client, survey, runner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(runner)
    url = reverse("survey_invitations:manage", args=[survey.pk])
    page = client.get(url)
    assert page.status_code == 200
    key = page.context["form"]["submission_key"].value()
    data = {
        "addresses": "a@exempel.example\nb@exempel.example\na@exempel.example",
        "submission_key": key,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    response = client.get(url)
    assert response.status_code == 200
    assert Invitation.objects.filter(survey=survey).count() == 2
    # The same form sent twice (a double click) adds nothing more.
    client.post(url, data)
    assert Invitation.objects.filter(survey=survey).count() == 2
    assert response.context["counts"]["sent"] == 2
    assert len(mailoutbox) == 2
    assert "a@exempel.example" not in response.content.decode()


def test_staff_page_keeps_the_text_when_an_address_is_wrong(client, survey, runner):
    client.force_login(runner)
    url = reverse("survey_invitations:manage", args=[survey.pk])
    response = client.post(url, {"addresses": "a@exempel.example\nfel@"})
    assert response.status_code == 200
    assert "fel@" in response.content.decode()
    assert response.context["form"].errors["addresses"]
    assert not Invitation.objects.exists()


def test_reminder_button(client, survey, runner, mailoutbox, django_capture_on_commit_callbacks):
    _sent(survey, "vantar@exempel.example")
    client.force_login(runner)
    assert client.get(reverse("survey_invitations:remind", args=[survey.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("survey_invitations:remind", args=[survey.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("name", ["manage", "send", "remind"])
def test_staff_pages_refuse_others(client, survey, name):
    url = reverse(f"survey_invitations:{name}", args=[survey.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    client.force_login(official())
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("invited", [1, 30])
def test_staff_page_queries_do_not_grow_with_the_invitations(
    client, survey, runner, invited, django_assert_max_num_queries
):
    for number in range(invited):
        _sent(survey, f"person{number}@exempel.example")
    client.force_login(runner)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("survey_invitations:manage", args=[survey.pk])).status_code == 200
