import datetime

import pytest
from auditlog.models import LogEntry

from delaktig.dialogues import services
from delaktig.dialogues.forms import FeedbackForm
from delaktig.dialogues.models import Dialogue, Follow, State, Transition
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.privacy.models import Consent
from delaktig.privacy.services import consent_give

NOW = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)


def evaluated(municipality, *, days_ago, retention_days=30, state=State.EVALUATED):
    dialogue = DialogueFactory(
        municipality=municipality, state=state, retention_days=retention_days
    )
    moved = Transition.objects.create(
        dialogue=dialogue, from_state=State.FED_BACK, to_state=State.EVALUATED
    )
    Transition.objects.filter(pk=moved.pk).update(
        created_at=NOW - datetime.timedelta(days=days_ago)
    )
    return dialogue


def follow(dialogue, user=None):
    user = user or f.UserFactory()
    consent_give(user=user, purpose="follow_dialogue", reference=dialogue.slug)
    return Follow.objects.create(dialogue=dialogue, user=user)


@pytest.mark.django_db
def test_followers_go_once_the_dialogues_period_after_evaluation_has_passed(municipality, caplog):
    past = evaluated(municipality, days_ago=31)
    archived = evaluated(municipality, days_ago=40, state=State.ARCHIVED)
    within = evaluated(municipality, days_ago=29)
    own_period = evaluated(municipality, days_ago=31, retention_days=60)
    running = DialogueFactory(municipality=municipality, state=State.FED_BACK)
    for dialogue in (past, archived, within, own_period, running):
        follow(dialogue)
    follow(past)

    with caplog.at_level("INFO", logger="delaktig.dialogues.services"):
        assert services.dialogue_followers_purge(now=NOW) == (2, 3)

    remaining = set(Follow.objects.values_list("dialogue_id", flat=True))
    assert remaining == {within.pk, own_period.pk, running.pk}
    assert "Deleted 2 follows of dialogue" in caplog.text
    # The log and the audit entry hold the count, never who.
    entry = LogEntry.objects.get_for_object(past).latest("timestamp")
    assert entry.changes_dict["followers_deleted"] == ["0", "2"]
    assert entry.actor is None
    active = Consent.objects.filter(purpose="follow_dialogue", withdrawn_at__isnull=True)
    assert set(active.values_list("reference", flat=True)) == {
        within.slug,
        own_period.slug,
        running.slug,
    }


@pytest.mark.django_db
def test_running_twice_deletes_and_logs_nothing_more(municipality):
    dialogue = evaluated(municipality, days_ago=31)
    follow(dialogue)
    assert services.dialogue_followers_purge(now=NOW) == (1, 1)
    entries = LogEntry.objects.get_for_object(dialogue).count()
    assert services.dialogue_followers_purge(now=NOW) == (0, 0)
    assert LogEntry.objects.get_for_object(dialogue).count() == entries


@pytest.mark.django_db
def test_zero_days_purges_the_day_of_the_evaluation(municipality):
    dialogue = evaluated(municipality, days_ago=0, retention_days=0)
    follow(dialogue)
    assert services.dialogue_followers_purge(now=NOW) == (1, 1)


@pytest.mark.django_db
def test_a_dialogue_starts_with_the_retention_from_the_settings(municipality, settings):
    settings.DELAKTIG_DIALOGUE_RETENTION_DAYS = 90
    unit = f.UnitFactory(municipality=municipality)
    official = f.official(unit)
    dialogue = services.dialogue_create(actor=official, unit=unit, title="Hamnen")
    assert dialogue.retention_days == 90
    assert Dialogue._meta.get_field("retention_days").get_default() == 90


@pytest.mark.django_db
def test_staff_set_the_retention_in_the_feedback_step(municipality):
    unit = f.UnitFactory(municipality=municipality)
    official = f.official(unit)
    dialogue = services.dialogue_create(actor=official, unit=unit, title="Hamnen")
    form = FeedbackForm({"retention_days": "14"}, instance=dialogue)
    assert form.is_valid(), form.errors
    services.dialogue_update(actor=official, dialogue=dialogue, data=form.plan_data())
    dialogue.refresh_from_db()
    assert dialogue.retention_days == 14


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-1", "366", "ett år"])
def test_the_feedback_step_refuses_impossible_retention(municipality, value):
    dialogue = DialogueFactory(municipality=municipality)
    form = FeedbackForm({"retention_days": value}, instance=dialogue)
    assert not form.is_valid()
    assert "retention_days" in form.errors


@pytest.mark.django_db
def test_an_empty_retention_keeps_the_current_one(municipality):
    dialogue = DialogueFactory(municipality=municipality, retention_days=45)
    form = FeedbackForm({"retention_days": ""}, instance=dialogue)
    assert form.is_valid(), form.errors
    assert form.plan_data()["retention_days"] == 45


@pytest.mark.django_db
def test_the_feedback_step_shows_the_current_retention(municipality):
    dialogue = DialogueFactory(municipality=municipality, retention_days=45)
    html = str(FeedbackForm(instance=dialogue)["retention_days"])
    assert 'value="45"' in html
