"""Closing the loop of a dialogue, at a desktop, in Swedish.

An official opens the compilation of a closed dialogue (a café evening documented
with table notes, and a resident's own contribution), searches the contributions,
runs the theme analysis and sees it finish, merges two themes and publishes them,
then writes and publishes the report. A representative of the owner committee
logs in at another computer, finds the report among the reports to her committee
and reads it. The official records the committee's decision and publishes the
feedback; the resident who wrote and follows the dialogue sees the decision on
Mina sidor and got the feedback by e-mail. The public report's PDF downloads.
"""

import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import Activity, DialogueQuestion, Follow, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import AttendanceCount, Meeting
from delaktig.methods.models import Method
from delaktig.municipality.models import Unit
from delaktig.municipality.tests import factories
from delaktig.themes.tests.corpus import generate

from .axe import assert_accessible
from .helpers import heading, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("viewport", ["desktop"], indirect=True),
]

DIALOGUE = "Trygga och gröna Norrby"
SLUG = "trygga-grona-norrby"
COMMITTEE = "Samhällsbyggnadsnämnden"
RESIDENT = SimpleNamespace(name="Amal Haddad", email="amal.haddad@exempel.example")
RESIDENT_TEXT = "Det behövs mer belysning i gångtunneln vid skolan, det är mörkt på kvällarna."
SUMMARY = "Boende i Norrby vill ha tryggare gångvägar och mer grönska."
CONCLUSION = "Nämnden bör prioritera belysning i gångtunneln."
MERGED = "Trygghet och natur"
DECISION = "Nämnden beslutade att bygga ny belysning i gångtunneln under 2027."
FEEDBACK = "Tack för era synpunkter! Nämnden har beslutat om ny belysning i gångtunneln."


def field(page: Page, label: str):
    """A field by its label, which ends in “(frivilligt)” when the field is optional."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(frivilligt\))?$"))


def shows(page: Page, text: str):
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def message(page: Page, text: str):
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


@pytest.fixture
def town(municipality, catalogue):
    administration = factories.UnitFactory(
        municipality=municipality, name="Samhällsbyggnadsförvaltningen"
    )
    committee = factories.UnitFactory(
        municipality=municipality, name=COMMITTEE, kind=Unit.Kind.COMMITTEE
    )
    norrby = factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=administration,
        owner_committee=committee,
        title=DIALOGUE,
        slug=SLUG,
        state=State.COMPILING,
        purpose="Att ta reda på vad som gör Norrby tryggt och grönt.",
    )
    DialogueQuestion.objects.create(
        dialogue=dialogue, text="Vad skulle göra Norrby tryggare och grönare?", position=1
    )
    ended = timezone.localtime() - datetime.timedelta(days=10)
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=Method.objects.get(slug="cafemodell"),
        title="Framtidscafé i Norrby",
        starts_on=ended.date(),
        ends_on=ended.date(),
        district=norrby,
        place="Norrby bibliotek",
    )
    meeting = Meeting.objects.create(
        activity=activity,
        starts_at=ended - datetime.timedelta(hours=2),
        ends_at=ended,
        venue="Norrby bibliotek",
        address="Norrbyvägen 1",
    )
    for gender, age_band, count in (
        ("woman", "26-44", 18),
        ("man", "26-44", 12),
        ("woman", "65-79", 9),
        ("man", "80+", 2),
    ):
        AttendanceCount.objects.create(
            meeting=meeting, gender=gender, age_band=age_band, count=count
        )
    official = factories.official(administration, user__name="Oskar Tjänsteperson")
    texts, _labels = generate(per_topic=15, seed=3)
    Contribution.objects.bulk_create(
        [
            Contribution(
                dialogue=dialogue,
                activity=activity,
                method_key="meetings",
                kind="table_note",
                source_label=f"Bord {1 + i % 4}",
                text=text,
                district=norrby,
                recorded_by=official,
            )
            for i, text in enumerate(texts)
        ]
    )
    resident = factories.UserFactory(name=RESIDENT.name, email=RESIDENT.email)
    Contribution.objects.create(
        dialogue=dialogue,
        activity=activity,
        method_key="meetings",
        kind="note",
        text=RESIDENT_TEXT,
        author=resident,
        district=norrby,
    )
    Follow.objects.create(dialogue=dialogue, user=resident)
    representative = factories.representative(
        committee, user__name="Rut Representant", user__email="rut@exempel.example"
    )
    return SimpleNamespace(
        dialogue=dialogue, official=official, resident=resident, representative=representative
    )


def test_from_compilation_to_feedback(page: Page, another_page, town):
    dialogue = town.dialogue

    # The official opens the compilation and searches the contributions.
    log_in(page, town.official.email)
    assert_accessible(page)
    page.goto(f"/hantera/sammanstallning/dialog/{dialogue.pk}/")
    expect(heading(page, "Sammanställning")).to_be_visible()
    shows(page, "Framtidscafé i Norrby")
    assert_accessible(page)
    field(page, "Sök i texterna").fill("gångtunneln vid skolan")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="1 bidrag hittades.")).to_be_visible()
    shows(page, RESIDENT_TEXT)
    assert_accessible(page)

    # Themes: run the analysis, see it finish, merge two, publish.
    page.get_by_role("link", name="Hitta och redigera teman").click()
    expect(heading(page, "Teman i bidragen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Föreslå teman").click()
    expect(heading(page, "Kör temaanalysen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Kör analysen").click()
    expect(heading(page, "Teman i bidragen")).to_be_visible()
    progress = page.get_by_role("region", name="Temaanalys")
    expect(progress).to_contain_text("Senaste analysen")
    assert_accessible(page)
    choices = page.get_by_role("checkbox")
    expect(choices.nth(1)).to_be_visible()
    choices.nth(0).check()
    choices.nth(1).check()
    field(page, "Namn på det sammanslagna temat").fill(MERGED)
    page.get_by_role("button", name="Slå ihop de valda temana").click()
    message(page, f"Temana har slagits ihop till ”{MERGED}”.")
    assert_accessible(page)
    page.get_by_role("button", name="Publicera temana").click()
    expect(heading(page, "Teman i bidragen")).to_be_visible()
    assert_accessible(page)

    # The report: texts around the generated parts, then publish.
    page.goto(f"/hantera/sammanstallning/dialog/{dialogue.pk}/")
    expect(heading(page, "Sammanställning")).to_be_visible()
    shows(page, MERGED)
    assert_accessible(page)
    page.get_by_role("link", name="Skriv och publicera rapporten").click()
    expect(heading(page, "Rapport till den ansvariga nämnden")).to_be_visible()
    assert_accessible(page)
    field(page, "Sammanfattning").fill(SUMMARY)
    field(page, "Slutsatser").fill(CONCLUSION)
    page.get_by_role("button", name="Publicera rapporten").click()
    message(page, "Rapporten är publicerad och skickad till de förtroendevalda")
    expect(page.get_by_role("link", name=re.compile(r"^Version 1,"))).to_be_visible()
    assert_accessible(page)
    report_mail = [m for m in mail.outbox if town.representative.email in m.to]
    assert len(report_mail) == 1
    assert DIALOGUE in report_mail[0].subject

    # The representative reads it at her own computer.
    representative = another_page()
    log_in(representative, town.representative.email)
    assert_accessible(representative)
    representative.goto("/hantera/rapporter/")
    expect(heading(representative, "Rapporter till mina nämnder")).to_be_visible()
    assert_accessible(representative)
    representative.get_by_role("link", name=DIALOGUE).click()
    expect(heading(representative, DIALOGUE)).to_be_visible()
    shows(representative, SUMMARY)
    expect(heading(representative, MERGED, level=3)).to_be_visible()
    expect(representative.get_by_role("img", name=re.compile("Bidrag per tema"))).to_be_visible()
    assert_accessible(representative)

    # The official records the decision and publishes the feedback.
    page.goto(f"/hantera/resultat/dialog/{dialogue.pk}/beslut/")
    expect(heading(page, "Registrera beslutet")).to_be_visible()
    assert_accessible(page)
    field(page, "Beslutande organ").select_option(label=COMMITTEE)
    field(page, "Datum för beslutet").fill("2027-06-10")
    field(page, "Vad som beslutades").fill(DECISION)
    page.get_by_role("button", name="Spara beslutet").click()
    message(page, "Beslutet är sparat.")
    assert_accessible(page)
    page.goto(f"/hantera/resultat/dialog/{dialogue.pk}/aterkoppling/")
    expect(heading(page, "Återkoppling till deltagarna")).to_be_visible()
    assert_accessible(page)
    field(page, "Återkoppling").fill(FEEDBACK)
    page.get_by_role("button", name="Publicera och skicka e-post").click()
    expect(heading(page, "Återkoppling till deltagarna")).to_be_visible()
    assert_accessible(page)

    # The resident sees what happened on Mina sidor, and got the e-mail.
    resident = another_page()
    log_in(resident, RESIDENT.email)
    expect(heading(resident, "Vad hände med mitt bidrag?", level=2)).to_be_visible()
    shows(resident, DECISION)
    assert_accessible(resident)
    feedback_mail = [m for m in mail.outbox if RESIDENT.email in m.to]
    assert len(feedback_mail) == 1
    assert FEEDBACK in feedback_mail[0].body

    # Anyone can download the published report as PDF.
    resident.goto(f"/rapporter/{SLUG}/")
    expect(heading(resident, DIALOGUE)).to_be_visible()
    assert_accessible(resident)
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Rapporten som pdf").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages
    )
    assert DIALOGUE in text
    assert CONCLUSION in text
