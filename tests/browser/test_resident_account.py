"""A resident creates an account, logs in and out, picks a language and edits their details."""

import re

import pytest
from playwright.sync_api import expect

from delaktig.municipality.tests import factories

from .axe import assert_accessible
from .helpers import heading, main_menu, summary_value

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Blåbärssylt-på-tisdag-7"
CONFIRMATION_LINK = re.compile(r"https?://\S+/konto/confirm-email/\S+/")
# allauth's own Swedish ("Verifiera din epost-adress"), spelled with or without hyphens.
CHECK_YOUR_EMAIL = re.compile(r"Verifiera din e-?post-?adress", re.IGNORECASE)
CONFIRM_EMAIL = re.compile(r"(Verifiera|Bekräfta) e-?post-?adress", re.IGNORECASE)


def test_resident_registers_verifies_logs_in_and_edits_details(page, municipality, mailoutbox):
    factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    factories.DistrictFactory(municipality=municipality, name="Söderby", slug="soderby")
    email = "anna.andersson@exempel.example"

    # The home page is in Swedish although the browser asks for English.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(heading(page, "Var med och påverka i Exempelkommun")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Skapa konto").click()
    expect(heading(page, "Skapa konto")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-postadress", exact=True).fill(email)
    page.get_by_label("Lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Lösenord (igen)", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    expect(heading(page, CHECK_YOUR_EMAIL)).to_be_visible()
    assert_accessible(page)

    # The verification e-mail (the live server runs in this process and shares the outbox).
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [email]
    link = CONFIRMATION_LINK.search(message.body)
    assert link, f"No confirmation link in the e-mail:\n{message.body}"

    page.goto(link.group(0))
    expect(heading(page, CONFIRM_EMAIL)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Verifiera").click()

    # Confirming logs the resident in and takes them to their own page.
    expect(page).to_have_url(re.compile(r"/mina-sidor/$"))
    expect(heading(page, "Mina sidor")).to_be_visible()
    expect(main_menu(page).get_by_role("button", name="Logga ut")).to_be_visible()
    expect(summary_value(page, "E-postadress")).to_have_text(email)
    assert_accessible(page)

    main_menu(page).get_by_role("button", name="Logga ut").click()
    expect(main_menu(page).get_by_role("link", name="Logga in", exact=True)).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Mina sidor")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Du har loggat ut.")
    assert_accessible(page)

    main_menu(page).get_by_role("link", name="Logga in", exact=True).click()
    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-postadress", exact=True).fill(email)
    page.get_by_label("Lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(heading(page, "Mina sidor")).to_be_visible()
    assert_accessible(page)

    # The language switch in the header, and back.
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page, "My pages")).to_be_visible()
    english_menu = page.get_by_role("navigation", name="Main menu")
    expect(english_menu.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(heading(page, "Mina sidor")).to_be_visible()
    assert_accessible(page)

    # Change name and district.
    main_menu(page).get_by_role("link", name="Mina sidor").click()
    expect(heading(page, "Mina sidor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra mina uppgifter").click()
    expect(heading(page, "Ändra mina uppgifter")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Namn\b")).fill("Anna Andersson")
    page.get_by_label(re.compile(r"^Kommundel\b")).select_option(label="Norrby")
    page.get_by_role("button", name="Spara").click()

    expect(heading(page, "Mina sidor")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Dina uppgifter är sparade.")
    expect(summary_value(page, "Namn")).to_have_text("Anna Andersson")
    expect(summary_value(page, "Kommundel")).to_have_text("Norrby")
    expect(summary_value(page, "E-postadress")).to_have_text(email)
    assert_accessible(page)


SIGNUP_ERRORS = {
    "email-taken": {
        "email": "upptagen@exempel.example",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "field": "E-postadress",
        "field_id": "id_email",
        "message": "En användare är redan registrerad med den här epost-adressen",
    },
    "weak-password": {
        "email": "ny.invanare@exempel.example",
        "password1": "12345678",
        "password2": "12345678",
        "field": "Lösenord",
        "field_id": "id_password1",
        "message": "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken.",
    },
    "passwords-differ": {
        "email": "ny.invanare@exempel.example",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD + "x",
        "field": "Lösenord (igen)",
        "field_id": "id_password2",
        "message": "Du måste ange samma lösenord",
    },
}


@pytest.mark.parametrize("case", list(SIGNUP_ERRORS), ids=list(SIGNUP_ERRORS))
def test_registration_with_bad_input_explains_what_to_fix(page, municipality, mailoutbox, case):
    bad = SIGNUP_ERRORS[case]
    factories.UserFactory(email="upptagen@exempel.example")

    page.goto("/konto/signup/")
    expect(heading(page, "Skapa konto")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-postadress", exact=True).fill(bad["email"])
    page.get_by_label("Lösenord", exact=True).fill(bad["password1"])
    page.get_by_label("Lösenord (igen)", exact=True).fill(bad["password2"])
    page.get_by_role("button", name="Skapa konto").click()

    # The error summary at the top of the form, announced and focused.
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="Det finns ett problem")).to_be_visible()
    expect(summary).to_be_focused()
    summary_link = summary.get_by_role("link", name=f"{bad['field']}: {bad['message']}")
    expect(summary_link).to_have_attribute("href", f"#{bad['field_id']}")
    assert_accessible(page)

    # The same message beside the field, tied to it for screen readers.
    field = page.get_by_label(bad["field"], exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(bad["message"])))
    expect(page.locator(f"#{bad['field_id']}_error")).to_contain_text(bad["message"])

    # The summary link takes the visitor to the field.
    summary_link.click()
    expect(field).to_be_focused()

    # What the visitor typed is kept.
    expect(page.get_by_label("E-postadress", exact=True)).to_have_value(bad["email"])
    assert mailoutbox == []
