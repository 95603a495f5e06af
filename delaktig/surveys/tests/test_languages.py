import pytest

from delaktig.surveys import languages
from delaktig.surveys.tests.factories import three_page_survey

pytestmark = pytest.mark.django_db


def test_offered_languages_have_own_names_and_direction():
    assert languages.SWEDISH not in languages.OFFERED
    assert {"en", "ar", "so", "fi", "fit", "se", "fa", "ti", "sv-easy"} <= set(languages.OFFERED)
    assert languages.get("ar").rtl and languages.get("fa").rtl
    assert languages.get("ar").direction == "rtl" and languages.get("fi").direction == "ltr"
    assert languages.get("fi").name == "Suomi"
    assert languages.get("sv-easy").lang == "sv-x-easy"
    assert languages.get("xx").code == "sv"


def test_text_in_falls_back_to_swedish():
    survey = three_page_survey(translations={"en": {"title": "Harbour", "intro": "  "}})
    assert languages.text_in(survey, "title", "en") == "Harbour"
    assert languages.text_in(survey, "intro", "en") == survey.intro
    assert languages.text_in(survey, "title", "fi") == survey.title
    rating = survey.questions.get(key="betyg")
    assert languages.text_in(rating, "max_label", "en") == "Mycket bra"


def test_missing_translations_cover_every_text():
    survey = three_page_survey(languages=["en"])
    missing = languages.missing_translations(survey, "en")
    fields = {(type(obj).__name__, field) for obj, field in missing}
    assert ("Survey", "title") in fields
    assert ("Section", "title") in fields
    assert ("Question", "text") in fields
    assert ("Question", "min_label") in fields
    assert ("Option", "text") in fields
    assert ("MatrixItem", "text") in fields
    # Empty Swedish texts (no help text) need no translation.
    assert ("Question", "help_text") not in fields
    assert [lang.code for lang in languages.survey_languages(survey)] == ["sv", "en"]
