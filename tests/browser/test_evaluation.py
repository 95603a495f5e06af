"""Evaluation and the municipality overview, in Swedish as a user clicks.

On a phone, a participant scans the QR code of a street-conversation activity,
first sends the form empty and is told what to do, then answers and is thanked.
At a desktop, an administrator opens the participation overview, picks a year
and reads the short summary and the tables.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from delaktig.dialogues.models import Activity
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.evaluations.models import Evaluation, Response
from delaktig.meetings.models import AttendanceCount
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.methods.tests.factories import MethodFactory
from delaktig.municipality.tests import factories

from .axe import assert_accessible
from .helpers import heading, log_in


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_participant_answers_an_activity_evaluation(page, municipality):
    dialogue = DialogueFactory(municipality=municipality, state="open", title="Trygga Norrby")
    activity = Activity.objects.create(
        dialogue=dialogue,
        method=MethodFactory(slug="gatusamtal", name="Gatusamtal"),
        title="Samtal vid Norrby centrum",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 5),
    )
    evaluation = Evaluation.objects.create(dialogue=dialogue, activity=activity)

    page.goto(f"/utvardering/{evaluation.token}/")
    expect(heading(page, "Vad tyckte du om att vara med?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_text("Svara på minst en fråga innan du skickar.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name=re.compile(r"^Var syftet tydligt\?")).get_by_role(
        "radio", name=re.compile("Till stor del")
    ).check()
    page.get_by_label(re.compile("^Är det något mer du vill berätta")).fill(
        "Bra att ni kom till torget."
    )
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(heading(page, "Tack för dina svar!")).to_be_visible()
    assert_accessible(page)
    answer = Response.objects.get()
    assert (answer.purpose_clear, answer.channel) == (4, "phone")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_administrator_reads_the_participation_overview(page, municipality):
    unit = factories.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    for month, level in ((3, 2), (9, 4)):
        dialogue = DialogueFactory(
            municipality=municipality,
            unit=unit,
            state="fed_back",
            ladder_level=level,
            starts_on=datetime.date(2026, month, 1),
        )
        meeting = MeetingFactory(activity__dialogue=dialogue)
        AttendanceCount.objects.create(meeting=meeting, gender="woman", age_band="26-44", count=12)
        AttendanceCount.objects.create(meeting=meeting, gender="man", age_band="45-64", count=9)
    admin = factories.administrator(unit)

    log_in(page, admin.email)
    assert_accessible(page)
    page.goto("/hantera/oversikt/")
    expect(heading(page, "Hur väl låter kommunen invånarna vara delaktiga?")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^År( \(frivilligt\))?$")).select_option("2026")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("Invånarna deltog 42 gånger").first).to_be_visible()
    expect(page.get_by_role("table", name="Dialoger per nivå")).to_be_visible()
    assert_accessible(page)
