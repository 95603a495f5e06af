import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from delaktig.dialogues import services
from delaktig.dialogues.models import Follow, State
from delaktig.dialogues.tasks import notify_followers
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f


@pytest.fixture
def dialogue(municipality):
    return DialogueFactory(
        municipality=municipality,
        state=State.PUBLISHED,
        title="Hamnområdet",
        slug="hamnomradet",
        ends_on=datetime.date(2027, 4, 30),
    )


@pytest.fixture
def official(dialogue):
    return f.official(dialogue.unit)


def follower(dialogue, language="sv", **kwargs):
    user = f.UserFactory(language=language, **kwargs)
    Follow.objects.create(user=user, dialogue=dialogue)
    return user


def page_url(dialogue):
    base = settings.DELAKTIG_BASE_URL.rstrip("/")
    return base + reverse("dialogues:public_detail", args=[dialogue.slug])


@pytest.mark.django_db
def test_follower_gets_a_swedish_email_when_the_dialogue_opens(
    dialogue, official, mailoutbox, django_capture_on_commit_callbacks
):
    resident = follower(dialogue, name="Kim Andersson")
    f.UserFactory()  # not following: gets nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=official, dialogue=dialogue, move_name="open")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [resident.email]
    assert mail.subject == "Nu kan du vara med: Hamnområdet"
    assert "Hej Kim!" in mail.body
    assert "Nu kan du vara med i dialogen ”Hamnområdet” som du bevakar." in mail.body
    assert "Du kan vara med till och med 30 april 2027." in mail.body
    assert page_url(dialogue) in mail.body
    assert "Du kan sluta bevaka" in mail.body


@pytest.mark.django_db
def test_follower_who_chose_english_gets_english(
    dialogue, official, mailoutbox, django_capture_on_commit_callbacks
):
    follower(dialogue, language="sv", name="Kim Andersson")
    english = follower(dialogue, language="en", name="Alex Smith")
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=official, dialogue=dialogue, move_name="open")
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    mail = by_address[english.email]
    assert mail.subject == "Now you can take part: Hamnområdet"
    assert "Hello Alex," in mail.body
    assert "You can take part until 30 April 2027." in mail.body
    assert page_url(dialogue) in mail.body
    assert len(mailoutbox) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "move", "subject"),
    [
        (State.OPEN, "close", "Dialogen har stängt: Hamnområdet"),
        (State.COMPILING, "feed_back", "Resultat och beslut: Hamnområdet"),
        (State.FED_BACK, "evaluate", "Utvärderingen är klar: Hamnområdet"),
    ],
)
def test_each_forward_public_move_is_announced(
    dialogue, official, mailoutbox, django_capture_on_commit_callbacks, state, move, subject
):
    dialogue.state = state
    dialogue.save()
    follower(dialogue)
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=official, dialogue=dialogue, move_name=move)
    assert [mail.subject for mail in mailoutbox] == [subject]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "move"),
    [
        (State.OPEN, "pause"),
        (State.COMPILING, "reopen"),
        (State.FED_BACK, "undo_feedback"),
        (State.PUBLISHED, "unpublish"),
        (State.EVALUATED, "archive"),
    ],
)
def test_backwards_moves_and_archiving_send_no_email(
    dialogue, official, mailoutbox, django_capture_on_commit_callbacks, state, move
):
    dialogue.state = state
    dialogue.save()
    follower(dialogue)
    with django_capture_on_commit_callbacks(execute=True):
        services.dialogue_transition(actor=official, dialogue=dialogue, move_name=move)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_stale_task_sends_nothing(dialogue, mailoutbox):
    follower(dialogue)
    # The dialogue was opened and paused again before the worker ran.
    assert notify_followers.call(dialogue.pk, State.OPEN) == 0
    assert mailoutbox == []
