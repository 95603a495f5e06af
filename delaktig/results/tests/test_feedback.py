"""Feedback: saving, publishing once, and e-mailing the right people once each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.dialogues.models import Follow, State
from delaktig.meetings.models import Meeting, Registration
from delaktig.municipality.tests import factories as f
from delaktig.results import selectors, services
from delaktig.results.models import Feedback
from delaktig.results.tasks import feedback_recipients

from .test_decisions import contribute, make_dialogue, make_world


@pytest.fixture
def world(municipality):
    return make_world(municipality)


@pytest.fixture
def dialogue(world):
    return make_dialogue(world)


def test_draft_is_not_public(world, dialogue):
    services.feedback_save(actor=world["official"], dialogue=dialogue, text="Utkast")
    assert selectors.feedback_for(dialogue).text == "Utkast"
    assert selectors.published_feedback(dialogue) is None


@pytest.mark.parametrize("who", ["representative", "other_official", "resident"])
def test_only_officials_and_admins_write_feedback(world, dialogue, who):
    with pytest.raises(PermissionDenied):
        services.feedback_publish(actor=world[who], dialogue=dialogue, text="Hej")
    assert not Feedback.objects.exists()


def test_empty_feedback_is_refused(world, dialogue):
    with pytest.raises(ValidationError) as error:
        services.feedback_publish(actor=world["official"], dialogue=dialogue, text="  ")
    assert "text" in error.value.error_dict


def test_publish_mails_followers_and_authors_once_each_in_their_language(
    world, dialogue, mailoutbox, django_capture_on_commit_callbacks
):
    follower = f.UserFactory(email="foljare@exempel.example", language="en")
    author = f.UserFactory(email="Skribent@exempel.example", language="sv")
    both = f.UserFactory(email="bada@exempel.example", language="sv")
    inactive = f.UserFactory(email="borta@exempel.example", is_active=False)
    Follow.objects.create(dialogue=dialogue, user=follower)
    Follow.objects.create(dialogue=dialogue, user=both)
    Follow.objects.create(dialogue=dialogue, user=inactive)
    contribute(dialogue, author=author)
    contribute(dialogue, author=author)
    contribute(dialogue, author=both)
    contribute(dialogue, author=None)  # anonymous: nobody to mail
    # Someone following another dialogue hears nothing.
    contribute(
        type(dialogue).objects.create(
            municipality=dialogue.municipality, unit=dialogue.unit, title="Annan", slug="annan"
        ),
        author=f.UserFactory(email="annan@exempel.example"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(
            actor=world["official"], dialogue=dialogue, text="Tack! Beslutet blev helgöppet."
        )

    assert sorted(mail.to[0].lower() for mail in mailoutbox) == [
        "bada@exempel.example",
        "foljare@exempel.example",
        "skribent@exempel.example",
    ]
    by_address = {mail.to[0].lower(): mail for mail in mailoutbox}
    assert "Tack! Beslutet blev helgöppet." in by_address["bada@exempel.example"].body
    # Each in their own language ("Read more:" is translated in the main catalogue).
    assert "Read more:" in by_address["foljare@exempel.example"].body
    assert "Läs mer:" in by_address["bada@exempel.example"].body
    assert "Läs mer:" in by_address["skribent@exempel.example"].body
    feedback = Feedback.objects.get()
    assert feedback.is_published and feedback.emailed_at and feedback.recipient_count == 3
    assert selectors.published_feedback(dialogue) == feedback

    # Publishing again (or editing) mails nobody and keeps the first date.
    first_published = feedback.published_at
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=world["official"], dialogue=dialogue, text="Rättad text")
        services.feedback_publish(actor=world["official"], dialogue=dialogue)
    assert len(mailoutbox) == 3
    feedback.refresh_from_db()
    assert feedback.published_at == first_published and feedback.text == "Rättad text"


def test_task_run_twice_mails_once(world, dialogue, mailoutbox, django_capture_on_commit_callbacks):
    from delaktig.results.tasks import send_feedback

    Follow.objects.create(dialogue=dialogue, user=f.UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.feedback_publish(actor=world["official"], dialogue=dialogue, text="x")
    assert send_feedback.call(feedback.pk) == 0
    assert len(mailoutbox) == 1


def test_publishing_does_not_move_the_lifecycle(
    world, dialogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(actor=world["official"], dialogue=dialogue, text="x")
    dialogue.refresh_from_db()
    assert dialogue.state == State.COMPILING


def test_meeting_registrants_without_account_are_not_mailed(world, dialogue):
    from delaktig.dialogues.models import Activity
    from delaktig.methods.tests.factories import MethodFactory

    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(),
        title="Möte",
        starts_on=dialogue.starts_on,
        ends_on=dialogue.starts_on,
    )
    meeting = Meeting.objects.create(
        activity=activity,
        starts_at="2027-03-01T18:00:00+01:00",
        ends_at="2027-03-01T20:00:00+01:00",
    )
    Registration.objects.create(meeting=meeting, name="Kim", email="kim@exempel.example")
    assert feedback_recipients(dialogue) == []


def test_an_author_who_withdrew_hearing_back_is_not_mailed_unless_following(world, dialogue):
    from delaktig.privacy.models import Consent
    from delaktig.privacy.services import consent_withdraw

    stays = f.UserFactory(email="stannar@exempel.example")
    leaves = f.UserFactory(email="slutar@exempel.example")
    follows = f.UserFactory(email="foljer@exempel.example")
    for author in (stays, leaves, follows):
        contribute(dialogue, author=author)
    Follow.objects.create(dialogue=dialogue, user=follows)
    for user in (leaves, follows):
        consent_withdraw(user=user, purpose=Consent.Purpose.HEAR_BACK, reference=dialogue.slug)
    addresses = {address for address, _language, _name in feedback_recipients(dialogue)}
    assert addresses == {"stannar@exempel.example", "foljer@exempel.example"}
