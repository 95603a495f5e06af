"""The resident's pages: start, page by page, save and continue, invitations, thank-you."""

import datetime
import re
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from delaktig.dialogues.models import State
from delaktig.municipality.tests.factories import UserFactory
from delaktig.surveys.invitations import new_secret, token_hash
from delaktig.surveys.models import Answer, Invitation, Response, Survey, SurveyParticipant
from delaktig.surveys.tests.answering_helpers import answer_all, by_key, page_data, page_url, start
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db


def start_url(survey):
    return reverse("surveys:start", kwargs={"pk": survey.pk})


def thanks_url(survey):
    return reverse("surveys:thanks", kwargs={"pk": survey.pk})


def submitted():
    return Response.objects.filter(status=Response.Status.SUBMITTED)


def test_start_page_shows_the_introduction_and_the_languages(client):
    survey = three_page_survey(languages=["en", "ar"])
    page = client.get(start_url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    assert survey.intro in html
    assert [lang.code for lang in page.context["offered"]] == ["sv", "en", "ar"]
    assert 'lang="ar" dir="rtl"' in html


def test_a_resident_answers_every_page_and_gets_the_thank_you_page(client):
    survey = three_page_survey()
    dialogue = survey.activity.dialogue
    dialogue.feedback_how = "Vi skriver till alla på webben."
    dialogue.feedback_due_on = datetime.date(2027, 6, 15)
    dialogue.feedback_by = "Samhällsbyggnadsförvaltningen"
    dialogue.save()
    last = answer_all(client, survey)
    assert last.status_code == 302 and last.url == thanks_url(survey)
    assert submitted().count() == 1
    thanks = client.get(last.url).content.decode()
    assert "Vi skriver till alla på webben." in thanks
    assert "Samhällsbyggnadsförvaltningen" in thanks
    assert "2027" in thanks
    assert reverse("dialogues:public_detail", args=[dialogue.slug]) in thanks


def test_progress_says_which_part(client):
    survey = three_page_survey()
    start(client, survey)
    page = client.get(page_url(survey, 2))
    assert (page.context["number"], page.context["total"]) == (2, 4)


def test_an_error_keeps_every_answer(client):
    survey = three_page_survey()
    start(client, survey)
    client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "next"})
    data = {**page_data(survey)[2], "q_besok": "", "action": "next"}
    response = client.post(page_url(survey, 2), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "q_besok" in form.errors
    html = response.content.decode()
    assert re.search(r'value="7"[^>]*checked', html)
    # Stored as a draft: leaving and coming back shows the answers again.
    draft = Response.objects.get().draft
    assert draft[str(by_key(survey)["betyg"].section_id)]["q_betyg"] == ["7"]
    again = client.get(page_url(survey, 2))
    assert again.context["form"].initial["q_betyg"] == "7"
    out_of_range = client.post(page_url(survey, 2), {**data, "q_besok": "500"})
    assert "q_besok" in out_of_range.context["form"].errors


def test_back_keeps_the_page_without_checking_it(client):
    survey = three_page_survey()
    start(client, survey)
    client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "next"})
    response = client.post(page_url(survey, 2), {"q_betyg": "3", "action": "back"})
    assert response.url == page_url(survey, 1)
    assert client.get(page_url(survey, 2)).context["form"].initial["q_betyg"] == "3"


def test_save_and_continue_later_on_another_device(client, mailoutbox):
    survey = three_page_survey()
    start(client, survey)
    client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "next"})
    saved = client.post(page_url(survey, 2), {"q_betyg": "5", "action": "save"})
    assert saved.status_code == 200
    resume_url = saved.context["resume_url"]
    assert "/enkater/fortsatt/" in resume_url

    # The link by e-mail; the address is not stored.
    email = client.post(
        reverse("surveys:email_resume_link", kwargs={"pk": survey.pk}),
        {"secret": saved.context["secret"], "email": "anna@exempel.example"},
    )
    assert email.status_code == 200
    assert resume_url in mailoutbox[0].body
    assert "anna@exempel.example" not in str(Response.objects.values().get())

    other = Client()
    resumed = other.get(resume_url)
    assert resumed.url == page_url(survey, 2)
    assert other.get(resumed.url).context["form"].initial["q_betyg"] == "5"
    for number in (2, 3, 4):
        data = {**page_data(survey)[number], "action": "submit" if number == 4 else "next"}
        last = other.post(page_url(survey, number), data)
    assert last.url == thanks_url(survey)
    assert submitted().count() == 1
    # Used up: the resume link no longer works.
    assert other.get(resume_url).status_code == 404


def test_resume_link_with_a_wrong_e_mail_address_says_so(client, mailoutbox):
    survey = three_page_survey()
    start(client, survey)
    saved = client.post(page_url(survey, 1), {"action": "save"})
    response = client.post(
        reverse("surveys:email_resume_link", kwargs={"pk": survey.pk}),
        {"secret": saved.context["secret"], "email": "inte en adress"},
    )
    assert response.context["error"]
    assert 'value="inte en adress"' in response.content.decode()
    assert mailoutbox == []


def test_the_resume_link_is_e_mailed_a_few_times_at_most(client, mailoutbox):
    survey = three_page_survey()
    start(client, survey)
    saved = client.post(page_url(survey, 1), {"action": "save"})
    url = reverse("surveys:email_resume_link", kwargs={"pk": survey.pk})
    for _ in range(7):
        last = client.post(url, {"secret": saved.context["secret"], "email": "a@exempel.example"})
    assert len(mailoutbox) == 5
    assert last.context["error"]


def test_submitting_twice_stores_one_response_and_shows_thanks(client):
    survey = three_page_survey()
    key = str(uuid.uuid4())
    answer_all(client, survey, submission_key=key)
    again = client.post(
        page_url(survey, 4), {**page_data(survey)[4], "action": "submit", "submission_key": key}
    )
    assert again.status_code == 302 and again.url == thanks_url(survey)
    assert submitted().count() == 1
    assert Answer.objects.filter(question__key="fardsatt").count() == 1


def test_submit_with_a_skipped_page_goes_back_to_it(client):
    survey = three_page_survey()
    start(client, survey)
    response = client.post(page_url(survey, 4), {"action": "submit"})
    assert response.url == page_url(survey, 1) + "?kontrollera=1"
    page = client.get(response.url)
    assert "q_fardsatt" in page.context["form"].errors


def test_closed_survey_says_so(client):
    survey = three_page_survey(state=Survey.State.CLOSED)
    response = client.get(start_url(survey))
    assert response.context["reason"] == "closed"
    assert not Response.objects.exists()


def test_survey_in_a_dialogue_that_is_not_public_is_closed(client):
    survey = three_page_survey()
    survey.activity.dialogue.state = State.DRAFT
    survey.activity.dialogue.save()
    assert client.get(start_url(survey)).context["reason"] == "closed"


def test_draft_survey_says_not_open_and_shows_nothing_of_it(client):
    survey = three_page_survey(state=Survey.State.DRAFT)
    response = client.get(start_url(survey))
    assert response.status_code == 404
    assert response.context["reason"] == "closed"
    assert survey.title not in response.content.decode()
    first_page = client.get(page_url(survey, 1))
    assert first_page.status_code == 404
    assert survey.title not in first_page.content.decode()


def test_closing_while_answering_refuses_the_next_page(client):
    survey = three_page_survey()
    start(client, survey)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    response = client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "next"})
    assert response.context["reason"] == "closed"


def test_login_required_sends_to_login_and_back(client):
    survey = three_page_survey(access=Survey.Access.LOGIN, anonymous=False)
    response = client.get(start_url(survey))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={start_url(survey)}" in response.url.replace("%2F", "/")
    user = UserFactory()
    client.force_login(user)
    assert client.get(start_url(survey)).status_code == 200
    answer_all(client, survey)
    assert submitted().get().user == user
    assert client.get(start_url(survey)).context["reason"] == "answered"


def test_the_account_finds_its_in_progress_response(client):
    survey = three_page_survey(access=Survey.Access.LOGIN, anonymous=False)
    user = UserFactory()
    client.force_login(user)
    start(client, survey)
    client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "next"})
    other = Client()
    other.force_login(user)
    page = other.get(start_url(survey))
    assert page.context["response"] is not None
    assert other.post(start_url(survey), {"language": "sv"}).url == page_url(survey, 2)


def test_invitation_only_survey_without_an_invitation(client):
    survey = three_page_survey(access=Survey.Access.INVITATION)
    assert client.get(start_url(survey)).context["reason"] == "invitation"


def _invitation(survey, email="anna@exempel.example"):
    secret = new_secret()
    invitation = Invitation.objects.create(
        survey=survey, email=email, token_hash=token_hash(secret)
    )
    return invitation, reverse("surveys:invitation", args=[secret])


def test_invitation_link_is_used_once(client):
    survey = three_page_survey(access=Survey.Access.INVITATION)
    invitation, link = _invitation(survey)
    assert client.get(link).url == start_url(survey)
    last = answer_all(client, survey)
    assert last.url == thanks_url(survey)
    invitation.refresh_from_db()
    assert invitation.answered

    again = Client().get(link)
    assert again.status_code == 200
    assert again.context["reason"] == "used"
    assert "använts" in again.content.decode() or "already been used" in again.content.decode()
    assert submitted().count() == 1


def test_unknown_invitation_link(client):
    response = client.get(reverse("surveys:invitation", args=["inte-en-riktig-lank"]))
    assert response.status_code == 404
    assert response.context["reason"] == "invitation_invalid"


def test_anonymous_invitation_answer_leaves_no_trace_in_the_session(client):
    survey = three_page_survey(access=Survey.Access.INVITATION)
    invitation, link = _invitation(survey)
    client.get(link)
    answer_all(client, survey)
    response = submitted().get()
    assert response.invitation_id is None and response.user_id is None
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        assert str(response.pk) not in decoded
        assert f"survey-{survey.pk}" not in decoded


def test_two_people_with_two_invitations(client):
    survey = three_page_survey(access=Survey.Access.INVITATION, anonymous=False)
    first, first_link = _invitation(survey, "a@exempel.example")
    second, second_link = _invitation(survey, "b@exempel.example")
    client.get(first_link)
    answer_all(client, survey)
    other = Client()
    other.get(second_link)
    answer_all(other, survey)
    assert {r.invitation for r in submitted()} == {first, second}


def test_logged_in_resident_answers_an_anonymous_survey_once(client):
    survey = three_page_survey()
    user = UserFactory()
    client.force_login(user)
    answer_all(client, survey)
    assert SurveyParticipant.objects.filter(survey=survey, user=user).exists()
    assert submitted().get().user is None
    assert client.get(start_url(survey)).context["reason"] == "answered"


def test_rtl_survey_language_marks_the_content(client):
    survey = three_page_survey(languages=["ar"])
    section = survey.sections.first()
    section.translations = {"ar": {"title": "عنك وعن الميناء"}}
    section.save()
    start(client, survey, language="ar")
    html = client.get(page_url(survey, 1)).content.decode()
    assert '<h1 lang="ar" dir="rtl">عنك وعن الميناء</h1>' in html
    assert 'class="survey-content" lang="ar" dir="rtl"' in html
    assert Response.objects.get().language == "ar"


def test_invitation_answer_resumed_on_another_device_uses_the_invitation(client):
    survey = three_page_survey(access=Survey.Access.INVITATION)
    invitation, link = _invitation(survey)
    client.get(link)
    start(client, survey)
    saved = client.post(page_url(survey, 1), {**page_data(survey)[1], "action": "save"})
    other = Client()
    other.get(saved.context["resume_url"])
    for number in (1, 2, 3, 4):
        data = {**page_data(survey)[number], "action": "submit" if number == 4 else "next"}
        last = other.post(page_url(survey, number), data)
    assert last.url == thanks_url(survey)
    invitation.refresh_from_db()
    assert invitation.answered
    assert submitted().get().invitation_id is None
    assert Client().get(link).context["reason"] == "used"


def test_starting_is_a_plain_link_and_nothing_is_stored_until_page_one_is_sent():
    """The start page has no CSRF token for a new visitor (so it can be served from
    the page cache), and opening page 1 stores nothing."""
    survey = three_page_survey(languages=["en"])
    client = Client(enforce_csrf_checks=True)
    start_page = client.get(start_url(survey))
    html = start_page.content.decode()
    assert f'method="get" action="{page_url(survey, 1)}"' in html
    assert "csrfmiddlewaretoken" not in html and "csrftoken" not in start_page.cookies

    first = client.get(page_url(survey, 1), {"language": "en"})
    assert first.status_code == 200
    assert first.context["language"].code == "en"
    assert 'name="language" value="en"' in first.content.decode()
    assert Response.objects.count() == 0

    token = first.cookies["csrftoken"].value
    post = {**page_data(survey)[1], "action": "next", "language": "en"}
    sent = client.post(page_url(survey, 1), {**post, "csrfmiddlewaretoken": token})
    assert sent.status_code == 302 and sent.url == page_url(survey, 2)
    response = Response.objects.get()
    assert response.language == "en"
    assert response.draft  # page 1's answers
    # The rest goes on as when started with the button.
    for number in (2, 3, 4):
        data = {**page_data(survey)[number], "csrfmiddlewaretoken": token}
        data["action"] = "submit" if number == 4 else "next"
        last = client.post(page_url(survey, number), data)
    assert last.url.startswith(thanks_url(survey))
    assert submitted().count() == 1


def test_page_one_without_a_start_still_says_no_when_the_survey_does(client):
    survey = three_page_survey()
    survey.access = Survey.Access.INVITATION
    survey.save()
    response = client.get(page_url(survey, 1))
    assert response.status_code == 200
    assert response.context["reason"] == "invitation"
    assert client.post(page_url(survey, 1), page_data(survey)[1]).status_code == 200
    assert Response.objects.count() == 0
    # Later pages still send a newcomer to the start.
    assert client.get(page_url(survey, 2)).url == start_url(survey)


def test_submitting_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """The submit reads the survey's pages once, validates every page without
    queries of its own and writes in one transaction. Per request: session, survey,
    the response with any submitted under the key (one query), 5 for the pages
    (sections, questions, options, matrix rows, conditions), districts (9); the
    transaction with the lock, the response, the answers and the contributions'
    date (6); 5 per free text (``contribution_create``, two here); the session (3)."""
    survey = three_page_survey()
    pages = page_data(survey)
    start(client, survey)
    for number in (1, 2, 3):
        client.post(page_url(survey, number), {**pages[number], "action": "next"})
    post = {**pages[4], "action": "submit", "submission_key": str(uuid.uuid4())}
    with django_assert_max_num_queries(28):
        last = client.post(page_url(survey, 4), post)
    assert last.status_code == 302 and last.url == thanks_url(survey)
    assert submitted().count() == 1
    assert Answer.objects.filter(response__status=Response.Status.SUBMITTED).count() == 9


def test_a_submit_sent_back_to_an_earlier_page_keeps_the_last_page(client):
    survey = three_page_survey()
    start(client, survey)
    response = client.post(page_url(survey, 4), {"age_band": "26-44", "action": "submit"})
    assert response.url == page_url(survey, 1) + "?kontrollera=1"
    draft = Response.objects.get().draft
    assert draft["background"] == {"age_band": ["26-44"]}
    assert not submitted().exists()


def test_the_background_page_takes_only_the_municipalitys_active_districts(client):
    from delaktig.municipality.models import District

    survey = three_page_survey()
    municipality = survey.activity.dialogue.municipality
    ours = District.objects.create(municipality=municipality, name="Centrum", slug="centrum")
    closed = District.objects.create(
        municipality=municipality, name="Gamla staden", slug="gamla", is_active=False
    )
    answer_all(client, survey)  # without a district
    assert submitted().get().district is None
    for district, ok in ((closed, False), ("x", False), (ours, True)):
        start(client, survey)
        for number, data in page_data(survey).items():
            if number == 4:
                value = district.pk if isinstance(district, District) else district
                data = {"district": str(value), "action": "submit"}
            else:
                data = {**data, "action": "next"}
            last = client.post(page_url(survey, number), data)
        if ok:
            assert last.status_code == 302 and last.url == thanks_url(survey)
        else:
            assert last.status_code == 200 and "district" in last.context["form"].errors
    assert submitted().filter(district=ours).count() == 1
