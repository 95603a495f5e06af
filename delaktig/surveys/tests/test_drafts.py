"""Drafts: bounded to what the questions allow, and deleted when abandoned."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from delaktig.surveys import answering
from delaktig.surveys.drafts import survey_drafts_purge
from delaktig.surveys.forms_answer import LONG_TEXT_MAX
from delaktig.surveys.models import Response, Survey
from delaktig.surveys.tests.answering_helpers import by_key, page_data, page_url, start
from delaktig.surveys.tests.factories import SurveyFactory, three_page_survey

pytestmark = pytest.mark.django_db

TEXT_PAGE = 3


def _draft(client):
    return Response.objects.get(status=Response.Status.IN_PROGRESS).draft


def _section(survey, key):
    return str(by_key(survey)[key].section_id)


# --- The bound -------------------------------------------------------------------


def test_an_oversized_answer_is_refused_and_nothing_of_the_page_is_stored(client):
    survey = three_page_survey()
    start(client, survey)
    client.post(page_url(survey, TEXT_PAGE), {"q_onskan": "Bänkar", "action": "save"})
    before = _draft(client)

    huge = "x" * (LONG_TEXT_MAX * 2 + 1)
    for action in ("save", "next", "back"):
        page = client.post(
            page_url(survey, TEXT_PAGE), {"q_onskan": huge, "q_buss": "Ja", "action": action}
        )
        assert page.status_code == 200
        assert page.context["draft_too_large"] is True
        assert "Dina svar på den här sidan sparades inte" in page.content.decode() or (
            "were not saved" in page.content.decode()
        )
        # The form still holds what was typed, so the resident can shorten it.
        assert page.context["form"].data["q_onskan"] == huge
        assert _draft(client) == before


def test_an_answer_somewhat_too_long_is_kept_for_the_resident_to_shorten(client):
    survey = three_page_survey()
    start(client, survey)
    text = "y" * (LONG_TEXT_MAX + 10)
    page = client.post(page_url(survey, TEXT_PAGE), {"q_onskan": text, "action": "next"})
    assert page.status_code == 200 and not page.context["draft_too_large"]
    assert "q_onskan" in page.context["form"].errors
    assert _draft(client)[_section(survey, "onskan")]["q_onskan"] == [text]


def test_inputs_the_page_does_not_have_are_not_stored(client):
    survey = three_page_survey()
    start(client, survey)
    data = {**page_data(survey)[1], "action": "save", "csrfmiddlewaretoken": "x"}
    data.update({f"junk_{n}": "z" * 1000 for n in range(200)})
    client.post(page_url(survey, 1), data)
    stored = _draft(client)[_section(survey, "fardsatt")]
    assert set(stored) == {"q_fardsatt", "q_aktiviteter"}


def test_more_values_than_options_is_refused():
    survey = three_page_survey()
    response = answering.response_start(actor=None, survey=survey, language="sv")
    options = [str(o.pk) for o in by_key(survey)["aktiviteter"].options.all()]
    data = MultiValueDict({"q_aktiviteter": options * 3})
    with pytest.raises(answering.DraftTooLarge):
        answering.response_save_page(
            response=response, page_key=_section(survey, "aktiviteter"), data=data, next_page=2
        )
    response.refresh_from_db()
    assert response.draft == {}


def test_the_background_page_is_bounded_too():
    survey = three_page_survey()
    response = answering.response_start(actor=None, survey=survey, language="sv")
    pages = answering.pages_of(survey)
    key = pages.key(pages.total)
    with pytest.raises(answering.DraftTooLarge):
        answering.response_save_page(
            response=response, page_key=key, data={"birth_year": "9" * 500}, next_page=1
        )
    answering.response_save_page(
        response=response, page_key=key, data={"birth_year": "1984", "x": "y"}, next_page=1
    )
    response.refresh_from_db()
    assert response.draft[key] == {"birth_year": ["1984"]}


# --- The purge --------------------------------------------------------------------


def _started(survey, *, days_ago, now):
    response = Response.objects.create(survey=survey, draft={"1": {"q_x": ["text"]}})
    Response.objects.filter(pk=response.pk).update(
        updated_at=now - datetime.timedelta(days=days_ago)
    )
    return response


def test_purge_deletes_untouched_drafts_and_those_of_long_closed_surveys(caplog):
    now = timezone.now()
    running = SurveyFactory(state=Survey.State.OPEN, title="Parken vid ån")
    closed_long_ago = SurveyFactory(
        state=Survey.State.CLOSED, closes_at=now - datetime.timedelta(days=45)
    )
    closed_recently = SurveyFactory(
        state=Survey.State.CLOSED, closes_at=now - datetime.timedelta(days=3)
    )
    old = _started(running, days_ago=31, now=now)
    fresh = _started(running, days_ago=2, now=now)
    # Saved within the period, but its survey closed longer ago than that.
    of_closed = _started(closed_long_ago, days_ago=29, now=now)
    kept_closed = _started(closed_recently, days_ago=5, now=now)
    submitted = Response.objects.create(
        survey=running, status=Response.Status.SUBMITTED, submitted_on=now.date()
    )
    Response.objects.filter(pk=submitted.pk).update(updated_at=now - datetime.timedelta(days=400))

    with caplog.at_level(logging.INFO, logger="delaktig.surveys.drafts"):
        counts = survey_drafts_purge(now=now)

    assert counts == {"untouched": 1, "closed_surveys": 1}
    remaining = set(Response.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, kept_closed.pk, submitted.pk}
    assert old.pk not in remaining and of_closed.pk not in remaining
    # One line, counts only: no survey, no response, no account.
    lines = [r.getMessage() for r in caplog.records if r.name == "delaktig.surveys.drafts"]
    assert len(lines) == 1
    assert "Deleted 2 abandoned survey drafts" in lines[0]
    assert "Parken" not in lines[0] and str(old.pk) not in lines[0]
    assert survey_drafts_purge(now=now) == {"untouched": 0, "closed_surveys": 0}


def test_purge_follows_the_setting(settings):
    settings.DELAKTIG_SURVEY_DRAFT_RETENTION_DAYS = 7
    now = timezone.now()
    survey = SurveyFactory(state=Survey.State.OPEN)
    week_old = _started(survey, days_ago=8, now=now)
    _started(survey, days_ago=6, now=now)
    survey_drafts_purge(now=now)
    assert not Response.objects.filter(pk=week_old.pk).exists()
    assert Response.objects.count() == 1


def test_a_purged_draft_leaves_the_resume_link_dead_and_the_invitation_unused(client):
    from delaktig.surveys.invitations import new_secret, token_hash
    from delaktig.surveys.models import Invitation

    survey = three_page_survey(anonymous=False, access=Survey.Access.INVITATION)
    secret = new_secret()
    invitation = Invitation.objects.create(
        survey=survey, email="a@example.org", token_hash=token_hash(secret)
    )
    response = answering.response_start(
        actor=None, survey=survey, language="sv", invitation=invitation
    )
    resume = answering.response_resume_secret(response=response)
    Response.objects.filter(pk=response.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=60)
    )
    survey_drafts_purge()
    assert answering.response_by_resume_secret(resume) is None
    invitation.refresh_from_db()
    assert not invitation.answered


def test_command_purges_and_says_how_many():
    now = timezone.now()
    _started(SurveyFactory(state=Survey.State.OPEN), days_ago=90, now=now)
    from io import StringIO

    out = StringIO()
    call_command("purge_survey_drafts", stdout=out)
    assert "Deleted 1 abandoned survey drafts." in out.getvalue()
    assert not Response.objects.exists()


def test_saved_page_says_how_long_drafts_are_kept(client, settings):
    settings.DELAKTIG_SURVEY_DRAFT_RETENTION_DAYS = 14
    survey = three_page_survey()
    start(client, survey)
    saved = client.post(page_url(survey, 1), {"action": "save"})
    assert saved.context["retention_days"] == 14
    assert "14" in saved.content.decode()
