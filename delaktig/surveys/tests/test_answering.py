"""Submitting responses: the Answer rows, one response per person or invitation,
double submits, anonymity and the survey's state."""

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from delaktig.contributions.models import Contribution
from delaktig.municipality.tests.factories import UserFactory
from delaktig.surveys import answering
from delaktig.surveys.answering import Incomplete, NotAnswerable
from delaktig.surveys.invitations import new_secret, token_hash
from delaktig.surveys.models import (
    Answer,
    Invitation,
    Response,
    Survey,
    SurveyParticipant,
)
from delaktig.surveys.tests.answering_helpers import by_key, page_data
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False
    pk = None


ANON = Anonymous()


def _fill(response, survey, **kwargs):
    pages = answering.pages_of(survey)
    for number, data in page_data(survey, **kwargs).items():
        answering.response_save_page(
            response=response,
            page_key=pages.key(number),
            data=_multi(data),
            next_page=number + 1,
        )
    return response


def _multi(data):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})


def _submit(survey, actor=ANON, invitation=None, key="", **kwargs):
    response = answering.response_start(
        actor=actor, survey=survey, language="sv", invitation=invitation
    )
    _fill(response, survey, **kwargs)
    return answering.response_submit(actor=actor, response=response, submission_key=key)


def test_submit_writes_one_answer_row_per_atomic_answer():
    survey = three_page_survey()
    submitted = _submit(survey)
    q = by_key(survey)
    assert submitted.status == Response.Status.SUBMITTED
    assert submitted.submitted_on == timezone.localdate()
    assert submitted.draft == {} and submitted.resume_hash == ""
    answers = Answer.objects.filter(response=submitted)
    assert answers.get(question=q["fardsatt"]).option.text == "Buss"
    assert sorted(
        answers.filter(question=q["aktiviteter"]).values_list("option__text", flat=True)
    ) == [
        "Promenerar",
        "Äter",
    ]
    assert answers.get(question=q["betyg"]).value == 7
    matrix = {a.item.text: a for a in answers.filter(question=q["pastaenden"])}
    assert matrix["Det är tryggt på kvällen"].value == 4
    assert matrix["Det är lätt att hitta hit"].value == 2
    assert answers.get(question=q["besok"]).number == 4
    wish = answers.get(question=q["onskan"])
    assert wish.text == "Fler bänkar vid vattnet"
    # Free text is a contribution too, so compilation and themes see it.
    contribution = wish.contribution
    assert contribution.method_key == "surveys" and contribution.kind == "answer"
    assert contribution.activity == survey.activity and contribution.author is None
    assert answers.get(question=q["buss"]).text == "Tätare turer"
    assert Contribution.objects.count() == 2


def test_dont_know_on_a_scale_is_stored_without_a_value():
    survey = three_page_survey()
    submitted = _submit(survey, rating="dont_know")
    answer = Answer.objects.get(response=submitted, question__key="betyg")
    assert answer.dont_know is True and answer.value is None


def test_conditional_question_is_left_out_when_its_condition_is_not_met():
    survey = three_page_survey()
    submitted = _submit(survey, how="Cykel")
    assert not Answer.objects.filter(response=submitted, question__key="buss").exists()


def test_submit_with_a_page_missing_sends_back_to_that_page():
    survey = three_page_survey()
    response = answering.response_start(actor=ANON, survey=survey, language="sv")
    pages = answering.pages_of(survey)
    answering.response_save_page(
        response=response, page_key=pages.key(1), data=_multi(page_data(survey)[1]), next_page=2
    )
    with pytest.raises(Incomplete) as raised:
        answering.response_submit(actor=ANON, response=response)
    assert raised.value.page == 2
    assert not Answer.objects.exists()


def test_double_submit_stores_one_response():
    survey = three_page_survey()
    key = str(uuid.uuid4())
    response = answering.response_start(actor=ANON, survey=survey, language="sv")
    _fill(response, survey)
    first = answering.response_submit(actor=ANON, response=response, submission_key=key)
    second = answering.response_submit(actor=ANON, response=response, submission_key=key)
    assert first.pk == second.pk
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1
    assert Answer.objects.filter(question__key="fardsatt").count() == 1


def test_anonymous_response_replaces_the_draft_row_and_keeps_only_the_date():
    survey = three_page_survey()
    user = UserFactory()
    response = answering.response_start(actor=user, survey=survey, language="sv")
    assert response.user is None
    draft_id = response.pk
    _fill(response, survey)
    submitted = answering.response_submit(actor=user, response=response)
    assert submitted.pk != draft_id
    assert not Response.objects.filter(pk=draft_id).exists()
    assert submitted.user is None and submitted.invitation is None
    assert timezone.localtime(Response.objects.get(pk=submitted.pk).updated_at).time() == (
        datetime.time()
    )
    # The account has answered; which response it gave is nowhere.
    assert SurveyParticipant.objects.filter(survey=survey, user=user).exists()
    assert Contribution.objects.filter(author=user).count() == 0


def test_anonymous_invitation_answer_cannot_be_joined_to_the_invitation():
    """Inspect every stored row after an anonymous answer through an invitation."""
    from auditlog.models import LogEntry

    survey = three_page_survey(access=Survey.Access.INVITATION)
    secret = new_secret()
    invitation = Invitation.objects.create(
        survey=survey, email="anna@exempel.example", token_hash=token_hash(secret)
    )
    submitted = _submit(survey, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.answered is True

    response_row = Response.objects.filter(pk=submitted.pk).values().get()
    invitation_row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert response_row["user_id"] is None
    assert response_row["invitation_id"] is None
    assert response_row["draft"] == {}
    assert response_row["resume_hash"] == ""
    # No value of the invitation appears anywhere in the response, nor the other way round.
    invitation_values = {str(v) for v in invitation_row.values() if v not in (None, "", False, 0)}
    invitation_values -= {str(survey.pk), "True"}
    assert not invitation_values & {str(v) for v in response_row.values()}
    assert str(submitted.pk) not in {str(v) for v in invitation_row.values()}
    # Nor in the answers, the contributions or the audit log.
    for answer in Answer.objects.filter(response=submitted).values():
        assert not invitation_values & {str(v) for v in answer.values()}
    for contribution in Contribution.objects.values():
        assert contribution["author_id"] is None and contribution["recorded_by_id"] is None
        # Only the date, as on the response.
        assert timezone.localtime(contribution["created_at"]).time() == datetime.time()
    assert not LogEntry.objects.filter(content_type__model="contribution").exists()
    # Not in any other table either: search the database for the response id.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    needle = str(submitted.pk).replace("-", "")
    for table in tables:
        if table in {"surveys_response", "surveys_answer"}:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from Django
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).replace("-", "")
                assert needle not in text, table


def test_one_response_per_account_is_enforced():
    survey = three_page_survey(access=Survey.Access.LOGIN, anonymous=False)
    user = UserFactory()
    submitted = _submit(survey, actor=user)
    assert submitted.user == user
    with pytest.raises(NotAnswerable) as raised:
        answering.response_start(actor=user, survey=survey, language="sv")
    assert raised.value.reason == NotAnswerable.ALREADY_ANSWERED


def test_participant_constraint_refuses_a_second_submit_by_the_same_account():
    survey = three_page_survey()
    user = UserFactory()
    first = answering.response_start(actor=user, survey=survey, language="sv")
    second = answering.response_start(actor=user, survey=survey, language="sv")
    _fill(first, survey)
    _fill(second, survey)
    answering.response_submit(actor=user, response=first)
    with pytest.raises(NotAnswerable):
        answering.response_submit(actor=user, response=second)
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1


def test_an_invitation_is_used_once_even_from_two_drafts():
    survey = three_page_survey(access=Survey.Access.INVITATION)
    invitation = Invitation.objects.create(survey=survey, email="a@b.se", token_hash="x" * 64)
    first = answering.response_start(
        actor=ANON, survey=survey, language="sv", invitation=invitation
    )
    second = answering.response_start(
        actor=ANON, survey=survey, language="sv", invitation=invitation
    )
    _fill(first, survey)
    _fill(second, survey)
    answering.response_submit(actor=ANON, response=first)
    with pytest.raises(NotAnswerable) as raised:
        answering.response_submit(actor=ANON, response=second)
    assert raised.value.reason == NotAnswerable.INVITATION_USED
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1


def test_non_anonymous_invitation_response_holds_the_invitation():
    survey = three_page_survey(access=Survey.Access.INVITATION, anonymous=False)
    invitation = Invitation.objects.create(survey=survey, email="a@b.se", token_hash="y" * 64)
    submitted = _submit(survey, invitation=invitation)
    assert submitted.invitation == invitation
    with pytest.raises(NotAnswerable) as raised:
        answering.response_start(actor=ANON, survey=survey, language="sv", invitation=invitation)
    assert raised.value.reason == NotAnswerable.INVITATION_USED


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"state": Survey.State.CLOSED}, NotAnswerable.CLOSED),
        ({"state": Survey.State.DRAFT}, NotAnswerable.CLOSED),
        ({"access": Survey.Access.LOGIN}, NotAnswerable.LOGIN),
        ({"access": Survey.Access.INVITATION}, NotAnswerable.INVITATION_ONLY),
    ],
)
def test_who_may_start(changes, reason):
    survey = three_page_survey(**changes)
    with pytest.raises(NotAnswerable) as raised:
        answering.response_start(actor=ANON, survey=survey, language="sv")
    assert raised.value.reason == reason


def test_a_survey_closed_while_answering_refuses_the_submit():
    survey = three_page_survey()
    response = answering.response_start(actor=ANON, survey=survey, language="sv")
    _fill(response, survey)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    response.survey.refresh_from_db()
    with pytest.raises(NotAnswerable) as raised:
        answering.response_submit(actor=ANON, response=response)
    assert raised.value.reason == NotAnswerable.CLOSED
    assert not Answer.objects.exists()


def test_survey_past_its_closing_time_is_not_open():
    survey = three_page_survey(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert not answering.is_open(survey)


def test_language_is_one_of_the_survey_languages():
    survey = three_page_survey(languages=["en"])
    assert answering.response_start(actor=ANON, survey=survey, language="en").language == "en"
    assert answering.response_start(actor=ANON, survey=survey, language="ar").language == "sv"


def test_resume_secret_finds_the_draft_and_a_new_one_replaces_it():
    survey = three_page_survey()
    response = answering.response_start(actor=ANON, survey=survey, language="sv")
    old = answering.response_resume_secret(response=response)
    new = answering.response_resume_secret(response=response)
    assert answering.response_by_resume_secret(old) is None
    assert answering.response_by_resume_secret(new) == response
    assert response.resume_hash != new  # only the hash is stored


def test_account_finds_its_in_progress_response_of_a_named_survey():
    survey = three_page_survey(access=Survey.Access.LOGIN, anonymous=False)
    user = UserFactory()
    response = answering.response_start(actor=user, survey=survey, language="sv")
    assert answering.own_response(survey=survey, user=user) == response
    assert answering.response_start(actor=user, survey=survey, language="sv") == response
