"""A dialogue from the first draft to residents taking part.

An official plans it step by step in the editor (leaving half-way and finding
everything kept), picks a method from the recommender, is warned about another
dialogue for the same target group at the same time, and sends the plan for
approval; a representative of the owner committee approves it; the official
publishes it; a resident finds it by district and follows it, and gets an e-mail
when it opens. Each person has a browser of their own.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from delaktig.dialogues.models import Activity, DialogueTargetGroup, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.methods.models import Method
from delaktig.municipality.models import TargetGroup, Unit
from delaktig.municipality.tests import factories

from .axe import assert_accessible
from .helpers import heading, log_in, main_menu

pytestmark = pytest.mark.browser

TITLE = "Hamnområdets framtid"
SUMMARY = "Vad vill du att det nya hamnområdet ska innehålla?"
PURPOSE = "Vi vill veta vad barnfamiljer tycker om förslaget till nytt hamnområde."
USE_OF_RESULTS = "Underlag till nämndens beslut om detaljplanen för hamnen."
QUESTION = "Vad saknar du i förslaget till hamnområdet?"
BUSY_FAMILIES = "Barnfamiljer och andra med ont om tid"
OTHER_TITLE = "Lekplatser i Söderby"
OTHER_UNIT = "Kultur- och fritidsförvaltningen"
# The clash: the other dialogue's survey runs all of March, our activity in the middle.
OTHER_ACTIVITY = (datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
OUR_ACTIVITY = ("2027-03-10", "2027-03-10")


def field(page: Page, label: str):
    """A field by its label, which ends in “(frivilligt)” when the field is optional."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(frivilligt\))?$"))


def group(page: Page, legend: str):
    """Radio buttons or checkboxes by their legend (“(frivilligt)” allowed)."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}( \(frivilligt\))?$"))


def chosen_option(page: Page, label: str):
    """The option chosen in a drop-down list."""
    return field(page, label).get_by_role("option", selected=True)


def messages(page: Page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def step_heading_is(page: Page, label: str) -> None:
    expect(heading(page, label)).to_be_visible()
    assert_accessible(page)


def go_to_step(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Planens steg").get_by_role(
        "link", name=label, exact=True
    ).click()
    step_heading_is(page, label)


def save_and_continue(page: Page, next_step: str) -> None:
    page.get_by_role("button", name="Spara och fortsätt").click()
    step_heading_is(page, next_step)


def open_staff_dialogues(page: Page) -> None:
    page.get_by_role("navigation", name="Personalens sidor").get_by_role(
        "link", name="Dialoger"
    ).click()
    expect(heading(page, "Dialoger")).to_be_visible()
    assert_accessible(page)


def open_summary_from_list(page: Page, title: str = TITLE) -> None:
    open_staff_dialogues(page)
    page.get_by_role("link", name=title, exact=True).click()
    expect(heading(page, title)).to_be_visible()
    assert_accessible(page)


def make_move(page: Page, button: str, new_state: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(messages(page, f"Dialogen är nu ”{new_state}”.")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def town(municipality, catalogue):
    """Two administrations with their committees, two districts, and another
    unit's published dialogue for busy families in March 2027."""
    planning = factories.UnitFactory(
        municipality=municipality, name="Samhällsbyggnadsförvaltningen"
    )
    committee = factories.UnitFactory(
        municipality=municipality, name="Samhällsbyggnadsnämnden", kind=Unit.Kind.COMMITTEE
    )
    culture = factories.UnitFactory(municipality=municipality, name=OTHER_UNIT)
    culture_committee = factories.UnitFactory(
        municipality=municipality, name="Kultur- och fritidsnämnden", kind=Unit.Kind.COMMITTEE
    )
    norrby = factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    soderby = factories.DistrictFactory(municipality=municipality, name="Söderby", slug="soderby")
    families = TargetGroup.objects.get(slug="barnfamiljer")

    other = DialogueFactory(
        municipality=municipality,
        unit=culture,
        owner_committee=culture_committee,
        title=OTHER_TITLE,
        slug="lekplatser-i-soderby",
        state=State.PUBLISHED,
        starts_on=OTHER_ACTIVITY[0],
        ends_on=OTHER_ACTIVITY[1],
    )
    other.districts.set([soderby])
    DialogueTargetGroup.objects.create(dialogue=other, target_group=families, active=False)
    Activity.objects.create(
        dialogue=other,
        method=Method.objects.get(slug="enkat"),
        title="Enkät om lekplatserna",
        starts_on=OTHER_ACTIVITY[0],
        ends_on=OTHER_ACTIVITY[1],
        district=soderby,
    )
    return SimpleNamespace(
        planning=planning,
        committee=committee,
        culture_committee=culture_committee,
        norrby=norrby,
        official=factories.official(planning, user__name="Sara Svensson"),
        representative=factories.representative(committee, user__name="Rune Rask"),
        resident=factories.UserFactory(name="Anna Andersson"),
        other_official=factories.official(culture, user__name="Kalle Karlsson"),
    )


def test_official_plans_dialogue_committee_approves_resident_follows(
    page, another_page, town, mailoutbox
):
    official = town.official

    # --- The official starts a new dialogue -------------------------------------------
    log_in(page, official.email)
    expect(heading(page, "Personalens sidor")).to_be_visible()
    assert_accessible(page)
    open_staff_dialogues(page)
    page.get_by_role("main").get_by_role("link", name="Ny dialog").first.click()
    expect(heading(page, "Ny dialog")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Titel", exact=True).fill(TITLE)
    # Sara works in one unit only, so it is already chosen.
    expect(chosen_option(page, "Ansvarig förvaltning")).to_have_text(
        "Samhällsbyggnadsförvaltningen"
    )
    page.get_by_role("button", name="Skapa och börja planera").click()
    step_heading_is(page, "Grunduppgifter")
    expect(messages(page, "Dialogen är skapad.")).to_be_visible()
    expect(page.get_by_text("0 av 12 steg klara")).to_be_visible()

    # --- Basics -----------------------------------------------------------------------
    expect(field(page, "Titel")).to_have_value(TITLE)
    field(page, "Kort beskrivning").fill(SUMMARY)
    field(page, "Ansvarig nämnd").select_option(label="Samhällsbyggnadsnämnden")
    field(page, "Bakgrund").select_option(label="Ett kommande beslut")
    field(page, "Skede i beslutsprocessen").select_option(label="Förslag")
    group(page, "Kommundelar").get_by_role("checkbox", name="Norrby").check()
    group(page, "Ämnen").get_by_role("checkbox", name="Stadsbyggnad och boende").check()
    save_and_continue(page, "Syfte och inflytande")
    expect(messages(page, "Sparat.")).to_be_visible()

    # --- Purpose and influence --------------------------------------------------------
    field(page, "Syfte").fill(PURPOSE)
    field(page, "Det här ska resultatet användas till").fill(USE_OF_RESULTS)
    group(page, "Nivå av inflytande").get_by_role(
        "radio", name=re.compile(r"^Konsultation:")
    ).check()
    field(page, "Fråga 1").fill(QUESTION)
    page.get_by_role("button", name="Spara", exact=True).click()
    step_heading_is(page, "Syfte och inflytande")
    expect(messages(page, "Sparat.")).to_be_visible()

    # --- Leaves half-way, and comes back through the list -----------------------------
    main_menu(page).get_by_role("link", name="Mina sidor").click()
    expect(heading(page, "Mina sidor")).to_be_visible()
    assert_accessible(page)
    main_menu(page).get_by_role("link", name="Personalens sidor").click()
    expect(heading(page, "Personalens sidor")).to_be_visible()
    assert_accessible(page)
    open_staff_dialogues(page)
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell", name="Samhällsbyggnadsnämnden")).to_be_visible()
    expect(row.get_by_role("cell", name="Utkast")).to_be_visible()
    row.get_by_role("link", name=f"Redigera planen {TITLE}").click()
    step_heading_is(page, "Grunduppgifter")

    expect(page.get_by_text("2 av 12 steg klara")).to_be_visible()
    expect(field(page, "Titel")).to_have_value(TITLE)
    expect(field(page, "Kort beskrivning")).to_have_value(SUMMARY)
    expect(chosen_option(page, "Ansvarig nämnd")).to_have_text("Samhällsbyggnadsnämnden")
    expect(chosen_option(page, "Bakgrund")).to_have_text("Ett kommande beslut")
    expect(chosen_option(page, "Skede i beslutsprocessen")).to_have_text("Förslag")
    expect(group(page, "Kommundelar").get_by_role("checkbox", name="Norrby")).to_be_checked()
    expect(group(page, "Kommundelar").get_by_role("checkbox", name="Söderby")).not_to_be_checked()
    expect(
        group(page, "Ämnen").get_by_role("checkbox", name="Stadsbyggnad och boende")
    ).to_be_checked()

    go_to_step(page, "Syfte och inflytande")
    expect(field(page, "Syfte")).to_have_value(PURPOSE)
    expect(field(page, "Det här ska resultatet användas till")).to_have_value(USE_OF_RESULTS)
    expect(
        group(page, "Nivå av inflytande").get_by_role("radio", name=re.compile(r"^Konsultation:"))
    ).to_be_checked()
    expect(field(page, "Fråga 1")).to_have_value(QUESTION)
    expect(field(page, "Fråga 2")).to_have_value("")
    save_and_continue(page, "Enkel eller komplex?")

    # --- Simple or complex ------------------------------------------------------------
    for legend in (
        "Politikens deltagande",
        "Målgrupper",
        "Förväntningar och risk för konflikt",
        "Val av metoder",
    ):
        group(page, legend).get_by_role("radio", name="Enkel", exact=True).check()
    save_and_continue(page, "Målgrupper")

    # --- Target groups: busy families are affected but seldom heard (priority 2) ------
    field(page, "Målgrupp").select_option(label=BUSY_FAMILIES)
    expect(page.get_by_role("checkbox", name="Gruppen berörs av frågan")).to_be_checked()
    expect(
        page.get_by_role("checkbox", name="Gruppen brukar vara aktiv och höra av sig")
    ).not_to_be_checked()
    group(page, "Så når dialogen gruppen").get_by_role("radio", name="Direkt", exact=True).check()
    page.get_by_role("button", name="Spara", exact=True).click()
    step_heading_is(page, "Målgrupper")
    rows = page.get_by_role("table", name="Målgrupper i planen")
    expect(rows.get_by_role("row").filter(has_text=BUSY_FAMILIES).get_by_role("cell")).to_have_text(
        ["Ja", "Nej", "2", "Direkt", re.compile("Ändra")]
    )
    save_and_continue(page, "Metoder och aktiviteter")

    # --- Methods: the recommender ranks, the official chooses -------------------------
    suggestions = page.get_by_role("region", name="Metoder som passar planen")
    expect(suggestions).to_contain_text(
        "Ordnade efter nivån ”Konsultation” och planens målgrupper."
    )
    # Each suggestion is a card with the method's name as its heading, best first.
    cards = suggestions.get_by_role("listitem").filter(has=page.get_by_role("heading", level=3))
    expect(cards.first.get_by_role("heading", level=3)).to_have_text(
        re.compile(r"^(Lunchdialog|Enkät)$")
    )
    lunch = cards.filter(has=page.get_by_role("heading", name="Lunchdialog", exact=True))
    expect(lunch).to_contain_text("Därför passar den:")
    expect(lunch).to_contain_text("Passar nivån konsultation")
    expect(lunch).to_contain_text(f"Passar {BUSY_FAMILIES.lower()}")
    lunch.get_by_role("link", name="Välj Lunchdialog").click()
    step_heading_is(page, "Metoder och aktiviteter")

    form = page.get_by_role("region", name="Lägg till aktivitet")
    expect(form).to_contain_text("Du har valt metoden ”Lunchdialog”.")
    expect(chosen_option(page, "Metod")).to_have_text("Lunchdialog")
    expect(form.get_by_label("Titel", exact=True)).to_have_value("Lunchdialog")
    form.get_by_label("Titel", exact=True).fill("Lunchdialog på Norrby bibliotek")
    field(page, "Börjar").fill(OUR_ACTIVITY[0])
    field(page, "Slutar").fill(OUR_ACTIVITY[1])
    form.get_by_label(re.compile(r"^Kommundel")).select_option(label="Norrby")
    field(page, "Plats").fill("Norrby bibliotek, Storgatan 1")
    group(page, "Målgrupper som aktiviteten når").get_by_role(
        "checkbox", name=BUSY_FAMILIES
    ).check()
    page.get_by_role("button", name="Spara", exact=True).click()
    step_heading_is(page, "Metoder och aktiviteter")

    # Warned about the other unit's dialogue for the same families at the same time.
    expect(
        messages(page, "Aktiviteten ”Lunchdialog på Norrby bibliotek” är sparad.")
    ).to_be_visible()
    expect(messages(page, "Andra dialoger vänder sig till samma målgrupp")).to_contain_text(
        f"”{OTHER_TITLE}” ({OTHER_UNIT})"
    )
    clashes = page.get_by_role("status", name="Andra dialoger samtidigt")
    expect(clashes).to_contain_text("Lunchdialog på Norrby bibliotek")
    expect(clashes).to_contain_text(f"“{OTHER_TITLE}” ({OTHER_UNIT})")
    activity = (
        page.get_by_role("table", name="Aktiviteter i planen")
        .get_by_role("row")
        .filter(has_text="Lunchdialog på Norrby bibliotek")
    )
    expect(activity).to_contain_text("Lunchdialog")
    expect(activity).to_contain_text("10 mars 2027")
    save_and_continue(page, "Tidplan")

    # --- Timetable ----------------------------------------------------------------
    expect(page.get_by_role("table", name="Datum som redan finns i planen")).to_contain_text(
        "Lunchdialog på Norrby bibliotek"
    )
    field(page, "Invånarna kan vara med från").fill("2027-03-01")
    field(page, "Invånarna kan vara med till").fill("2027-04-15")
    field(page, "Beslut väntas").fill("2027-06-10")
    save_and_continue(page, "Tillgänglighet")

    # --- Accessibility ----------------------------------------------------------------
    measures = group(page, "Åtgärder för tillgänglighet")
    measures.get_by_role("checkbox", name="Hörslinga").check()
    measures.get_by_role("checkbox", name="Tillgänglig lokal").check()
    field(page, "Mer om tillgänglighet").fill("Barnen är välkomna. Det finns barnvagnsparkering.")
    save_and_continue(page, "Kommunikation")

    # --- Communication ----------------------------------------------------------------
    field(page, "Kanal").fill("Affischer på förskolorna i Norrby")
    field(page, "Datum").fill("2027-02-20")
    field(page, "För vem").fill("Föräldrar med små barn")
    save_and_continue(page, "Återkoppling")

    # --- Feedback ---------------------------------------------------------------------
    field(page, "Så får deltagarna återkoppling").fill(
        "Vi skriver på dialogens sida vad som kom in och vad nämnden beslutade."
    )
    field(page, "Återkoppling senast").fill("2027-06-30")
    field(page, "Vem som återkopplar").fill("Projektledaren för hamnen")
    save_and_continue(page, "Kostnader")

    # --- Costs ------------------------------------------------------------------------
    field(page, "Vad kostnaden gäller").fill("Lunch till deltagarna")
    field(page, "Belopp i kronor").fill("4 500 kr")
    save_and_continue(page, "Utvärdering")

    # --- Evaluation -------------------------------------------------------------------
    field(page, "Mått för utvärderingen").fill(
        "Minst 40 deltagare\nMinst hälften är föräldrar med barn under 12 år"
    )
    save_and_continue(page, "Ansvar och samarbete")

    # --- Responsibility ---------------------------------------------------------------
    group(page, "Ansvariga tjänstepersoner").get_by_role(
        "checkbox", name=f"Sara Svensson ({official.email})"
    ).check()
    field(page, "Kontaktperson").fill("Sara Svensson")
    field(page, "E-postadress för kontakt").fill("hamnen@exempelkommun.example")
    page.get_by_role("button", name="Spara och se hela planen").click()

    # --- The whole plan: nothing missing, sent for approval ---------------------------
    expect(heading(page, TITLE)).to_be_visible()
    assert_accessible(page)
    expect(
        page.get_by_text("Alla delar av planen är klara. Du kan skicka den för godkännande.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Det här saknas i planen")).to_have_count(0)
    make_move(page, "Skicka för godkännande", "Väntar på godkännande")
    expect(page.get_by_role("link", name="Redigera planen")).to_have_count(0)

    # --- The owner committee's representative approves --------------------------------
    committee_page = another_page()
    log_in(committee_page, town.representative.email)
    expect(heading(committee_page, "Personalens sidor")).to_be_visible()
    assert_accessible(committee_page)
    open_staff_dialogues(committee_page)
    committee_page.get_by_role("region", name="Väntar på ditt godkännande").get_by_role(
        "link", name=TITLE
    ).click()
    expect(heading(committee_page, TITLE)).to_be_visible()
    assert_accessible(committee_page)
    make_move(committee_page, "Godkänn planen", "Beslutad")

    # --- The official publishes -------------------------------------------------------
    open_summary_from_list(page)
    make_move(page, "Publicera", "Publicerad")

    # --- A resident finds it by district and follows it -------------------------------
    resident_page = another_page()
    log_in(resident_page, town.resident.email)
    assert_accessible(resident_page)
    main_menu(resident_page).get_by_role("link", name="Dialoger").click()
    expect(heading(resident_page, "Dialoger")).to_be_visible()
    assert_accessible(resident_page)
    expect(resident_page.get_by_role("link", name=OTHER_TITLE)).to_be_visible()

    search = resident_page.get_by_role("search", name="Hitta dialoger")
    search.get_by_label("Kommundel").select_option(label="Norrby")
    search.get_by_role("button", name="Visa dialoger").click()
    expect(heading(resident_page, "Dialoger")).to_be_visible()
    assert_accessible(resident_page)
    expect(resident_page.get_by_role("link", name=OTHER_TITLE)).to_have_count(0)
    upcoming = resident_page.get_by_role("region", name=re.compile(r"^Kommande"))
    upcoming.get_by_role("link", name=TITLE).click()

    expect(heading(resident_page, TITLE)).to_be_visible()
    assert_accessible(resident_page)
    expect(resident_page.get_by_role("main")).to_contain_text(PURPOSE)
    expect(resident_page.get_by_role("main")).to_contain_text("Lunchdialog på Norrby bibliotek")
    resident_page.get_by_role("button", name="Bevaka dialogen").click()
    expect(messages(resident_page, "Nu bevakar du dialogen.")).to_be_visible()
    assert_accessible(resident_page)
    expect(resident_page.get_by_role("button", name="Sluta bevaka")).to_be_visible()
    dialogue_path = urlparse(resident_page.url).path
    assert mailoutbox == []

    # --- The official opens it; the follower hears about it ---------------------------
    make_move(page, "Öppna för deltagande", "Pågår")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [town.resident.email]
    assert mail.subject == f"Nu kan du vara med: {TITLE}"
    assert f"Nu kan du vara med i dialogen ”{TITLE}” som du bevakar." in mail.body
    assert re.search(rf"https?://\S+{re.escape(dialogue_path)}\s", mail.body), mail.body


def test_only_the_owner_committee_approves_and_only_the_unit_edits(
    page, another_page, town, municipality
):
    """A representative of another committee cannot see a plan awaiting approval, let
    alone approve it; an official of another unit cannot open a draft in the editor."""
    submitted = DialogueFactory(
        municipality=municipality,
        unit=town.planning,
        owner_committee=town.committee,
        title=TITLE,
        state=State.SUBMITTED,
    )
    draft = DialogueFactory(
        municipality=municipality,
        unit=town.planning,
        owner_committee=town.committee,
        title="Ny simhall i Norrby",
        state=State.DRAFT,
    )
    other_representative = factories.representative(
        town.culture_committee, user__name="Karin Kultur"
    )

    log_in(page, other_representative.email)
    expect(heading(page, "Personalens sidor")).to_be_visible()
    assert_accessible(page)
    open_staff_dialogues(page)
    awaiting = page.get_by_role("region", name="Väntar på ditt godkännande")
    expect(awaiting).to_contain_text("Inga planer väntar på att din nämnd ska godkänna dem.")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    response = page.goto(f"/hantera/dialoger/{submitted.pk}/")
    assert response is not None and response.status == 403
    expect(heading(page, "Du har inte behörighet till den här sidan")).to_be_visible()
    expect(page.get_by_role("button", name="Godkänn planen")).to_have_count(0)
    assert_accessible(page)

    official_page = another_page()
    log_in(official_page, town.other_official.email)
    expect(heading(official_page, "Personalens sidor")).to_be_visible()
    assert_accessible(official_page)
    response = official_page.goto(f"/hantera/dialoger/{draft.pk}/steg/basics/")
    assert response is not None and response.status == 403
    expect(heading(official_page, "Du har inte behörighet till den här sidan")).to_be_visible()
    expect(official_page.get_by_label("Titel", exact=True)).to_have_count(0)
    assert_accessible(official_page)
