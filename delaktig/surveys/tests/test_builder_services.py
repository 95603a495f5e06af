"""The builder's services: create, edit, order, states, copy, conditions, lock rules."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from delaktig.municipality.tests.factories import official, representative
from delaktig.surveys import services
from delaktig.surveys.models import Answer, MatrixItem, Option, Question, Response, Section, Survey
from delaktig.surveys.tests.factories import (
    QuestionFactory,
    SectionFactory,
    SurveyActivityFactory,
    SurveyFactory,
    options,
    three_page_survey,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind


@pytest.fixture
def activity():
    return SurveyActivityFactory()


@pytest.fixture
def staff(activity):
    return official(activity.dialogue.unit)


def _survey(activity, staff, **data):
    return services.survey_create(actor=staff, activity=activity, data={"title": "Hamnen", **data})


def _answer(survey, question, **kwargs):
    response = Response.objects.create(
        survey=survey, status=Response.Status.SUBMITTED, submitted_on="2026-05-01"
    )
    return Answer.objects.create(survey=survey, response=response, question=question, **kwargs)


def test_create_is_a_draft_and_audited(activity, staff):
    survey = _survey(activity, staff, languages=["ar", "en"])
    assert survey.state == Survey.State.DRAFT
    assert survey.access == Survey.Access.OPEN
    assert survey.languages == ["en", "ar"]  # offered order
    entry = LogEntry.objects.get_for_object(survey).get()
    assert entry.actor == staff


def test_create_refuses_other_units_and_representatives(activity):
    for person in (official(), representative(activity.dialogue.owner_committee)):
        with pytest.raises(PermissionDenied):
            _survey(activity, person)


def test_create_refuses_a_second_survey_and_unknown_languages(activity, staff):
    with pytest.raises(ValidationError):
        _survey(activity, staff, languages=["xx"])
    _survey(activity, staff)
    with pytest.raises(ValidationError):
        _survey(activity, staff)


def test_open_needs_a_question_then_close_and_reopen(activity, staff):
    survey = _survey(activity, staff)
    with pytest.raises(ValidationError):
        services.survey_open(actor=staff, survey=survey)
    section = services.section_create(actor=staff, survey=survey, data={"title": "Del 1"})
    services.question_save(
        actor=staff, section=section, data={"kind": Kind.LONG_TEXT, "text": "Vad tycker du?"}
    )
    assert services.survey_open(actor=staff, survey=survey).state == Survey.State.OPEN
    assert services.survey_close(actor=staff, survey=survey).state == Survey.State.CLOSED
    assert services.survey_open(actor=staff, survey=survey).state == Survey.State.OPEN


def test_new_scale_gets_the_common_scale_and_a_key(activity, staff):
    survey = _survey(activity, staff)
    section = services.section_create(actor=staff, survey=survey, data={"title": "Del 1"})
    question = services.question_save(
        actor=staff, section=section, data={"kind": Kind.SCALE, "text": "Hur trivs du?"}
    )
    assert question.settings == services.COMMON_SCALE
    assert question.key == "hur_trivs_du"
    second = services.question_save(
        actor=staff, section=section, data={"kind": Kind.SCALE, "text": "Hur trivs du?"}
    )
    assert second.key == "hur_trivs_du_2"
    assert second.position == 1


def test_choices_are_added_reordered_and_deleted(staff, activity):
    survey = _survey(activity, staff)
    section = services.section_create(actor=staff, survey=survey, data={"title": "Del 1"})
    question = services.question_save(
        actor=staff,
        section=section,
        data={"kind": Kind.SINGLE, "text": "Hur reser du?"},
        choices=[{"pk": None, "text": "Buss"}, {"pk": None, "text": "Bil"}],
        has_other=True,
    )
    assert [(o.text, o.is_other) for o in question.options.all()] == [
        ("Buss", False),
        ("Bil", False),
        (gettext("Other"), True),
    ]
    bus, car = question.options.filter(is_other=False)
    services.question_save(
        actor=staff,
        question=question,
        data={"text": "Hur reser du oftast?"},
        choices=[
            {"pk": car.pk, "text": "Bil"},
            {"pk": bus.pk, "text": "Buss", "delete": True},
            {"pk": None, "text": "Cykel"},
        ],
        has_other=False,
    )
    assert [o.text for o in question.options.all()] == ["Bil", "Cykel"]


def test_condition_must_be_an_earlier_choice_question(staff, activity):
    survey = _survey(activity, staff)
    section = services.section_create(actor=staff, survey=survey, data={"title": "Del 1"})
    how = services.question_save(
        actor=staff,
        section=section,
        data={"kind": Kind.SINGLE, "text": "Hur reser du?"},
        choices=[{"pk": None, "text": "Buss"}, {"pk": None, "text": "Bil"}],
    )
    text = services.question_save(
        actor=staff, section=section, data={"kind": Kind.SHORT_TEXT, "text": "Varför?"}
    )
    bus = how.options.get(text="Buss")
    # A later question cannot decide over an earlier one.
    with pytest.raises(ValidationError):
        services.question_save(actor=staff, question=how, data={}, show_if=text, show_if_options=[])
    # A text question cannot decide.
    with pytest.raises(ValidationError):
        services.question_save(
            actor=staff,
            section=section,
            data={"kind": Kind.SHORT_TEXT, "text": "Mer?"},
            show_if=text,
            show_if_options=[bus],
        )
    # Options must belong to the deciding question.
    other_q = QuestionFactory(section=SectionFactory(survey=survey, position=5))
    (foreign,) = options(other_q, "X")
    with pytest.raises(ValidationError):
        services.question_save(
            actor=staff, question=text, data={}, show_if=how, show_if_options=[foreign]
        )
    services.question_save(actor=staff, question=text, data={}, show_if=how, show_if_options=[bus])
    text.refresh_from_db()
    assert text.show_if == how and list(text.show_if_options.all()) == [bus]
    # Moving the dependent question above its condition is refused.
    with pytest.raises(ValidationError):
        services.question_move(actor=staff, question=text, direction=-1)
    # And the deciding question cannot be deleted while others depend on it.
    with pytest.raises(ValidationError):
        services.question_delete(actor=staff, question=how)


def test_sections_move_and_delete(staff, activity):
    survey = _survey(activity, staff)
    first, second = (
        services.section_create(actor=staff, survey=survey, data={"title": t})
        for t in ("Ett", "Två")
    )
    services.section_move(actor=staff, section=second, direction=-1)
    assert list(survey.sections.values_list("title", flat=True)) == ["Två", "Ett"]
    services.section_delete(actor=staff, section=first)
    assert list(survey.sections.values_list("title", "position")) == [("Två", 0)]


def test_lock_rules_once_answers_exist(staff, activity):
    survey = three_page_survey(activity__dialogue__unit=activity.dialogue.unit)
    how = survey.questions.get(key="fardsatt")
    walk = how.options.get(text="Till fots")
    rating = survey.questions.get(key="betyg")
    _answer(survey, how, option=walk)
    _answer(survey, rating, value=7)

    # Texts may change.
    services.question_save(actor=staff, question=how, data={"text": "Hur reser du hit?"})
    # Kind, key, scale limits, deleting answered things, moving and anonymity may not.
    refused = [
        lambda: services.question_save(actor=staff, question=how, data={"kind": Kind.MULTIPLE}),
        lambda: services.question_save(actor=staff, question=how, data={"key": "nytt"}),
        lambda: services.question_save(
            actor=staff,
            question=rating,
            data={"settings": {**rating.settings, "max": 5}},
        ),
        lambda: services.question_save(
            actor=staff,
            question=how,
            data={},
            choices=[{"pk": walk.pk, "text": "Till fots", "delete": True}],
        ),
        lambda: services.question_delete(actor=staff, question=how),
        lambda: services.section_delete(actor=staff, section=how.section),
        lambda: services.question_move(actor=staff, question=how, direction=1),
        lambda: services.section_move(actor=staff, section=how.section, direction=1),
        lambda: services.survey_update(actor=staff, survey=survey, data={"anonymous": False}),
    ]
    for attempt in refused:
        with pytest.raises(ValidationError):
            attempt()
    # Adding an option at the end is fine; it goes before "other".
    services.question_save(
        actor=staff,
        question=how,
        data={},
        choices=[{"pk": o.pk, "text": o.text} for o in how.options.filter(is_other=False)]
        + [{"pk": None, "text": "Båt"}],
    )
    assert [o.text for o in how.options.all()][-2:] == ["Båt", "Annat"]
    # An unanswered question may still be deleted.
    free = survey.questions.get(key="onskan")
    services.question_delete(actor=staff, question=free)
    assert not Question.objects.filter(pk=free.pk).exists()


def test_copy_remaps_everything(staff, activity):
    unit = activity.dialogue.unit
    survey = three_page_survey(
        activity__dialogue__unit=unit, translations={"en": {"title": "Harbour"}}
    )
    target = SurveyActivityFactory(dialogue__unit=unit)
    copy = services.survey_copy(actor=staff, survey=survey, activity=target, title="Kopia")
    assert copy.state == Survey.State.DRAFT and copy.copied_from == survey
    assert copy.translations == {"en": {"title": "Harbour"}}
    assert Section.objects.filter(survey=copy).count() == 3
    assert Question.objects.filter(survey=copy).count() == survey.questions.count()
    assert (
        Option.objects.filter(question__survey=copy).count()
        == Option.objects.filter(question__survey=survey).count()
    )
    assert MatrixItem.objects.filter(question__survey=copy).count() == 2
    bus_question = Question.objects.get(survey=copy, key="buss")
    assert bus_question.show_if.survey_id == copy.pk
    assert [o.text for o in bus_question.show_if_options.all()] == ["Buss"]
    assert bus_question.show_if_options.get().question.survey_id == copy.pk


def test_copy_refuses_an_activity_of_another_unit(staff, activity):
    survey = three_page_survey(activity__dialogue__unit=activity.dialogue.unit)
    with pytest.raises(PermissionDenied):
        services.survey_copy(actor=staff, survey=survey, activity=SurveyActivityFactory())


def test_translations_are_stored_and_missing_listed(staff, activity):
    from delaktig.surveys.languages import missing_translations, text_in

    survey = SurveyFactory(activity__dialogue__unit=activity.dialogue.unit)
    section = SectionFactory(survey=survey, title="Om dig")
    question = QuestionFactory(section=section, text="Hur gammal är du?")
    services.survey_translations_save(
        actor=staff,
        survey=survey,
        language="en",
        texts={(survey, "title"): "Harbour", (question, "text"): "How old are you?"},
    )
    question.refresh_from_db()
    assert text_in(question, "text", "en") == "How old are you?"
    assert text_in(question, "text", "fi") == "Hur gammal är du?"
    missing = missing_translations(survey, "en")
    assert (section, "title") in missing
    assert (question, "text") not in missing
    with pytest.raises(PermissionDenied):
        services.survey_translations_save(
            actor=staff,
            survey=survey,
            language="en",
            texts={(QuestionFactory(), "text"): "Not mine"},
        )
