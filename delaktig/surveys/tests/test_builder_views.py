"""The builder pages as staff use them."""

import uuid

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.municipality.tests.factories import (
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
    administrator,
    official,
    representative,
)
from delaktig.surveys.models import Answer, Question, Response, Section, Survey
from delaktig.surveys.tests import url_classes
from delaktig.surveys.tests.factories import (
    SurveyActivityFactory,
    SurveyFactory,
    three_page_survey,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind


@pytest.fixture
def activity():
    return SurveyActivityFactory()


@pytest.fixture
def staff_client(client, activity):
    client.force_login(official(activity.dialogue.unit))
    return client


def _survey_url(name, survey):
    return reverse(f"survey_staff:{name}", args=[survey.pk])


# --- Permissions ---------------------------------------------------------------


def test_every_builder_url_refuses_outsiders(client):
    world = {"dialogue": SurveyActivityFactory().dialogue}
    kwargs = {
        name: kw
        for name, kw in url_classes.url_kwargs(world).items()
        if name.startswith("survey_staff:")
    }
    urls = [reverse(name, kwargs=kw) for name, kw in kwargs.items()]
    assert len(urls) == 15
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response.url or "login" in response.url
    outsiders = [
        UserFactory(),
        official(UnitFactory()),
        representative(world["dialogue"].owner_committee),
    ]
    for person in outsiders:
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, (person, url)
            # A POST to a read-only page may be refused as not allowed instead.
            assert client.post(url).status_code in {403, 405}, (person, url)


def test_administrator_may_manage(client):
    survey = three_page_survey()
    client.force_login(administrator())
    assert client.get(_survey_url("detail", survey)).status_code == 200


# --- The list --------------------------------------------------------------------


def test_list_shows_own_surveys_in_constant_queries(client, django_assert_max_num_queries):
    unit = UnitFactory()
    person = official(unit)
    client.force_login(person)
    foreign = SurveyFactory(title="Någon annans")
    SurveyFactory(activity__dialogue__unit=unit, title="Vår enkät")
    SurveyActivityFactory(dialogue__unit=unit, title="Ny aktivitet")
    with django_assert_max_num_queries(12) as few:
        response = client.get(reverse("survey_staff:list"))
    assert "Vår enkät" in response.text and foreign.title not in response.text
    assert "Ny aktivitet" in response.text
    for _n in range(5):
        SurveyFactory(activity__dialogue__unit=unit)
        SurveyActivityFactory(dialogue__unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("survey_staff:list"))


# --- Creating and editing ------------------------------------------------------------


def test_create_once_even_on_double_submit(staff_client, activity):
    url = reverse("survey_staff:create", args=[activity.pk])
    assert staff_client.get(url).status_code == 200
    key = str(uuid.uuid4())
    data = {"submission_key": key, "title": "Hamnen", "access": "open", "anonymous": "on"}
    first = staff_client.post(url, data)
    second = staff_client.post(url, data)
    survey = Survey.objects.get(activity=activity)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == _survey_url("detail", survey)
    assert survey.state == Survey.State.DRAFT


def test_invalid_input_keeps_what_was_typed(staff_client, activity):
    url = reverse("survey_staff:create", args=[activity.pk])
    response = staff_client.post(
        url, {"title": "", "intro": "Vi vill veta vad du tycker", "access": "open"}
    )
    assert response.status_code == 200
    assert _("Give the survey a title.") in response.text
    assert "Vi vill veta vad du tycker" in response.text
    assert not Survey.objects.exists()


def test_build_two_sections_with_a_scale_question(staff_client, activity):
    survey = SurveyFactory(activity=activity, state=Survey.State.DRAFT)
    for title in ("Om dig", "Betyg"):
        response = staff_client.post(
            _survey_url("section_create", survey),
            {"title": title, "submission_key": str(uuid.uuid4())},
        )
        assert response.status_code == 302
    second = survey.sections.get(title="Betyg")
    url = reverse("survey_staff:question_create", args=[second.pk])
    page = staff_client.get(url + "?typ=scale")
    assert 'value="Inte alls nöjd"' in page.text  # the common scale as default
    response = staff_client.post(
        url,
        {
            "kind": "scale",
            "text": "Vilket betyg ger du hamnen?",
            "scale_min": "1",
            "scale_max": "10",
            "min_label": "Inte alls nöjd",
            "max_label": "Helt nöjd",
            "dont_know": "on",
            "required": "on",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(section=second)
    assert question.settings["max"] == 10 and question.settings["dont_know"] is True
    detail = staff_client.get(_survey_url("detail", survey))
    assert "Vilket betyg ger du hamnen?" in detail.text
    # The preview shows it as residents see it.
    preview = staff_client.get(_survey_url("preview", survey) + "?del=1")
    assert preview.status_code == 200
    assert "Vilket betyg ger du hamnen?" in preview.text
    assert "10 Helt nöjd" in preview.text


def test_question_with_options_and_condition(staff_client, activity):
    survey = SurveyFactory(activity=activity, state=Survey.State.DRAFT)
    section = Section.objects.create(survey=survey, title="Del 1")
    url = reverse("survey_staff:question_create", args=[section.pk])
    staff_client.post(
        url,
        {
            "kind": "single",
            "text": "Hur reser du?",
            "new_choices": "Buss\nBil\n",
            "has_other": "on",
        },
    )
    how = Question.objects.get(section=section)
    assert [o.text for o in how.options.all()][:2] == ["Buss", "Bil"]
    bus = how.options.get(text="Buss")
    response = staff_client.post(
        url, {"kind": "short_text", "text": "Varför buss?", "condition": [str(bus.pk)]}
    )
    assert response.status_code == 302
    why = Question.objects.get(section=section, kind=Kind.SHORT_TEXT)
    assert why.show_if == how
    # Move an option down with its button; the text change is saved too.
    edit = reverse("survey_staff:question_edit", args=[how.pk])
    car = how.options.get(text="Bil")
    response = staff_client.post(
        edit,
        {
            "kind": "single",
            "text": "Hur reser du oftast?",
            "key": how.key,
            f"choice_{bus.pk}": "Buss",
            f"choice_{car.pk}": "Bil",
            "has_other": "on",
            "move": f"{bus.pk}:down",
        },
    )
    assert response.status_code == 302 and response.url == edit
    assert [o.text for o in how.options.all()][:2] == ["Bil", "Buss"]


def test_refused_change_is_explained_on_the_page(staff_client, activity):
    survey = three_page_survey(activity=activity)
    how = survey.questions.get(key="fardsatt")
    response = Response.objects.create(survey=survey, status=Response.Status.SUBMITTED)
    Answer.objects.create(
        survey=survey, response=response, question=how, option=how.options.first()
    )
    detail = staff_client.get(_survey_url("detail", survey))
    assert _("People have answered: what you can still change") in detail.text
    page = staff_client.post(
        reverse("survey_staff:question_edit", args=[how.pk]),
        {
            "kind": "multiple",
            "text": "Hur reser du?",
            "key": how.key,
            **{f"choice_{o.pk}": o.text for o in how.options.filter(is_other=False)},
        },
    )
    assert page.status_code == 200
    assert _("The question has answers, so its type cannot change.") in page.text
    how.refresh_from_db()
    assert how.kind == Kind.SINGLE


def test_open_without_questions_says_why(staff_client, activity):
    survey = SurveyFactory(activity=activity, state=Survey.State.DRAFT)
    response = staff_client.post(_survey_url("state", survey), {"action": "open"})
    assert response.status_code == 400
    assert _("Add at least one question before you open the survey.") in response.text


def test_builder_page_queries_do_not_grow(staff_client, activity, django_assert_max_num_queries):
    survey = three_page_survey(activity=activity, languages=["en"])
    with django_assert_max_num_queries(30) as before:
        staff_client.get(_survey_url("detail", survey))
    for section in survey.sections.all():
        for n in range(3):
            Question.objects.create(
                survey=survey,
                section=section,
                key=f"extra_{section.pk}_{n}",
                kind="single",
                text="Extra",
                position=10 + n,
            )
    with django_assert_max_num_queries(len(before.captured_queries)):
        staff_client.get(_survey_url("detail", survey))


# --- Copy, languages, preview ------------------------------------------------------


def test_copy_to_another_activity(staff_client, activity):
    survey = three_page_survey(activity=activity)
    target = SurveyActivityFactory(dialogue__unit=activity.dialogue.unit, title="Nästa år")
    response = staff_client.post(
        _survey_url("copy", survey),
        {"activity": target.pk, "title": "Hamnen 2027", "submission_key": str(uuid.uuid4())},
    )
    copy = Survey.objects.get(activity=target)
    assert response.url == _survey_url("detail", copy)
    assert copy.questions.count() == survey.questions.count()


def test_translation_page_side_by_side(staff_client, activity):
    survey = three_page_survey(activity=activity, languages=["ar"])
    url = reverse("survey_staff:translations", args=[survey.pk, "ar"])
    page = staff_client.get(url)
    assert 'dir="rtl"' in page.text and "Hur tar du dig oftast till hamnen?" in page.text
    how = survey.questions.get(key="fardsatt")
    field = f"t_question_{how.pk}_text"
    assert field in page.text
    staff_client.post(url, {field: "كيف تصل إلى الميناء؟"})
    how.refresh_from_db()
    assert how.translations["ar"]["text"] == "كيف تصل إلى الميناء؟"
    assert (
        staff_client.get(reverse("survey_staff:translations", args=[survey.pk, "fi"])).status_code
        == 404
    )
    preview = staff_client.get(_survey_url("preview", survey) + "?sprak=ar")
    assert "كيف تصل إلى الميناء؟" in preview.text and 'dir="rtl"' in preview.text


def test_preview_checks_answers_and_follows_conditions(staff_client, activity):
    survey = three_page_survey(activity=activity)
    url = _survey_url("preview", survey)
    first = staff_client.get(url)
    assert "Hur tar du dig oftast till hamnen?" in first.text
    wrong = staff_client.post(url + "?del=0", {})
    assert wrong.status_code == 400 and _("Choose an option.") in wrong.text
    bus = survey.questions.get(key="fardsatt").options.get(text="Buss")
    right = staff_client.post(url + "?del=0", {"q_fardsatt": str(bus.pk)})
    assert right.status_code == 302
    last = staff_client.get(url + "?del=2")
    assert "Vad skulle göra bussen bättre?" in last.text
    assert not Response.objects.filter(survey=survey).exists()


def test_unit_membership_via_role_factory(client):
    # An official of both units may manage; sanity check for the predicate.
    survey = three_page_survey()
    person = official(UnitFactory())
    RoleAssignmentFactory(user=person, unit=survey.activity.dialogue.unit, role="official")
    client.force_login(person)
    assert client.get(_survey_url("detail", survey)).status_code == 200


def test_every_builder_page_opens_for_the_unit_official(client):
    activity = SurveyActivityFactory()
    world = {"dialogue": activity.dialogue}
    kwargs = {
        name: kw
        for name, kw in url_classes.url_kwargs(world).items()
        if name.startswith("survey_staff:")
    }
    survey = Survey.objects.get(activity__dialogue=activity.dialogue, languages=["en"])
    # A choice question and a matrix, so their edit pages show options and rows.
    section = survey.sections.get()
    three = three_page_survey(activity=SurveyActivityFactory(dialogue=activity.dialogue))
    client.force_login(official(activity.dialogue.unit))
    post_only = {"survey_staff:state", "survey_staff:section_move", "survey_staff:question_move"}
    for name, kw in kwargs.items():
        response = client.get(reverse(name, kwargs=kw))
        assert response.status_code == (405 if name in post_only else 200), name
    for question in three.questions.all():
        url = reverse("survey_staff:question_edit", args=[question.pk])
        assert client.get(url).status_code == 200, question.kind
    for kind in Kind.values:
        url = reverse("survey_staff:question_create", args=[section.pk]) + f"?typ={kind}"
        assert client.get(url).status_code == 200, kind
    assert client.get(reverse("survey_staff:question_create", args=[section.pk])).status_code == 200


def test_delete_a_question_and_a_section(staff_client, activity):
    survey = three_page_survey(activity=activity)
    wish = survey.questions.get(key="onskan")
    response = staff_client.post(reverse("survey_staff:question_delete", args=[wish.pk]))
    assert response.status_code == 302
    assert not Question.objects.filter(pk=wish.pk).exists()
    # The last section's remaining question depends on the first page: deleting the
    # first page is refused with the reason on the page.
    first = survey.sections.get(position=0)
    response = staff_client.post(reverse("survey_staff:section_delete", args=[first.pk]))
    assert response.status_code == 400
    assert "Vad skulle göra bussen bättre?" in response.text
