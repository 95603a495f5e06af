"""The strict Content-Security-Policy breaks nothing, and the accessibility
statement's feedback form works with the keyboard alone."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from delaktig.core.models import AccessibilityStatement
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f

from .axe import assert_accessible
from .helpers import heading, log_in

pytestmark = pytest.mark.browser


def _watch_csp(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_public_and_staff_pages_run_under_the_policy(page, municipality):
    violations = _watch_csp(page)
    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    unit = meeting.activity.dialogue.unit
    official = f.official(unit)
    for url in ("/", "/dialoger/", "/moten/", f"/moten/{meeting.pk}/anmalan/", "/tillganglighet/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    log_in(page, official.email)
    assert_accessible(page)
    for url in ("/hantera/", "/hantera/dialogkalender/", f"/hantera/moten/{meeting.pk}/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    assert violations == []


def test_a_visitor_sends_accessibility_feedback_with_the_keyboard(page, municipality):
    AccessibilityStatement.objects.create(
        municipality=municipality,
        compliance="partial",
        known_gaps="Kartan går inte att använda med tangentbord.",
        published_on="2026-03-01",
        updated_on="2026-09-20",
        contact_email="tillganglighet@exempelkommun.example",
    )
    violations = _watch_csp(page)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(heading(page, "Tillgänglighetsredogörelse")).to_be_visible()
    expect(page.get_by_text("Kartan går inte att använda med tangentbord.")).to_be_visible()
    expect(page.get_by_role("link", name="anmäla det till DIGG")).to_have_attribute(
        "href", "https://www.digg.se/tdosanmalan"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Skriv till oss i formuläret").focus()
    page.keyboard.press("Enter")
    expect(heading(page, "Berätta om problem med tillgängligheten")).to_be_visible()
    assert_accessible(page)

    # Sending without a message: the error is announced and focus moves to it.
    page.get_by_label("Ditt namn").focus()
    page.keyboard.type("Ada")
    page.get_by_role("button", name="Skicka synpunkter").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Skriv vad som inte fungerade för dig.")
    expect(page.get_by_label("Ditt namn")).to_have_value("Ada")
    assert_accessible(page)

    page.get_by_label("Beskriv problemet").focus()
    page.keyboard.type("Knappen syns inte när jag förstorar texten.")
    page.get_by_role("button", name="Skicka synpunkter").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tack! Dina synpunkter har skickats till oss.")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 1
    assert "Knappen syns inte" in mail.outbox[0].body
    assert violations == []
