"""Survey responses lose their account and invitation, and the record of who
answered goes, once the dialogue's retention has passed."""

import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State, Transition
from delaktig.municipality.tests.factories import UserFactory, official
from delaktig.privacy import retention
from delaktig.surveys import answering, exports
from delaktig.surveys.manifest import personal_data
from delaktig.surveys.models import Answer, Invitation, Response, Survey, SurveyParticipant
from delaktig.surveys.retention import survey_responses_unlink
from delaktig.surveys.summaries import activity_summary, survey_summary
from delaktig.surveys.tests.answering_helpers import page_data
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)


class Anonymous:
    is_authenticated = False
    pk = None


def _multi(data):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})


def submit(survey, actor=None, invitation=None, **kwargs):
    actor = actor or Anonymous()
    response = answering.response_start(
        actor=actor, survey=survey, language="sv", invitation=invitation
    )
    pages = answering.pages_of(survey)
    for number, data in page_data(survey, **kwargs).items():
        answering.response_save_page(
            response=response, page_key=pages.key(number), data=_multi(data), next_page=number + 1
        )
    return answering.response_submit(actor=actor, response=response)


def named_survey(*, people=2, invited=1, **kwargs):
    """A survey that is not anonymous: ``people`` answer logged in, ``invited`` through
    a personal invitation."""
    survey = three_page_survey(anonymous=False, **kwargs)
    users = [UserFactory() for _ in range(people)]
    for number, user in enumerate(users):
        submit(survey, actor=user, rating=str(5 + number))
    for number in range(invited):
        invitation = Invitation.objects.create(
            survey=survey,
            email=f"inbjuden{number}@exempel.example",
            token_hash=uuid.uuid4().hex * 2,
        )
        submit(survey, invitation=invitation)
    return survey, users


def close_and_evaluate(survey, *, days_ago, retention_days=30, state=State.EVALUATED):
    survey.state = Survey.State.CLOSED
    survey.save()
    dialogue = survey.activity.dialogue
    dialogue.state = state
    dialogue.retention_days = retention_days
    dialogue.save()
    moved = Transition.objects.create(
        dialogue=dialogue, from_state=State.FED_BACK, to_state=State.EVALUATED
    )
    Transition.objects.filter(pk=moved.pk).update(
        created_at=NOW - datetime.timedelta(days=days_ago)
    )


def linked(survey):
    return (
        Response.objects.filter(survey=survey, user__isnull=False).count()
        + Response.objects.filter(survey=survey, invitation__isnull=False).count()
    )


def test_responses_lose_account_and_invitation_once_the_period_has_passed(caplog):
    past, people = named_survey()
    archived, _ = named_survey(people=1, invited=0)
    within, _ = named_survey()
    own_period, _ = named_survey()
    close_and_evaluate(past, days_ago=31)
    close_and_evaluate(archived, days_ago=40, state=State.ARCHIVED)
    close_and_evaluate(within, days_ago=29)
    close_and_evaluate(own_period, days_ago=31, retention_days=60)

    with caplog.at_level("INFO", logger="delaktig.surveys.retention"):
        assert survey_responses_unlink(now=NOW) == (2, 4, 3)

    assert linked(past) == linked(archived) == 0
    assert not SurveyParticipant.objects.filter(survey__in=[past, archived]).exists()
    assert linked(within) == linked(own_period) == 3
    assert SurveyParticipant.objects.filter(survey=within).count() == 2
    assert "Unlinked 3 survey responses of dialogue" in caplog.text
    assert "deleted 2 records of who answered" in caplog.text
    for person in people:
        assert person.email not in caplog.text
    entry = LogEntry.objects.get_for_object(past.activity.dialogue).latest("timestamp")
    assert entry.changes_dict["survey_responses_unlinked"] == ["0", "3"]
    assert entry.changes_dict["survey_participants_deleted"] == ["0", "2"]
    assert entry.actor is None


def test_the_answers_background_and_date_stay_the_time_of_day_goes():
    survey, people = named_survey()
    responses = Response.objects.filter(survey=survey).order_by("id")
    before = list(responses.values("id", "submitted_on", "language", "age_band", "gender"))
    answers = sorted(
        Answer.objects.filter(survey=survey).values_list(
            "response", "question", "value", "text", "option"
        )
    )
    invitation = Invitation.objects.get(survey=survey)
    close_and_evaluate(survey, days_ago=31)
    survey_responses_unlink(now=NOW)

    assert list(responses.values("id", "submitted_on", "language", "age_band", "gender")) == before
    assert (
        sorted(
            Answer.objects.filter(survey=survey).values_list(
                "response", "question", "value", "text", "option"
            )
        )
        == answers
    )
    for response in responses:
        assert response.user is None and response.invitation is None
        assert response.submission_key == ""
        assert timezone.localtime(response.updated_at).time() == datetime.time()
        assert timezone.localtime(response.updated_at).date() == response.submitted_on
    # The invitation still says it was answered (response rates), not by which response.
    invitation.refresh_from_db()
    assert invitation.answered is True
    # The person's own account of what they took part in no longer lists the survey …
    assert personal_data(people[0]) == {"survey_responses": []}
    # … while their free texts stay theirs to follow on "Mina sidor".
    assert Contribution.objects.filter(author=people[0]).exists()


def test_who_answered_an_anonymous_survey_goes_too():
    survey = three_page_survey()
    users = [UserFactory() for _ in range(2)]
    for user in users:
        submit(survey, actor=user)
    assert SurveyParticipant.objects.filter(survey=survey).count() == 2
    close_and_evaluate(survey, days_ago=31)
    assert survey_responses_unlink(now=NOW) == (1, 0, 2)
    assert not SurveyParticipant.objects.exists()
    assert Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count() == 2


def test_a_survey_still_open_in_an_evaluated_dialogue_keeps_its_links():
    survey, _ = named_survey()
    close_and_evaluate(survey, days_ago=31)
    survey.state = Survey.State.OPEN
    survey.save()
    # Without the participant rows an account could answer a second time.
    assert survey_responses_unlink(now=NOW) == (0, 0, 0)
    assert linked(survey) == 3
    assert SurveyParticipant.objects.filter(survey=survey).count() == 2

    survey.closes_at = NOW - datetime.timedelta(days=1)
    survey.save()
    assert survey_responses_unlink(now=NOW) == (1, 3, 2)


def test_running_twice_changes_and_logs_nothing_more():
    survey, _ = named_survey()
    dialogue = survey.activity.dialogue
    close_and_evaluate(survey, days_ago=31)
    assert survey_responses_unlink(now=NOW) == (1, 3, 2)
    entries = LogEntry.objects.get_for_object(dialogue).count()
    assert survey_responses_unlink(now=NOW) == (0, 0, 0)
    assert LogEntry.objects.get_for_object(dialogue).count() == entries


def test_results_and_downloads_are_the_same_after_unlinking(settings):
    settings.DELAKTIG_DISCLOSURE_THRESHOLD = 1
    survey, people = named_survey(people=3, invited=1)
    viewer = official(survey.activity.dialogue.unit)

    def snapshot():
        summary = survey_summary(survey)
        figures = [(fig.key, fig.value) for fig in activity_summary(survey.activity).figures]
        rows = list(exports.response_rows(survey))
        csv = b"".join(exports.summary_csv(survey, viewer).streaming_content)
        return summary.responses.value, list(exports.summary_rows(survey)), figures, rows, csv

    responses, summary_rows, figures, rows, csv = snapshot()
    assert responses == 4
    close_and_evaluate(survey, days_ago=31)
    assert survey_responses_unlink(now=NOW) == (1, 4, 3)
    after = snapshot()
    assert after[:3] == (responses, summary_rows, figures)
    assert after[4] == csv
    # The download has the same rows; only the name and e-mail columns are now empty.
    assert {row[7] for row in rows} >= {p.email for p in people}
    assert [row[:6] + row[8:] for row in after[3]] == [row[:6] + row[8:] for row in rows]
    assert {(row[6], row[7]) for row in after[3]} == {("", "")}
    assert b"".join(exports.responses_csv(survey, viewer).streaming_content)


def test_the_daily_purge_unlinks_responses():
    survey, _ = named_survey()
    close_and_evaluate(survey, days_ago=31)
    counts = retention.purge_personal_data(now=NOW)
    assert counts["survey_responses"] == 3 + 2
    assert linked(survey) == 0
    assert retention.purge_personal_data(now=NOW)["survey_responses"] == 0
