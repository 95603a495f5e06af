"""A dialogue held face to face, on a phone (360 px wide).

A resident finds a café evening of a public dialogue in the meeting calendar and
registers, without an account, with a need for an interpreter into Arabic, and
gets the confirmation on the page and by e-mail. An official of the dialogue's
unit sees the registration and the need ahead of the meeting; after it, the
official records how many came (counts by gender and age band) and what two
tables wrote on their cloths. Out on the square the official logs a street
conversation on the phone over a flaky connection: the first send reaches the
server but its answer is lost, the page sends the same entry again, and the log
holds it once. The reach page then counts the new entry and the meeting.

Only the phone viewport: the issue asks for this flow at 360 px, and the outreach
form is made for a phone in one hand.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.utils import dateformat, timezone, translation
from playwright.sync_api import Page, expect

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import Activity, DialogueQuestion, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import AttendanceCount, Meeting, Need, Registration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.methods.models import Method
from delaktig.municipality.models import Topic, Unit
from delaktig.municipality.tests import factories
from delaktig.outreach.models import OutreachEntry
from delaktig.outreach.tests.factories import OutreachEntryFactory

from .axe import assert_accessible
from .helpers import heading, log_in, main_menu, summary_value

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("viewport", ["phone"], indirect=True),
]

DIALOGUE = "Framtidens Norrby"
MEETING = "Framtidscafé i Norrby"
QUESTION_1 = "Vad behöver Norrby för att bli en bra plats att växa upp i?"
QUESTION_2 = "Hur tar du dig till skolan och jobbet?"
RESIDENT = SimpleNamespace(name="Amal Haddad", email="amal.haddad@exempel.example")
OUTREACH_PATH = "/hantera/uppsokande/ny/"
DRAFT_PREFIX = "delaktig.outreach.draft."
# Entries already in the log: one a few days ago for the same dialogue (counted in
# the period shown), one two months ago (outside it).
EARLIER = SimpleNamespace(days_ago=2, people_met=40, conversations=25)
OLDER = SimpleNamespace(days_ago=60, people_met=100, conversations=60)
# What the official logs on the square.
NEW = SimpleNamespace(people_met=17, conversations=9)
# Attendance at the café evening: (label of the grid cell, number).
ATTENDANCE = [
    ("Kvinnor, 26–44 år", 5),
    ("Män, 26–44 år", 3),
    ("Kvinnor, 45–64 år", 2),
    ("Män, 65–79 år", 1),
]
CAME = sum(n for _label, n in ATTENDANCE)


def field(page: Page, label: str):
    """A field by its label, which ends in “(frivilligt)” when the field is optional."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(frivilligt\))?$"))


def group(page: Page, legend: str):
    """Radio buttons or checkboxes by their legend (“(frivilligt)” allowed)."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}( \(frivilligt\))?$"))


def messages(page: Page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def staff_menu(page: Page):
    return page.get_by_role("navigation", name="Personalens sidor")


def open_from_staff_menu(page: Page, link: str, title: str) -> None:
    staff_menu(page).get_by_role("link", name=link, exact=True).click()
    expect(heading(page, title)).to_be_visible()
    assert_accessible(page)


def swedish_date(value: datetime.datetime, format_string: str) -> str:
    with translation.override("sv"):
        return dateformat.format(timezone.localtime(value), format_string)


def outreach_drafts(page: Page) -> list[dict]:
    """The outreach drafts the page keeps in the phone's localStorage."""
    return page.evaluate(
        """prefix => Object.keys(localStorage)
            .filter(key => key.startsWith(prefix))
            .map(key => JSON.parse(localStorage.getItem(key)))""",
        DRAFT_PREFIX,
    )


@pytest.fixture
def town(municipality, catalogue):
    """A public (open) dialogue with two questions and a café evening in a week."""
    administration = factories.UnitFactory(
        municipality=municipality, name="Kommunledningsförvaltningen"
    )
    board = factories.UnitFactory(
        municipality=municipality, name="Kommunstyrelsen", kind=Unit.Kind.COMMITTEE
    )
    norrby = factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    dialogue = DialogueFactory(
        municipality=municipality,
        unit=administration,
        owner_committee=board,
        title=DIALOGUE,
        slug="framtidens-norrby",
        state=State.OPEN,
    )
    dialogue.districts.set([norrby])
    questions = [
        DialogueQuestion.objects.create(dialogue=dialogue, text=QUESTION_1, position=1),
        DialogueQuestion.objects.create(dialogue=dialogue, text=QUESTION_2, position=2),
    ]
    starts = timezone.localtime().replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=7)
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=Method.objects.get(slug="cafemodell"),
        title=MEETING,
        starts_on=starts.date(),
        ends_on=starts.date(),
        district=norrby,
        place="Norrby bibliotek",
    )
    meeting = MeetingFactory(
        activity=activity,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue="Norrby bibliotek, stora salen",
        address="Norrbygatan 4",
        languages="svenska, arabiska",
        capacity=30,
    )
    official = factories.official(administration, user__name="Sara Svensson")
    today = timezone.localdate()
    for earlier in (EARLIER, OLDER):
        OutreachEntryFactory(
            municipality=municipality,
            unit=administration,
            district=norrby,
            dialogue=dialogue,
            date=today - datetime.timedelta(days=earlier.days_ago),
            people_met=earlier.people_met,
            conversations=earlier.conversations,
            recorded_by=official,
        )
    return SimpleNamespace(
        dialogue=dialogue,
        questions=questions,
        meeting=meeting,
        official=official,
        administration=administration,
        norrby=norrby,
    )


def test_café_evening_registration_documentation_outreach_and_reach(
    page, another_page, town, mailoutbox
):
    meeting = town.meeting

    # --- A resident finds the café evening in the meeting calendar -----------------------
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    main_menu(page).get_by_role("link", name="Möten", exact=True).click()
    expect(heading(page, "Möten")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("status").filter(has_text="1 kommande möte")).to_be_visible()
    page.get_by_role("link", name=MEETING, exact=True).click()
    expect(heading(page, MEETING)).to_be_visible()
    assert_accessible(page)
    expect(summary_value(page, "Språk")).to_have_text("svenska, arabiska")
    expect(summary_value(page, "Del av dialogen")).to_have_text(DIALOGUE)

    # --- … and registers with a need for an interpreter ----------------------------------
    page.get_by_role("link", name="Anmäl dig", exact=True).click()
    expect(heading(page, f"Anmälan: {MEETING}")).to_be_visible()
    assert_accessible(page)
    field(page, "Namn").fill(RESIDENT.name)
    field(page, "E-postadress").fill(RESIDENT.email)
    field(page, "Telefon").fill("070-123 45 67")
    needs = group(page, "Vad behöver du för att kunna delta?")
    needs.get_by_role("checkbox", name="Tolk", exact=True).check()
    page.get_by_role(
        "checkbox", name="Jag godkänner att kommunen sparar min anmälan och mina behov"
    ).check()
    # Forgets to say which language: told so beside the field, nothing typed is lost.
    page.get_by_role("button", name="Anmäl dig", exact=True).click()
    expect(heading(page, f"Anmälan: {MEETING}")).to_be_visible()
    assert_accessible(page)
    expect(
        page.get_by_role("link", name="Skriv vilket språk du behöver tolk till.")
    ).to_be_visible()
    expect(field(page, "Namn")).to_have_value(RESIDENT.name)
    expect(needs.get_by_role("checkbox", name="Tolk", exact=True)).to_be_checked()
    assert not Registration.objects.exists()
    expect(
        page.get_by_role(
            "checkbox", name="Jag godkänner att kommunen sparar min anmälan och mina behov"
        )
    ).to_be_checked()
    field(page, "Språk för tolkning").fill("arabiska")
    page.get_by_role("button", name="Anmäl dig", exact=True).click()

    expect(heading(page, "Du är anmäld")).to_be_visible()
    assert_accessible(page)
    expect(
        page.get_by_text(f"Vi har skickat en bekräftelse till {RESIDENT.email}.")
    ).to_be_visible()
    told = page.get_by_role("region", name="Det här har du sagt att du behöver")
    expect(told.get_by_role("listitem")).to_have_text(["Tolk", "Språk för tolkning: arabiska"])

    registration = Registration.objects.get()
    assert registration.meeting == meeting
    assert registration.user is None
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.needs == [Need.INTERPRETER]
    assert registration.interpreter_language == "arabiska"

    # The confirmation e-mail: the meeting's date and time, the need, a cancel link.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [RESIDENT.email]
    assert mail.subject == f"Du är anmäld: {MEETING}"
    assert f"När: {swedish_date(meeting.starts_at, 'l j F Y')}, 18:00–20:00" in mail.body
    assert "Språk för tolkning: arabiska" in mail.body
    cancel_path = f"/moten/avboka/{registration.token}/"
    assert re.search(rf"https?://\S+{re.escape(cancel_path)}\s", mail.body), mail.body

    # The link leads to a page that asks before cancelling (opening it cancels nothing).
    page.goto(cancel_path)
    expect(heading(page, "Avboka din anmälan")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("button", name="Ja, avboka min anmälan")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    # --- The official sees the registration and the need ahead of the meeting ------------
    staff = another_page()
    log_in(staff, town.official.email)
    expect(heading(staff, "Personalens sidor")).to_be_visible()
    assert_accessible(staff)
    open_from_staff_menu(staff, "Möten", "Möten")
    upcoming = staff.get_by_role("region", name="Kommande", exact=True)
    upcoming.get_by_role("link", name=MEETING, exact=True).click()
    expect(heading(staff, MEETING)).to_be_visible()
    assert_accessible(staff)
    meeting_url = urlparse(staff.url).path
    assert meeting_url == f"/hantera/moten/{meeting.pk}/"

    counts = staff.get_by_role("region", name="Antal", exact=True)
    expect(counts).to_contain_text("1 (29 platser kvar)")
    needs_summary = staff.get_by_role("region", name="De anmäldas behov", exact=True)
    expect(needs_summary.get_by_role("listitem")).to_have_text(["Tolk: 1 (arabiska ×1)"])
    registered = staff.get_by_role("region", name="Anmälda", exact=True).get_by_role("row")
    row = registered.filter(has=staff.get_by_role("rowheader", name=RESIDENT.name))
    expect(row.get_by_role("cell").nth(0)).to_contain_text(RESIDENT.email)
    expect(row.get_by_role("cell").nth(1).get_by_role("listitem")).to_have_text(
        ["Tolk", "Tolkspråk: arabiska"]
    )

    # --- The café evening takes place ----------------------------------------------------
    held = (timezone.localtime() - datetime.timedelta(days=3)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=held, ends_at=held + datetime.timedelta(hours=2)
    )
    Activity.objects.filter(pk=meeting.activity_id).update(
        starts_on=held.date(), ends_on=held.date()
    )
    staff.reload()
    expect(heading(staff, MEETING)).to_be_visible()
    assert_accessible(staff)
    expect(summary_value(staff, "Kom (registrerad närvaro)")).to_have_text("0")

    # --- Attendance, as counts by gender and age band ------------------------------------
    staff.get_by_role("region", name="Efter mötet", exact=True).get_by_role(
        "link", name="Registrera närvaro"
    ).click()
    expect(heading(staff, "Närvaro")).to_be_visible()
    assert_accessible(staff)
    for label, number in ATTENDANCE:
        staff.get_by_label(label, exact=True).fill(str(number))
    # Counted one too many at the door: the check says so, the grid is kept.
    field(staff, "Totalt antal personer, som kontroll").fill(str(CAME + 1))
    staff.get_by_role("button", name="Spara närvaron").click()
    expect(heading(staff, "Närvaro")).to_be_visible()
    assert_accessible(staff)
    expect(
        staff.get_by_role("link", name=re.compile(rf"blir tillsammans {CAME}, inte {CAME + 1}\."))
    ).to_be_visible()
    for label, number in ATTENDANCE:
        expect(staff.get_by_label(label, exact=True)).to_have_value(str(number))
    assert not AttendanceCount.objects.exists()
    field(staff, "Totalt antal personer, som kontroll").fill(str(CAME))
    staff.get_by_role("button", name="Spara närvaron").click()

    expect(messages(staff, f"Närvaron är sparad: {CAME} personer.")).to_be_visible()
    assert_accessible(staff)
    saved = staff.get_by_role("region", name=f"Sparat: {CAME} personer")
    expect(summary_value(saved, "Kvinnor")).to_have_text("7")
    expect(summary_value(saved, "Män")).to_have_text("4")
    expect(summary_value(saved, "26–44 år")).to_have_text("8")
    for label, number in ATTENDANCE:
        expect(staff.get_by_label(label, exact=True)).to_have_value(str(number))
    assert {(c.gender, c.age_band, c.count) for c in AttendanceCount.objects.all()} == {
        ("woman", "26-44", 5),
        ("man", "26-44", 3),
        ("woman", "45-64", 2),
        ("man", "65-79", 1),
    }

    # --- What two tables wrote on their cloths about the first question ------------------
    staff.get_by_role("navigation", name="Dokumentation av mötet").get_by_role(
        "link", name="Anteckningar och foton"
    ).click()
    expect(heading(staff, "Anteckningar och foton")).to_be_visible()
    assert_accessible(staff)
    cloths = [
        ("Bord 3", "Mötesplatser för unga", "En fritidsgård som är öppen på helgerna."),
        ("Bord 5", "Trygga vägar", "Bättre belysning på gångvägen till skolan."),
    ]
    for table, theme, text in cloths:
        field(staff, "Typ").select_option(label="Anteckning från bord")
        field(staff, "Bord eller samtalsgrupp").fill(table)
        field(staff, "Fråga").select_option(label=QUESTION_1)
        field(staff, "Rubrik eller tema").fill(theme)
        field(staff, "Text").fill(text)
        staff.get_by_role("button", name="Spara", exact=True).click()
        expect(messages(staff, "Sparat. Du kan lägga till nästa nedanför.")).to_be_visible()
        assert_accessible(staff)
        # A fresh form for the next cloth.
        expect(field(staff, "Text")).to_have_value("")

    expect(heading(staff, "Dokumenterat hittills: 2 bidrag", level=2)).to_be_visible()
    by_question = staff.get_by_role("region", name=f"{QUESTION_1} (2)")
    for table, theme, text in cloths:
        note = by_question.get_by_role("article", name=theme)
        expect(note).to_contain_text("Anteckning från bord")
        expect(note).to_contain_text(table)
        expect(note).to_contain_text(text)
        expect(note).to_contain_text("Sara Svensson")
    staff.get_by_role("navigation", name="Gruppera bidragen").get_by_role(
        "link", name="Efter bord eller samtalsgrupp"
    ).click()
    expect(heading(staff, "Anteckningar och foton")).to_be_visible()
    assert_accessible(staff)
    for table, theme, _text in cloths:
        expect(
            staff.get_by_role("region", name=f"{table} (1)").get_by_role("article", name=theme)
        ).to_contain_text(QUESTION_1)

    stored = Contribution.objects.order_by("source_label")
    assert [(c.source_label, c.title, c.text) for c in stored] == cloths
    for contribution in stored:
        assert contribution.kind == "table_note"
        assert contribution.method_key == "meetings"
        assert contribution.dialogue_id == town.dialogue.pk
        assert contribution.activity_id == meeting.activity_id
        assert contribution.question_id == town.questions[0].pk

    # --- Out on the square: a street conversation, logged on the phone -------------------
    open_from_staff_menu(staff, "Uppsökande samtal", "Uppsökande samtal")
    staff.get_by_role("link", name="Registrera uppsökande samtal", exact=True).click()
    expect(heading(staff, "Registrera uppsökande samtal")).to_be_visible()
    assert_accessible(staff)
    today = timezone.localdate()
    expect(field(staff, "Datum")).to_have_value(today.isoformat())
    expect(field(staff, "Grupp").get_by_role("option", selected=True)).to_have_text(
        "Kommunledningsförvaltningen"
    )
    expect(
        group(staff, "Vilka från kommunen var med").get_by_role("checkbox", name="Sara Svensson")
    ).to_be_checked()
    field(staff, "Typ av uppsökande arbete").select_option(label="Gatu- eller torgsamtal")
    field(staff, "Kommundel").select_option(label="Norrby")
    field(staff, "Plats").fill("Torget i Norrby")
    field(staff, "Dialog").select_option(label=DIALOGUE)
    field(staff, "Antal mötta").fill(str(NEW.people_met))
    field(staff, "Antal samtal").fill(str(NEW.conversations))
    staff.get_by_text("Mötta efter kön och ålder").click()
    staff.get_by_label("Kvinna, 13–17 år", exact=True).fill("6")
    staff.get_by_label("Man, 13–17 år", exact=True).fill("5")
    group(staff, "Ämnen som togs upp").get_by_role("checkbox", name="Kultur och fritid").check()
    field(staff, "Korta anteckningar").fill("Många unga vill ha en fritidsgård i Norrby.")

    # A flaky connection: the first send reaches the server, which stores the entry,
    # but the answer never comes back to the phone. Later sends go through.
    sends = []

    def flaky(route, request):
        if request.method != "POST":
            route.continue_()
            return
        key = re.search(r'name="submission_key"\r\n\r\n([0-9a-f-]+)', request.post_data or "")
        sends.append(key.group(1) if key else None)
        if len(sends) == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    staff.route(f"**{OUTREACH_PATH}", flaky)
    staff.get_by_role("button", name="Spara", exact=True).click()

    # The page says it is not sent and keeps the entry on the phone, to send again.
    expect(
        messages(staff, "Inte skickat än – vi försöker igen när du har nätverk.")
    ).to_be_visible()
    assert len(sends) == 1
    drafts = outreach_drafts(staff)
    assert len(drafts) == 1
    assert drafts[0]["queued"] is True
    assert drafts[0]["key"] == sends[0]
    assert ["people_met", str(NEW.people_met)] in drafts[0]["fields"]
    assert OutreachEntry.objects.filter(people_met=NEW.people_met).count() == 1

    # It tries again by itself, with the same key; the confirmation opens.
    expect(heading(staff, re.compile(r"^Gatu- eller torgsamtal, "))).to_be_visible(timeout=20_000)
    assert_accessible(staff)
    staff.unroute(f"**{OUTREACH_PATH}")
    assert len(sends) == 2
    assert sends[0] is not None and sends[1] == sends[0]
    expect(messages(staff, "Det uppsökande samtalet är sparat.")).to_be_visible()
    expect(staff.get_by_text("Det uppsökande samtalet är sparat.")).to_have_count(1)
    expect(summary_value(staff, "Antal mötta")).to_have_text(str(NEW.people_met))
    expect(summary_value(staff, "Antal samtal")).to_have_text(str(NEW.conversations))
    expect(summary_value(staff, "Kommundel")).to_have_text("Norrby")
    expect(summary_value(staff, "Dialog")).to_have_text(DIALOGUE)
    assert outreach_drafts(staff) == []

    # Stored once, with everything typed.
    new_entries = OutreachEntry.objects.exclude(
        people_met__in=[EARLIER.people_met, OLDER.people_met]
    )
    assert new_entries.count() == 1
    entry = new_entries.get()
    assert str(entry.submission_key) == sends[0]
    assert (entry.people_met, entry.conversations) == (NEW.people_met, NEW.conversations)
    assert entry.kind == OutreachEntry.Kind.STREET
    assert entry.date == today
    assert entry.unit == town.administration
    assert entry.district == town.norrby
    assert entry.dialogue == town.dialogue
    assert entry.recorded_by == town.official
    assert list(entry.staff.all()) == [town.official]
    assert list(entry.topics.all()) == [Topic.objects.get(slug="kultur")]
    assert {(t.gender, t.age_band, t.count) for t in entry.tallies.all()} == {
        ("woman", "13-17", 6),
        ("man", "13-17", 5),
    }
    assert OutreachEntry.objects.count() == 3

    # --- The reach figures for the last week include the new entry and the meeting ---
    open_from_staff_menu(staff, "Räckvidd", "Räckvidd")
    period = staff.get_by_role("form", name="Välj period")
    field(period, "Från").fill((today - datetime.timedelta(days=7)).isoformat())
    field(period, "Till").fill(today.isoformat())
    period.get_by_role("button", name="Visa", exact=True).click()
    expect(heading(staff, "Räckvidd")).to_be_visible()
    assert_accessible(staff)
    people_met = EARLIER.people_met + NEW.people_met
    conversations = EARLIER.conversations + NEW.conversations
    expect(summary_value(staff, "Antal mötta")).to_have_text(str(people_met))
    expect(summary_value(staff, "Antal samtal")).to_have_text(str(conversations))
    expect(summary_value(staff, "Möten")).to_have_text("1")
    expect(summary_value(staff, "Deltagare på möten")).to_have_text(str(CAME))
    per_dialogue = staff.get_by_role("region", name="Antal mötta och möten per dialog")
    expect(
        per_dialogue.get_by_role("row")
        .filter(has=staff.get_by_role("rowheader", name=DIALOGUE))
        .get_by_role("cell")
    ).to_have_text([str(people_met), str(conversations), "1", str(CAME)])
