"""Consultation choices lose their account once the dialogue's retention has passed."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser

from delaktig.consultations import exports, selectors, services
from delaktig.consultations.models import Choice
from delaktig.consultations.retention import consultation_choices_unlink
from delaktig.consultations.tests.factories import with_alternatives
from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State, Transition
from delaktig.municipality.tests import factories as f
from delaktig.privacy import retention

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)


def consultation_with_choices(*, residents=2, anonymous=1):
    """An open consultation with ``residents`` logged-in choices (with reasons and
    background answers) and ``anonymous`` anonymous ones."""
    consultation, (a, b) = with_alternatives()
    people = [f.UserFactory() for _ in range(residents)]
    for number, person in enumerate(people):
        services.choice_create(
            actor=person,
            consultation=consultation,
            alternative=a if number % 2 == 0 else b,
            reason=f"Skäl {number}",
            age_band="26-44",
            gender="woman",
            submission_key=f"key-{number}",
        )
    for _ in range(anonymous):
        services.choice_create(actor=AnonymousUser(), consultation=consultation, alternative=a)
    return consultation, people


def evaluate(dialogue, *, days_ago, retention_days=30, state=State.EVALUATED):
    dialogue.state = state
    dialogue.retention_days = retention_days
    dialogue.save()
    moved = Transition.objects.create(
        dialogue=dialogue, from_state=State.FED_BACK, to_state=State.EVALUATED
    )
    Transition.objects.filter(pk=moved.pk).update(
        created_at=NOW - datetime.timedelta(days=days_ago)
    )


def linked(consultation):
    return Choice.objects.filter(consultation=consultation, user__isnull=False).count()


def test_choices_lose_their_account_once_the_dialogues_period_has_passed(caplog):
    past, past_people = consultation_with_choices()
    archived, _ = consultation_with_choices(residents=1)
    within, _ = consultation_with_choices()
    own_period, _ = consultation_with_choices()
    running, _ = consultation_with_choices()
    evaluate(past.activity.dialogue, days_ago=31)
    evaluate(archived.activity.dialogue, days_ago=40, state=State.ARCHIVED)
    evaluate(within.activity.dialogue, days_ago=29)
    evaluate(own_period.activity.dialogue, days_ago=31, retention_days=60)
    running.activity.dialogue.state = State.FED_BACK
    running.activity.dialogue.save()

    with caplog.at_level("INFO", logger="delaktig.consultations.retention"):
        assert consultation_choices_unlink(now=NOW) == (2, 3)

    assert linked(past) == linked(archived) == 0
    assert linked(within) == linked(own_period) == linked(running) == 2
    # The log and the audit entry hold the count, never who.
    assert "Unlinked 2 consultation choices of dialogue" in caplog.text
    for person in past_people:
        assert person.email not in caplog.text
    entry = LogEntry.objects.get_for_object(past.activity.dialogue).latest("timestamp")
    assert entry.changes_dict["consultation_choices_unlinked"] == ["0", "2"]
    assert entry.actor is None
    assert str(past_people[0].pk) not in str(entry.changes_dict)


def test_the_choice_its_reason_and_background_stay():
    consultation, people = consultation_with_choices()
    before = list(
        Choice.objects.filter(consultation=consultation)
        .order_by("pk")
        .values("alternative", "reason", "age_band", "gender", "district", "contribution")
    )
    evaluate(consultation.activity.dialogue, days_ago=31)
    consultation_choices_unlink(now=NOW)

    after = Choice.objects.filter(consultation=consultation).order_by("pk")
    assert (
        list(
            after.values("alternative", "reason", "age_band", "gender", "district", "contribution")
        )
        == before
    )
    assert set(after.values_list("user", flat=True)) == {None}
    assert set(after.values_list("submission_key", flat=True)) == {""}
    # The person's own account of what they took part in no longer lists the choice …
    assert selectors.personal_data(people[0]) == {"consultation_choices": []}
    # … while the reason stays theirs to follow on "Mina sidor" until the account goes.
    assert Contribution.objects.filter(author=people[0]).count() == 1


def test_running_twice_changes_and_logs_nothing_more():
    consultation, _ = consultation_with_choices()
    dialogue = consultation.activity.dialogue
    evaluate(dialogue, days_ago=31)
    assert consultation_choices_unlink(now=NOW) == (1, 2)
    entries = LogEntry.objects.get_for_object(dialogue).count()
    assert consultation_choices_unlink(now=NOW) == (0, 0)
    assert LogEntry.objects.get_for_object(dialogue).count() == entries


def test_zero_days_unlinks_on_the_day_of_the_evaluation():
    consultation, _ = consultation_with_choices(residents=1)
    evaluate(consultation.activity.dialogue, days_ago=0, retention_days=0)
    assert consultation_choices_unlink(now=NOW) == (1, 1)


def test_only_anonymous_choices_leave_nothing_to_do():
    consultation, _ = consultation_with_choices(residents=0, anonymous=3)
    dialogue = consultation.activity.dialogue
    evaluate(dialogue, days_ago=31)
    assert consultation_choices_unlink(now=NOW) == (0, 0)
    for entry in LogEntry.objects.get_for_object(dialogue):
        assert "consultation_choices_unlinked" not in entry.changes_dict


def test_results_and_exports_are_the_same_after_unlinking(settings):
    settings.DELAKTIG_DISCLOSURE_THRESHOLD = 1
    consultation, _ = consultation_with_choices(residents=4, anonymous=2)
    viewer = f.official(consultation.activity.dialogue.unit)

    def snapshot():
        loaded = selectors.consultation_for_staff(pk=consultation.pk)
        result = selectors.results(loaded, with_reasons=True)
        rows = [(r.alternative.pk, r.cell.value, r.share, r.reason_count) for r in result.rows]
        reasons = [[reason.text for reason in r.reasons] for r in result.rows]
        summary = selectors.activity_summary(consultation.activity)
        return (
            rows,
            reasons,
            result.text_summary,
            [(fig.key, fig.value) for fig in summary.figures],
            exports.figure_rows(loaded),
            exports.reason_rows(loaded),
            exports.reasons_csv(consultation.activity, viewer).content,
        )

    before = snapshot()
    evaluate(consultation.activity.dialogue, days_ago=31)
    assert consultation_choices_unlink(now=NOW) == (1, 4)
    assert snapshot() == before
    assert before[0][0][1] == 4  # four chose the first alternative: it is not all hidden


def test_the_daily_purge_unlinks_choices():
    consultation, _ = consultation_with_choices()
    evaluate(consultation.activity.dialogue, days_ago=31)
    counts = retention.purge_personal_data(now=NOW)
    assert counts["consultation_choices"] == 2
    assert linked(consultation) == 0
    assert retention.purge_personal_data(now=NOW)["consultation_choices"] == 0
