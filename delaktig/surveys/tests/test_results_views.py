import datetime

import pytest
from django.urls import reverse

from delaktig.municipality.tests import factories as f
from delaktig.surveys.demo import GeneratedResponse, write_responses
from delaktig.surveys.models import Question
from delaktig.surveys.tests.factories import (
    SCALE_1_10,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    options,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind
NAMES = ["overview", "crosstab", "texts", "export_csv", "export_xlsx", "summary_csv"]


@pytest.fixture
def survey():
    survey = SurveyFactory()
    section = SectionFactory(survey=survey)
    choice = QuestionFactory(section=section, key="val", text="Vilket förslag?")
    a, b = options(choice, "Förslag A", "Förslag B")
    scale = QuestionFactory(
        section=section, key="betyg", kind=Kind.SCALE, settings=SCALE_1_10, text="Betyg?"
    )
    words = QuestionFactory(section=section, key="ord", kind=Kind.LONG_TEXT, text="Något mer?")
    generated = []
    for i in range(30):
        answers = [
            {"question": choice, "option": a if i % 3 else b},
            {"question": scale, "value": 3 + i % 7},
        ]
        if i < 4:
            answers.append({"question": words, "text": f"Fler bänkar vid torget {i}"})
        generated.append(
            GeneratedResponse(
                submitted_on=datetime.date(2026, 3, 1),
                gender="woman" if i < 17 else ("man" if i < 28 else "other"),
                language="sv" if i < 27 else "en",
                answers=answers,
            )
        )
    write_responses(survey, generated)
    survey.choice = choice
    return survey


@pytest.fixture
def official(survey):
    return f.official(survey.activity.dialogue.unit)


def url(name, survey):
    return reverse(f"survey_results:{name}", kwargs={"pk": survey.pk})


@pytest.mark.parametrize("name", NAMES)
def test_refused_to_residents_and_foreign_officials(client, survey, name):
    response = client.get(url(name, survey))
    assert response.status_code == 302
    client.force_login(f.UserFactory())
    assert client.get(url(name, survey)).status_code == 403
    client.force_login(f.official())
    assert client.get(url(name, survey)).status_code == 403


def test_overview_shows_every_question_with_table_and_bars(client, survey, official):
    client.force_login(official)
    response = client.get(url("overview", survey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vilket förslag?" in html and "Betyg?" in html and "Något mer?" in html
    assert "bar-w-" in html and "<table" in html
    assert "style=" not in html
    assert "survey-results.css" in html
    # 3 answers in English: hidden with its reason, not shown as a number.
    assert "Engelska" in html or "English" in html


def test_crosstab_is_by_gender_by_default_and_hides_small_cells(client, survey, official):
    client.force_login(official)
    response = client.get(url("crosstab", survey) + f"?fraga={survey.choice.pk}")
    assert response.status_code == 200
    table = response.context["table"]
    assert response.context["dimension"] == "gender"
    assert table.any_suppressed  # two "other" answers
    assert table.cells[survey.choice.options.first().pk, "other"].suppressed


@pytest.mark.parametrize("dimension", ["age_band", "district", "nonsense"])
def test_crosstab_other_dimensions(client, survey, official, dimension):
    client.force_login(official)
    response = client.get(url("crosstab", survey) + f"?efter={dimension}")
    assert response.status_code == 200
    assert response.context["dimension"] == ("gender" if dimension == "nonsense" else dimension)


def test_texts_are_listed_and_searched(client, survey, official):
    client.force_login(official)
    response = client.get(url("texts", survey))
    assert response.context["page"].paginator.count == 4
    response = client.get(url("texts", survey) + "?q=torget 2")
    assert [a.text for a in response.context["page"]] == ["Fler bänkar vid torget 2"]


def test_overview_constant_queries(client, survey, official, django_assert_max_num_queries):
    client.force_login(official)
    with django_assert_max_num_queries(30):
        assert client.get(url("overview", survey)).status_code == 200
