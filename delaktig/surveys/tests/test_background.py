"""The optional background questions: age band, gender, district."""

import pytest
from django.utils import timezone

from delaktig.municipality.tests.factories import DistrictFactory
from delaktig.surveys.background import BackgroundForm
from delaktig.surveys.models import Response
from delaktig.surveys.tests.answering_helpers import page_data, page_url, start
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db


def test_everything_is_optional():
    form = BackgroundForm({}, municipality=None)
    assert form.is_valid()
    assert form.background() == {"age_band": "", "gender": "", "district": None}


def test_year_of_birth_becomes_an_age_band():
    year = timezone.localdate().year - 30
    form = BackgroundForm({"birth_year": str(year)}, municipality=None)
    assert form.is_valid()
    assert form.background()["age_band"] in {"26-44"}


def test_a_chosen_age_band_wins_over_the_year():
    form = BackgroundForm({"age_band": "65-79", "birth_year": "2000"}, municipality=None)
    assert form.is_valid()
    assert form.background()["age_band"] == "65-79"


def test_year_out_of_range_is_refused():
    form = BackgroundForm({"birth_year": "1850"}, municipality=None)
    assert not form.is_valid()
    assert "birth_year" in form.errors


def test_gender_offers_other_and_prefer_not_to_say():
    values = [value for value, _label in BackgroundForm(municipality=None).fields["gender"].choices]
    assert values == ["woman", "man", "other", "unstated"]


def test_district_choice_only_when_the_municipality_has_districts():
    assert "district" not in BackgroundForm(municipality=None).fields


def test_background_answers_are_stored_on_the_response(client):
    survey = three_page_survey()
    municipality = survey.activity.dialogue.municipality
    district = DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    start(client, survey)
    pages = page_data(survey)
    for number in (1, 2, 3):
        client.post(page_url(survey, number), {**pages[number], "action": "next"})
    page = client.get(page_url(survey, 4))
    assert page.context["is_background"]
    assert "aldrig" in page.content.decode() or "never" in page.content.decode()
    last = client.post(
        page_url(survey, 4),
        {
            "age_band": "18-25",
            "gender": "other",
            "district": str(district.pk),
            "action": "submit",
        },
    )
    assert last.status_code == 302
    response = Response.objects.get(status=Response.Status.SUBMITTED)
    assert (response.age_band, response.gender, response.district) == ("18-25", "other", district)


def test_survey_without_background_questions_has_three_pages(client):
    survey = three_page_survey(background_questions=False)
    start(client, survey)
    assert client.get(page_url(survey, 3)).context["total"] == 3
