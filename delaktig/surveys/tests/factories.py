"""Factories for surveys. ``three_page_survey()`` builds the survey the answering
tests and the browser test use: three sections, every common question kind."""

import datetime

import factory
from django.utils import timezone

from delaktig.dialogues.models import Activity, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.tests.factories import MethodFactory
from delaktig.surveys.models import MatrixItem, Option, Question, Section, Survey


def _survey_method():
    return MethodFactory(slug="enkat", name="Enkät", registry_key="surveys")


class SurveyActivityFactory(factory.django.DjangoModelFactory):
    """An activity of an open dialogue whose method is a survey, running now."""

    class Meta:
        model = Activity

    dialogue = factory.SubFactory(DialogueFactory, state=State.OPEN)
    method = factory.LazyFunction(_survey_method)
    title = factory.Sequence(lambda n: f"Enkät {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    activity = factory.SubFactory(SurveyActivityFactory)
    title = factory.SelfAttribute("activity.title")
    intro = "Enkäten tar ungefär fem minuter."
    state = Survey.State.OPEN
    access = Survey.Access.OPEN
    anonymous = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Del {n + 1}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.SelfAttribute("section.survey")
    position = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"q{n + 1}")
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Fråga {n + 1}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Alternativ {n + 1}")


class MatrixItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatrixItem

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.MATRIX)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Påstående {n + 1}")


SCALE_1_10 = {
    "min": 1,
    "max": 10,
    "min_label": "Mycket dåligt",
    "max_label": "Mycket bra",
    "dont_know": True,
}


def options(question, *texts, other=False):
    made = [OptionFactory(question=question, position=i, text=t) for i, t in enumerate(texts)]
    if other:
        made.append(
            OptionFactory(question=question, position=len(texts), text="Annat", is_other=True)
        )
    return made


def three_page_survey(**survey_kwargs) -> Survey:
    """Three sections: choices, then scales with a required number (page 2 is where
    the browser test makes its mistake), then free text with a conditional question."""
    survey = SurveyFactory(**survey_kwargs)
    travel, rating, words = (
        SectionFactory(survey=survey, position=0, title="Om dig och hamnen"),
        SectionFactory(survey=survey, position=1, title="Betyg"),
        SectionFactory(survey=survey, position=2, title="Dina tankar"),
    )
    how = QuestionFactory(
        section=travel,
        position=0,
        key="fardsatt",
        text="Hur tar du dig oftast till hamnen?",
        required=True,
    )
    options(how, "Till fots", "Cykel", "Buss", "Bil", other=True)
    what = QuestionFactory(
        section=travel,
        position=1,
        key="aktiviteter",
        kind=Question.Kind.MULTIPLE,
        text="Vad gör du i hamnen?",
    )
    options(what, "Promenerar", "Badar", "Fiskar", "Äter", other=True)
    QuestionFactory(
        section=rating,
        position=0,
        key="betyg",
        kind=Question.Kind.SCALE,
        text="Vilket betyg ger du hamnområdet i dag?",
        settings=SCALE_1_10,
        required=True,
    )
    matrix = QuestionFactory(
        section=rating,
        position=1,
        key="pastaenden",
        kind=Question.Kind.MATRIX,
        text="Hur väl stämmer påståendena?",
        settings={"min": 1, "max": 5, "min_label": "Inte alls", "max_label": "Helt"},
    )
    for i, text in enumerate(["Det är tryggt på kvällen", "Det är lätt att hitta hit"]):
        MatrixItemFactory(question=matrix, position=i, text=text)
    QuestionFactory(
        section=rating,
        position=2,
        key="besok",
        kind=Question.Kind.NUMBER,
        text="Hur många gånger besökte du hamnen förra månaden?",
        settings={"min": 0, "max": 100},
        required=True,
    )
    wish = QuestionFactory(
        section=words,
        position=0,
        key="onskan",
        kind=Question.Kind.LONG_TEXT,
        text="Vad vill du ska finnas i hamnen?",
    )
    bus = how.options.get(text="Buss")
    why_bus = QuestionFactory(
        section=words,
        position=1,
        key="buss",
        kind=Question.Kind.SHORT_TEXT,
        text="Vad skulle göra bussen bättre?",
        show_if=how,
    )
    why_bus.show_if_options.add(bus)
    assert wish.pk
    return survey
