"""A resident answers a survey on a phone, in Swedish and in English.

The resident starts the harbour survey (``three_page_survey()``), answers the first
page, and on the second forgets how many times they visited the harbour: the page
says what is missing and keeps every answer. They type the number, save and leave,
come back with the resume link, answer the rest (the bus question shows, since they
go by bus), answer the background questions and double-click "Send your answers":
the thank-you page says when the results come back, and exactly one response is
stored. The same again in English: the interface switched to English and the survey
answered in its English translation. axe checks every page.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from delaktig.surveys.models import Answer, Question, Response
from delaktig.surveys.tests.factories import three_page_survey

from .axe import assert_accessible
from .helpers import heading

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("viewport", ["phone"], indirect=True),
]


@dataclass(frozen=True)
class Texts:
    start: str
    part: str
    first_section: str
    bus: str
    walk: str
    eat: str
    next: str
    rating_question: str
    matrix_item: str
    visits_question: str
    problem: str
    answer_the_question: str
    save_later: str
    saved: str
    wish_question: str
    bus_question: str
    background: str
    gender_group: str
    unstated: str
    send: str
    thanks: str
    what_next: str


SWEDISH = Texts(
    start="Börja svara",
    part="Del {n} av 4",
    first_section="Om dig och hamnen",
    bus="Buss",
    walk="Promenerar",
    eat="Äter",
    next="Nästa",
    rating_question="Vilket betyg ger du hamnområdet i dag?",
    matrix_item="Det är tryggt på kvällen",
    visits_question="Hur många gånger besökte du hamnen förra månaden?",
    problem="Det finns ett problem",
    answer_the_question="Svara på frågan.",
    save_later="Spara och fortsätt senare",
    saved="Dina svar är sparade",
    wish_question="Vad vill du ska finnas i hamnen?",
    bus_question="Vad skulle göra bussen bättre?",
    background="Om dig",
    gender_group="Kön",
    unstated="Vill inte uppge",
    send="Skicka svaren",
    thanks="Tack för dina svar",
    what_next="Vad händer nu?",
)
ENGLISH = Texts(
    start="Start the survey",
    part="Part {n} of 4",
    first_section="About you and the harbour",
    bus="Bus",
    walk="Walk",
    eat="Eat",
    next="Next",
    rating_question="What rating do you give the harbour area today?",
    matrix_item="It feels safe in the evening",
    visits_question="How many times did you visit the harbour last month?",
    problem="There is a problem",
    answer_the_question="Answer the question.",
    save_later="Save and continue later",
    saved="Your answers are saved",
    wish_question="What would you like to see at the harbour?",
    bus_question="What would make the bus better?",
    background="About you",
    gender_group="Gender",
    unstated="Prefer not to say",
    send="Send your answers",
    thanks="Thank you for your answers",
    what_next="What happens next",
)

# English for every text of the factory survey, as staff would enter it.
ENGLISH_TRANSLATIONS = {
    "sections": ["About you and the harbour", "Rating", "Your thoughts"],
    "questions": {
        "fardsatt": "How do you usually get to the harbour?",
        "aktiviteter": "What do you do at the harbour?",
        "betyg": "What rating do you give the harbour area today?",
        "pastaenden": "How well do the statements fit?",
        "besok": "How many times did you visit the harbour last month?",
        "onskan": "What would you like to see at the harbour?",
        "buss": "What would make the bus better?",
    },
    "scale_labels": {
        "betyg": ("Very poor", "Very good"),
        "pastaenden": ("Not at all", "Completely"),
    },
    "options": {
        "Till fots": "On foot",
        "Cykel": "Bicycle",
        "Buss": "Bus",
        "Bil": "Car",
        "Annat": "Other",
        "Promenerar": "Walk",
        "Badar": "Swim",
        "Fiskar": "Fish",
        "Äter": "Eat",
    },
    "items": {
        "Det är tryggt på kvällen": "It feels safe in the evening",
        "Det är lätt att hitta hit": "It is easy to find your way here",
    },
}


def _survey(municipality):
    survey = three_page_survey(
        activity__dialogue__municipality=municipality,
        activity__title="Hamnenkäten",
        title="Hamnenkäten",
        languages=["en"],
        translations={
            "en": {"title": "The harbour survey", "intro": "The survey takes about five minutes."}
        },
    )
    dialogue = survey.activity.dialogue
    dialogue.title = "Hamnen i framtiden"
    dialogue.feedback_how = "Vi publicerar resultatet på dialogens sida och mejlar alla som vill."
    dialogue.feedback_by = "Samhällsbyggnadsförvaltningen"
    dialogue.save()
    t = ENGLISH_TRANSLATIONS
    for section, title in zip(survey.sections.order_by("position"), t["sections"], strict=True):
        section.translations = {"en": {"title": title}}
        section.save()
    for question in Question.objects.filter(survey=survey):
        english = {"text": t["questions"][question.key]}
        if question.key in t["scale_labels"]:
            english["min_label"], english["max_label"] = t["scale_labels"][question.key]
        question.translations = {"en": english}
        question.save()
        for option in question.options.all():
            option.translations = {"en": {"text": t["options"][option.text]}}
            option.save()
        for item in question.items.all():
            item.translations = {"en": {"text": t["items"][item.text]}}
            item.save()
    return survey


def _next_page(page: Page, texts: Texts, number: int, title: str | re.Pattern) -> None:
    expect(page.get_by_text(texts.part.format(n=number), exact=True)).to_be_visible()
    expect(heading(page, title)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_resident_answers_saves_resumes_and_submits_once(page: Page, municipality, language):
    survey = _survey(municipality)
    texts = SWEDISH if language == "sv" else ENGLISH
    title = "Hamnenkäten" if language == "sv" else "The harbour survey"

    page.goto(f"/enkater/{survey.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(heading(page, "Hamnenkäten")).to_be_visible()
    assert_accessible(page)
    if language == "en":
        page.get_by_role("banner").get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page)
        page.get_by_role("radio", name="English").check()
    page.get_by_role("button", name=texts.start).click()

    # Page 1: choices.
    _next_page(page, texts, 1, texts.first_section)
    if language == "en":
        expect(page.locator(".survey-content")).to_have_attribute("lang", "en")
    page.get_by_role("radio", name=texts.bus, exact=True).check()
    page.get_by_role("checkbox", name=texts.walk, exact=True).check()
    page.get_by_role("checkbox", name=texts.eat, exact=True).check()
    page.get_by_role("button", name=texts.next).click()

    # Page 2: a rating, a matrix row, and the number is forgotten.
    expect(page.get_by_text(texts.part.format(n=2), exact=True)).to_be_visible()
    assert_accessible(page)
    rating = page.get_by_role("group", name=re.compile(re.escape(texts.rating_question)))
    rating.get_by_role("radio", name="7", exact=True).check()
    page.get_by_role("group", name=texts.matrix_item).get_by_role(
        "radio", name="4", exact=True
    ).check()
    page.get_by_role("button", name=texts.next).click()
    expect(page.get_by_role("heading", name=texts.problem)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(texts.answer_the_question)
    # Every answer is still there.
    expect(rating.get_by_role("radio", name="7", exact=True)).to_be_checked()
    expect(
        page.get_by_role("group", name=texts.matrix_item).get_by_role("radio", name="4", exact=True)
    ).to_be_checked()
    assert_accessible(page)

    # Out of range is refused too.
    visits = page.get_by_label(texts.visits_question)
    visits.fill("500")
    page.get_by_role("button", name=texts.next).click()
    expect(page.get_by_role("heading", name=texts.problem)).to_be_visible()
    assert_accessible(page)

    # Type the number, then save and leave.
    page.get_by_label(texts.visits_question).fill("4")
    page.get_by_role("button", name=texts.save_later).click()
    expect(heading(page, texts.saved)).to_be_visible()
    assert_accessible(page)
    resume_link = page.get_by_role("main").get_by_role("link", name=re.compile("fortsatt"))
    resume_url = resume_link.get_attribute("href")
    assert resume_url
    page.goto("/")
    assert_accessible(page)

    # Back later with the link: page 2 as it was left.
    page.goto(resume_url)
    expect(page.get_by_text(texts.part.format(n=2), exact=True)).to_be_visible()
    expect(page.get_by_label(texts.visits_question)).to_have_value("4")
    expect(
        page.get_by_role("group", name=re.compile(re.escape(texts.rating_question))).get_by_role(
            "radio", name="7", exact=True
        )
    ).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name=texts.next).click()

    # Page 3: free text; the bus question shows because the resident goes by bus.
    expect(page.get_by_text(texts.part.format(n=3), exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(texts.wish_question).fill("Fler bänkar och en glasskiosk")
    page.get_by_label(texts.bus_question).fill("Tätare turer på kvällen")
    # Enter in a text field goes on, like the first button of the page ("Next").
    page.get_by_label(texts.bus_question).press("Enter")

    # Page 4: the background questions, optional.
    _next_page(page, texts, 4, texts.background)
    page.get_by_role("group", name=re.compile(texts.gender_group)).get_by_role(
        "radio", name=texts.unstated
    ).check()
    page.get_by_role("button", name=texts.send).dblclick()

    expect(heading(page, texts.thanks)).to_be_visible()
    expect(page.get_by_role("heading", name=texts.what_next)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Samhällsbyggnadsförvaltningen")
    expect(page.get_by_role("main")).to_contain_text(title)
    assert_accessible(page)

    submitted = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    assert submitted.count() == 1
    response = submitted.get()
    assert response.language == language
    assert response.gender == "unstated"
    assert Answer.objects.filter(response=response, question__key="besok").get().number == 4
    assert Answer.objects.filter(response=response, question__key="buss").get().text == (
        "Tätare turer på kvällen"
    )
    assert not Response.objects.filter(status=Response.Status.IN_PROGRESS).exists()
