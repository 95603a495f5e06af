import datetime
import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from delaktig.core.models import Submission
from delaktig.privacy import retention
from delaktig.surveys.invitations import invitations_purge

NOW = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)


def submission(*, days_ago, user=None):
    row = Submission.objects.create(key=uuid.uuid4(), user=user, result_url="/tack/")
    Submission.objects.filter(pk=row.pk).update(created_at=NOW - datetime.timedelta(days=days_ago))
    return row


@pytest.mark.django_db
def test_old_one_time_keys_go_and_recent_ones_stay(caplog):
    old = submission(days_ago=3)
    recent = submission(days_ago=1)
    with caplog.at_level("INFO", logger="delaktig.privacy.retention"):
        assert retention.submission_keys_purge(now=NOW) == 1
        assert retention.submission_keys_purge(now=NOW) == 0
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.filter(pk=recent.pk).exists()
    assert "Deleted 1 one-time form keys" in caplog.text
    assert "/tack/" not in caplog.text


@pytest.mark.django_db
def test_the_key_retention_comes_from_the_settings(settings):
    settings.DELAKTIG_SUBMISSION_KEY_RETENTION_DAYS = 10
    submission(days_ago=3)
    assert retention.submission_keys_purge(now=NOW) == 0


@pytest.mark.django_db
def test_one_run_calls_every_purge_and_logs_the_counts(caplog):
    submission(days_ago=3)
    with caplog.at_level("INFO", logger="delaktig.privacy.retention"):
        counts = retention.purge_personal_data(now=NOW)
    assert counts == {
        "meeting_registrations": 0,
        "survey_invitations": 0,
        "survey_drafts": 0,
        "dialogue_followers": 0,
        "consultation_choices": 0,
        "survey_responses": 0,
        "submission_keys": 1,
    }
    assert "Retention purge: meeting_registrations 0" in caplog.text
    assert "submission_keys 1" in caplog.text
    # A second run finds nothing left.
    assert set(retention.purge_personal_data(now=NOW).values()) == {0}


@pytest.mark.django_db
def test_one_failing_purge_does_not_stop_the_others(monkeypatch):
    submission(days_ago=3)

    def broken(now):
        raise RuntimeError("database hiccup")

    monkeypatch.setitem(retention.PURGES, "meeting_registrations", broken)
    with pytest.raises(retention.PurgeFailed) as caught:
        retention.purge_personal_data(now=NOW)
    assert caught.value.failed == ["meeting_registrations"]
    assert caught.value.counts["submission_keys"] == 1
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_the_counts_and_fails_loudly(monkeypatch):
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "meeting_registrations: 0" in out.getvalue()
    assert "submission_keys: 0" in out.getvalue()

    monkeypatch.setitem(retention.PURGES, "survey_drafts", lambda now: 1 / 0)
    with pytest.raises(CommandError, match="survey_drafts"):
        call_command("purge_personal_data", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_old_commands_still_work():
    for name in (
        "purge_meeting_registrations",
        "purge_survey_invitations",
        "purge_survey_drafts",
    ):
        call_command(name, stdout=io.StringIO())
    assert invitations_purge(now=NOW) == 0


@pytest.mark.django_db
def test_one_run_purges_each_kind_past_its_own_period():
    from delaktig.dialogues.models import Follow, State, Transition
    from delaktig.meetings.models import Registration
    from delaktig.meetings.tests.factories import MeetingFactory, RegistrationFactory
    from delaktig.municipality.tests.factories import UserFactory

    meeting = MeetingFactory(
        starts_at=NOW - datetime.timedelta(days=40, hours=2),
        ends_at=NOW - datetime.timedelta(days=40),
        retention_days=30,
    )
    RegistrationFactory(meeting=meeting)
    dialogue = meeting.activity.dialogue
    dialogue.state = State.EVALUATED
    dialogue.save()
    moved = Transition.objects.create(
        dialogue=dialogue, from_state=State.FED_BACK, to_state=State.EVALUATED
    )
    Transition.objects.filter(pk=moved.pk).update(created_at=NOW - datetime.timedelta(days=31))
    Follow.objects.create(dialogue=dialogue, user=UserFactory())

    counts = retention.purge_personal_data(now=NOW)
    assert counts["meeting_registrations"] == 1
    assert counts["dialogue_followers"] == 1
    assert Registration.objects.get().email == ""
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_dialogues_past_retention_counts_from_the_evaluation():
    from delaktig.dialogues.models import Dialogue, State, Transition
    from delaktig.dialogues.tests.factories import DialogueFactory

    def evaluated(days_ago, retention_days=30, state=State.EVALUATED):
        dialogue = DialogueFactory(state=state, retention_days=retention_days)
        moved = Transition.objects.create(
            dialogue=dialogue, from_state=State.FED_BACK, to_state=State.EVALUATED
        )
        Transition.objects.filter(pk=moved.pk).update(
            created_at=NOW - datetime.timedelta(days=days_ago)
        )
        return dialogue

    past = evaluated(31)
    archived = evaluated(40, state=State.ARCHIVED)
    evaluated(29)
    evaluated(31, retention_days=60)
    on_the_day = evaluated(0, retention_days=0)
    DialogueFactory(state=State.FED_BACK)
    # Evaluated without a recorded transition (old data): never due by guesswork.
    DialogueFactory(state=State.EVALUATED)

    everything = Dialogue.objects.values("pk")
    assert retention.dialogues_past_retention(now=NOW, among=everything) == sorted(
        [past.pk, archived.pk, on_the_day.pk]
    )
    only_past = Dialogue.objects.filter(pk=past.pk).values("pk")
    assert retention.dialogues_past_retention(now=NOW, among=only_past) == [past.pk]
