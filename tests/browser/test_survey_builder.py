"""An official builds a survey and previews it as residents will see it.

The official of the dialogue's unit finds the survey activity among the surveys,
creates the survey, adds two sections ("Om dig" and "Betyg"), a choice question
with "other, namely" on the first and a rating scale question on the second (the
municipality's common 1–10 scale is filled in already), and previews it: the
first page, then the scale, where sending without an answer gives a message
beside the question, and the thank-you page.
Every page is checked with axe.
"""

import re

import pytest
from playwright.sync_api import expect

from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories
from delaktig.surveys.models import Question, Survey
from delaktig.surveys.tests.factories import SurveyActivityFactory

from .axe import assert_accessible
from .helpers import heading, log_in

pytestmark = pytest.mark.browser

ACTIVITY = "Enkät om hamnen"
QUESTION = "Vilket betyg ger du hamnområdet i dag?"
TRAVEL = "Hur tar du dig oftast till hamnen?"


def test_official_builds_and_previews_a_survey(page):
    unit = factories.UnitFactory(name="Samhällsbyggnadsförvaltningen")
    person = factories.official(unit)
    dialogue = DialogueFactory(unit=unit, title="Hamnen i framtiden", state=State.OPEN)
    SurveyActivityFactory(dialogue=dialogue, title=ACTIVITY)

    log_in(page, person.email)
    expect(page).to_have_url(re.compile(r"/hantera/$"))
    assert_accessible(page)
    page.goto("/hantera/enkater/")
    expect(heading(page, "Enkäter")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Skapa enkäten: {ACTIVITY}").click()

    expect(heading(page, "Skapa en enkät")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Titel")).to_have_value(ACTIVITY)
    page.get_by_label(re.compile("^Inledning")).fill("Det tar ungefär fem minuter.")
    page.get_by_role("button", name="Skapa enkäten").click()

    expect(heading(page, ACTIVITY)).to_be_visible()
    assert_accessible(page)
    for title in ("Om dig", "Betyg"):
        page.get_by_role("link", name="Lägg till en del").click()
        expect(heading(page, "Lägg till en del")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Rubrik").fill(title)
        page.get_by_role("button", name="Lägg till delen").click()
        expect(page.get_by_role("heading", level=3, name=re.compile(title))).to_be_visible()
        assert_accessible(page)

    about = page.get_by_role("region", name="Sida 1: Om dig")
    about.get_by_label("Typ av ny fråga på ”Om dig”").select_option(label="Ett val")
    about.get_by_role("button", name="Lägg till en fråga").click()
    expect(heading(page, "Lägg till en fråga")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Fråga", exact=True).fill(TRAVEL)
    page.get_by_label(re.compile("^Nya alternativ")).fill("Till fots\nCykel\nBuss")
    page.get_by_label("Erbjud ”Annat, nämligen” med ett textfält").check()
    page.get_by_role("button", name="Spara och fortsätt ändra").click()

    expect(heading(page, "Ändra frågan")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Alternativ 1", exact=True)).to_have_value("Till fots")
    page.get_by_role("link", name="Tillbaka till enkäten").or_(
        page.get_by_role("link", name="Avbryt")
    ).first.click()
    expect(heading(page, ACTIVITY)).to_be_visible()
    assert_accessible(page)

    rating = page.get_by_role("region", name="Sida 2: Betyg")
    rating.get_by_label("Typ av ny fråga på ”Betyg”").select_option(label="Betygsskala")
    rating.get_by_role("button", name="Lägg till en fråga").click()

    expect(heading(page, "Lägg till en fråga")).to_be_visible()
    assert_accessible(page)
    # The common scale is there from the start.
    expect(page.get_by_label(re.compile("^Högsta värde"))).to_have_value("10")
    expect(page.get_by_label(re.compile("^Text vid lägsta värdet"))).to_have_value("Inte alls nöjd")
    # Only the earlier choice question can decide whether it is shown.
    expect(page.get_by_label(f"{TRAVEL}: Buss")).to_be_visible()
    page.get_by_label("Fråga", exact=True).fill(QUESTION)
    page.get_by_label("Svar krävs").check()
    page.get_by_role("button", name="Lägg till frågan").click()

    expect(page.get_by_role("paragraph").filter(has_text=QUESTION)).to_be_visible()
    assert_accessible(page)
    survey = Survey.objects.get(activity__title=ACTIVITY)
    assert survey.state == Survey.State.DRAFT
    assert Question.objects.get(survey=survey, kind="scale").settings["max"] == 10

    page.get_by_role("link", name="Förhandsvisa som invånarna ser den").click()
    expect(heading(page, ACTIVITY)).to_be_visible()
    expect(page.get_by_text("Sida 1 av 2")).to_be_visible()
    expect(page.get_by_role("group", name=re.compile(TRAVEL))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile(TRAVEL)).get_by_label("Buss").check()
    page.get_by_role("button", name="Nästa sida").click()

    expect(page.get_by_text("Sida 2 av 2")).to_be_visible()
    scale = page.get_by_role("group", name=QUESTION)
    expect(scale.get_by_label("10 Helt nöjd")).to_be_visible()
    expect(scale.get_by_label("Vet inte")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka svaren").click()

    expect(page.get_by_role("alert")).to_contain_text("Välj ett värde på skalan.")
    assert_accessible(page)
    page.get_by_role("group", name=QUESTION).get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Skicka svaren").click()

    expect(heading(page, "Tack för dina svar!", level=2)).to_be_visible()
    assert_accessible(page)
    assert not survey.responses.exists()
