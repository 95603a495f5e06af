"""The resident-facing section form: one field per question, validated per kind."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from delaktig.municipality.tests.factories import DistrictFactory
from delaktig.surveys.forms_answer import build_section_form, values_for_conditions
from delaktig.surveys.models import Question
from delaktig.surveys.tests.factories import (
    SCALE_1_10,
    MatrixItemFactory,
    QuestionFactory,
    SectionFactory,
    options,
    three_page_survey,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def _form(section, data=None, **kwargs):
    return build_section_form(section, "sv", data, **kwargs)


def _question(kind, **kwargs):
    section = kwargs.pop("section", None) or SectionFactory()
    return QuestionFactory(section=section, kind=kind, key=kwargs.pop("key", "f"), **kwargs)


def test_single_choice_required_and_other_namely():
    question = _question(Kind.SINGLE, required=True)
    walk, other = options(question, "Till fots", other=True)
    form = _form(question.section, {})
    assert not form.is_valid()
    assert form.errors["q_f"] == [_("Choose an option.")]

    form = _form(question.section, {"q_f": str(other.pk)})
    assert not form.is_valid()
    assert form.errors["q_f__other"] == [_("Write what you mean by ”other”.")]

    form = _form(question.section, {"q_f": str(other.pk), "q_f__other": "Båt"})
    assert form.is_valid(), form.errors
    assert form.answers() == [{"question": question, "option": other, "text": "Båt"}]

    # Text typed for "other" without choosing it is not kept.
    form = _form(question.section, {"q_f": str(walk.pk), "q_f__other": "Båt"})
    assert form.is_valid()
    assert form.answers() == [{"question": question, "option": walk}]


def test_multiple_choice_max_choices():
    question = _question(Kind.MULTIPLE, settings={"max_choices": 2})
    a, b, c = options(question, "A", "B", "C")
    form = _form(question.section, {"q_f": [str(a.pk), str(b.pk), str(c.pk)]})
    assert not form.is_valid()
    assert form.errors["q_f"] == [_("Choose at most %(count)s options.") % {"count": 2}]
    form = _form(question.section, {"q_f": [str(a.pk), str(c.pk)]})
    assert form.is_valid()
    assert [row["option"] for row in form.answers()] == [a, c]
    # Optional: nothing chosen is fine and gives no answers.
    form = _form(question.section, {})
    assert form.is_valid() and form.answers() == []


def test_scale_with_dont_know_and_end_labels():
    question = _question(Kind.SCALE, settings=SCALE_1_10, required=True)
    form = _form(question.section)
    labels = [label for _value, label in form.fields["q_f"].choices]
    assert labels[0] == "1 Mycket dåligt"
    assert labels[9] == "10 Mycket bra"
    assert labels[-1] == _("Don't know")

    form = _form(question.section, {"q_f": "11"})
    assert not form.is_valid()
    assert form.errors["q_f"] == [_("Choose a value on the scale.")]
    form = _form(question.section, {"q_f": "dont_know"})
    assert form.is_valid()
    assert form.answers() == [{"question": question, "dont_know": True}]
    form = _form(question.section, {"q_f": "7"})
    assert form.is_valid()
    assert form.answers() == [{"question": question, "value": 7}]


def test_matrix_one_field_per_row():
    question = _question(Kind.MATRIX, settings={"min": 1, "max": 5}, required=True)
    safe = MatrixItemFactory(question=question, text="Tryggt")
    easy = MatrixItemFactory(question=question, text="Lätt att hitta")
    form = _form(question.section, {f"q_f__{safe.pk}": "4"})
    assert not form.is_valid()
    assert form.errors[f"q_f__{easy.pk}"] == [_("Choose a value for this row.")]
    form = _form(question.section, {f"q_f__{safe.pk}": "4", f"q_f__{easy.pk}": "2"})
    assert form.is_valid()
    assert form.answers() == [
        {"question": question, "item": safe, "value": 4},
        {"question": question, "item": easy, "value": 2},
    ]


def test_ranking_places_are_unique():
    question = _question(Kind.RANKING)
    a, b, c = options(question, "Lekplats", "Bänkar", "Belysning")
    form = _form(question.section, {f"q_f__rank_{a.pk}": "1", f"q_f__rank_{b.pk}": "1"})
    assert not form.is_valid()
    assert form.errors[f"q_f__rank_{b.pk}"] == [
        _("Place %(place)s is already given to ”%(option)s”.")
        % {"place": "1", "option": "Lekplats"}
    ]
    form = _form(question.section, {f"q_f__rank_{a.pk}": "2", f"q_f__rank_{c.pk}": "1"})
    assert form.is_valid()
    assert form.answers() == [
        {"question": question, "option": a, "value": 2},
        {"question": question, "option": c, "value": 1},
    ]


def test_texts_required_and_limited():
    section = SectionFactory()
    short = _question(Kind.SHORT_TEXT, section=section, key="kort", required=True)
    _question(Kind.LONG_TEXT, section=section, key="lang")
    form = _form(section, {"q_kort": "", "q_lang": "x" * 5001})
    assert not form.is_valid()
    assert form.errors["q_kort"] == [_("Answer the question.")]
    assert "5000" in form.errors["q_lang"][0]
    form = _form(section, {"q_kort": "  Fler bänkar "})
    assert form.is_valid()
    assert form.answers() == [{"question": short, "text": "Fler bänkar"}]


def test_number_limits_and_swedish_decimal_comma():
    question = _question(Kind.NUMBER, settings={"min": 0, "max": 100}, required=True)
    form = _form(question.section, {"q_f": "mycket"})
    assert not form.is_valid()
    assert form.errors["q_f"] == [_("Write a number, for example 12 or 3,5.")]
    form = _form(question.section, {"q_f": "101"})
    assert not form.is_valid()
    assert form.errors["q_f"] == [
        _("Write a number that is at most %(limit_value)s.") % {"limit_value": 100}
    ]
    form = _form(question.section, {"q_f": "3,5"})
    assert form.is_valid(), form.errors
    assert form.answers() == [{"question": question, "number": Decimal("3.5")}]


def test_date():
    question = _question(Kind.DATE)
    form = _form(question.section, {"q_f": "i går"})
    assert not form.is_valid()
    assert form.errors["q_f"] == [_("Write the date as YYYY-MM-DD, for example 2026-05-17.")]
    form = _form(question.section, {"q_f": "2026-05-17"})
    assert form.is_valid()
    assert form.answers() == [{"question": question, "date": datetime.date(2026, 5, 17)}]


def test_district_and_location_offer_the_municipality_districts():
    section = SectionFactory()
    municipality = section.survey.activity.dialogue.municipality
    centre = DistrictFactory(municipality=municipality, name="Centrum")
    DistrictFactory(municipality=municipality, name="Gamla", is_active=False)
    district_q = _question(Kind.DISTRICT, section=section, key="del", required=True)
    place_q = _question(Kind.LOCATION, section=section, key="plats", required=True)
    form = _form(section, {})
    assert [label for _v, label in form.fields["q_del"].choices][1:] == ["Centrum"]
    assert not form.is_valid()
    assert form.errors["q_del"] == [_("Choose a district.")]
    assert form.errors["q_plats"] == [_("Choose a district or mark a place on the map.")]

    form = _form(
        section,
        {"q_del": str(centre.pk), "q_plats__lat": "63.18", "q_plats__lng": "14.64"},
    )
    assert form.is_valid(), form.errors
    assert form.answers() == [
        {"question": district_q, "district": centre},
        {"question": place_q, "latitude": 63.18, "longitude": 14.64},
    ]


def test_condition_on_an_earlier_section_leaves_the_question_out():
    survey = three_page_survey()
    last = survey.sections.get(position=2)
    how = survey.questions.get(key="fardsatt")
    bus = how.options.get(text="Buss")
    walk = how.options.get(text="Till fots")
    assert "q_buss" not in _form(last).fields
    assert "q_buss" not in _form(last, answers_so_far={"fardsatt": walk.pk}).fields
    assert "q_buss" in _form(last, answers_so_far={"fardsatt": [str(bus.pk)]}).fields
    first = survey.sections.get(position=0)
    form = _form(first, {"q_fardsatt": str(bus.pk)})
    assert form.is_valid()
    assert form.condition_values() == {"fardsatt": [str(bus.pk)]}
    assert values_for_conditions(form.questions, {"q_fardsatt": str(bus.pk)}) == {
        "fardsatt": [str(bus.pk)]
    }


def test_condition_in_the_same_section_is_ignored_when_not_met():
    section = SectionFactory()
    how = _question(Kind.SINGLE, section=section, key="hur")
    bus, car = options(how, "Buss", "Bil")
    why = _question(Kind.SHORT_TEXT, section=section, key="varfor", required=True, show_if=how)
    why.show_if_options.add(bus)
    form = _form(section)
    assert "q_varfor" in form.fields
    assert "Buss" in form.fields["q_varfor"].help_text

    form = _form(section, {"q_hur": str(car.pk), "q_varfor": ""})
    assert form.is_valid(), form.errors
    form = _form(section, {"q_hur": str(car.pk), "q_varfor": "typed anyway"})
    assert form.is_valid()
    assert [row["question"] for row in form.answers()] == [how]

    form = _form(section, {"q_hur": str(bus.pk), "q_varfor": ""})
    assert not form.is_valid()
    assert form.errors["q_varfor"] == [_("Answer the question.")]


def test_texts_in_the_chosen_language_fall_back_to_swedish():
    question = _question(
        Kind.SINGLE,
        text="Hur reser du?",
        translations={"en": {"text": "How do you travel?"}},
    )
    (walk,) = options(question, "Till fots")
    form = build_section_form(question.section, "en")
    assert form.fields["q_f"].label == "How do you travel?"
    assert form.fields["q_f"].choices == [(str(walk.pk), "Till fots")]
    assert build_section_form(question.section, "ar").fields["q_f"].label == "Hur reser du?"


def test_renders_every_question_kind_with_labels_and_kept_input():
    survey = three_page_survey()
    section = survey.sections.get(position=1)
    form = _form(section, {"q_besok": "mycket", "q_betyg": "7"})
    assert not form.is_valid()
    html = render_to_string("surveys/section_form.html", {"form": form})
    assert "error-summary" in html
    assert 'value="mycket"' in html
    assert "Det är tryggt på kvällen" in html
    assert "<legend" in html
    assert "checked" in html


def test_query_count_is_bounded(django_assert_max_num_queries):
    survey = three_page_survey()
    section = survey.sections.get(position=1)
    with django_assert_max_num_queries(5):
        str(_form(section))
