"""A consultation on alternatives, on a phone (360 px wide).

A resident opens the culture house dialogue, follows “Var med” to the choice
between proposal A and B, sees both proposals stacked with their sketches,
first sends without choosing (and is told what is missing, with the typed reason
kept), then chooses B with a reason and an age band, and lands on the thank-you
page that says when and how the results are fed back. The choice is stored once,
without the person. Afterwards the official of the dialogue's unit closes the
consultation and reads the reasons grouped by alternative, searching them.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from delaktig.consultations.models import Alternative, Choice
from delaktig.consultations.tests.factories import ChoiceFactory, ConsultationFactory, png_upload
from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories

from .axe import assert_accessible
from .helpers import heading, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("viewport", ["phone"], indirect=True),
]

DIALOGUE = "Det nya kulturhuset"
ACTIVITY = "Välj förslag: A eller B"
A = "A: Mer bibliotek och studieplatser"
B = "B: Mer scen och ateljéer"
REASON = "Teaterföreningen behöver en riktig scen."
FEEDBACK = "Vi publicerar sammanställningen här och mejlar alla som vill."


@pytest.fixture
def consultation(transactional_db):
    municipality = factories.MunicipalityFactory()
    factories.DistrictFactory(municipality=municipality, name="Centrum", slug="centrum")
    dialogue = DialogueFactory(
        municipality=municipality,
        title=DIALOGUE,
        slug="kulturhuset",
        state=State.OPEN,
        summary="Vilket av två förslag föredrar du?",
        feedback_how=FEEDBACK,
        feedback_due_on=datetime.date(2027, 6, 15),
        feedback_by="Kultur- och fritidsförvaltningen",
    )
    consultation = ConsultationFactory(
        activity__dialogue=dialogue,
        activity__title=ACTIVITY,
        question="Vilket förslag föredrar du?",
    )
    sketch = Alternative(
        consultation=consultation,
        position=0,
        title=A,
        description="Fler studieplatser och en läsesal.",
        image_alt="Skiss med bokhyllor och långa bord",
    )
    sketch.image.save("a.png", png_upload(), save=False)
    sketch.save()
    Alternative.objects.create(
        consultation=consultation, position=1, title=B, description="En scen med 250 platser."
    )
    return consultation


def test_a_resident_chooses_b_with_a_reason(page: Page, consultation):
    page.goto("/dialoger/kulturhuset/")
    expect(heading(page, DIALOGUE)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Var med: {ACTIVITY}").click()

    expect(heading(page, ACTIVITY)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=A)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=B)).to_be_visible()
    expect(page.get_by_role("img", name="Skiss med bokhyllor och långa bord")).to_be_visible()
    # Stacked at 360 px: B sits below A, not beside it.
    box_a = page.get_by_role("heading", level=2, name=A).bounding_box()
    box_b = page.get_by_role("heading", level=2, name=B).bounding_box()
    assert box_b["y"] > box_a["y"] + box_a["height"]
    expect(page.get_by_text("Vi frågar för att se om vi har nått")).to_be_visible()
    assert_accessible(page)

    # Sent without a choice: told what is missing, the reason kept.
    page.get_by_label(re.compile(r"^Varför valde du det här alternativet\?")).fill(REASON)
    page.get_by_role("button", name="Skicka mitt val").click()
    expect(page.get_by_role("alert").filter(has_text="Välj ett av alternativen.")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Varför valde du"))).to_have_value(REASON)
    assert_accessible(page)

    page.get_by_role("radio", name=B).check()
    page.get_by_label(re.compile(r"^Ålder")).select_option(label="26–44 år")
    page.get_by_role("button", name="Skicka mitt val").click()

    expect(heading(page, "Tack för ditt val")).to_be_visible()
    expect(page.get_by_text(FEEDBACK)).to_be_visible()
    expect(page.get_by_text("senast 15 juni 2027")).to_be_visible()
    expect(page.get_by_text("Kultur- och fritidsförvaltningen")).to_be_visible()
    assert_accessible(page)

    choice = Choice.objects.get()
    assert choice.alternative.title == B and choice.user is None
    assert choice.age_band == "26-44" and choice.reason == REASON
    assert Contribution.objects.get().text == REASON


def test_the_official_closes_the_consultation_and_reads_the_reasons(page: Page, consultation):
    a, b = consultation.alternatives.order_by("position")
    for n in range(6):
        ChoiceFactory(alternative=a, gender="woman", reason=f"Fler studieplatser behövs ({n}).")
    for n in range(5):
        ChoiceFactory(alternative=b, gender="man", reason=f"Scenen lyfter Centrum ({n}).")
    official = factories.official(consultation.activity.dialogue.unit)
    log_in(page, official.email)
    assert_accessible(page)

    page.goto("/hantera/konsultationer/")
    expect(heading(page, "Konsultationer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=ACTIVITY).click()

    expect(heading(page, ACTIVITY)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stäng konsultationen").click()
    expect(page.get_by_role("status").filter(has_text="Konsultationen är stängd")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Resultat", exact=True).click()
    expect(heading(page, "Resultat")).to_be_visible()
    expect(page.get_by_text("11 personer valde.")).to_be_visible()
    expect(page.get_by_text("Scenen lyfter Centrum (4).")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Sök bland motiveringarna")).fill("scenen")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_text("Scenen lyfter Centrum (0).")).to_be_visible()
    expect(page.get_by_text("Fler studieplatser behövs (0).")).to_have_count(0)
    assert_accessible(page)
