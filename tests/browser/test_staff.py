"""Officials and administrators in the staff area."""

import re

import pytest
from playwright.sync_api import expect

from delaktig.municipality.tests import factories

from .axe import assert_accessible
from .helpers import heading, log_in

pytestmark = pytest.mark.browser


def test_official_reaches_own_unit_but_not_another(page, municipality):
    own_unit = factories.UnitFactory(
        municipality=municipality, name="Kultur- och fritidsförvaltningen"
    )
    other_unit = factories.UnitFactory(municipality=municipality, name="Socialförvaltningen")
    person = factories.official(own_unit, user__name="Olle Olsson")

    log_in(page, person.email)
    expect(page).to_have_url(re.compile(r"/hantera/$"))
    expect(heading(page, "Personalens sidor")).to_be_visible()
    expect(page.get_by_text("Välkommen, Olle.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kultur- och fritidsförvaltningen").click()
    expect(heading(page, "Kultur- och fritidsförvaltningen")).to_be_visible()
    expect(page.get_by_role("cell", name="Olle Olsson")).to_be_visible()
    expect(page.get_by_role("cell", name="Tjänsteperson")).to_be_visible()
    assert_accessible(page)

    # Officials only see the units they work in; there is no link, so type the address.
    response = page.goto(f"/hantera/enheter/{other_unit.slug}/")
    assert response is not None and response.status == 403
    expect(heading(page, "Du har inte behörighet till den här sidan")).to_be_visible()
    expect(page.get_by_role("heading", name="Socialförvaltningen")).to_have_count(0)
    expect(page.get_by_role("link", name="Gå till startsidan")).to_be_visible()
    assert_accessible(page)


def test_administrator_renames_district_and_finds_it_in_audit_log(page, municipality):
    unit = factories.UnitFactory(municipality=municipality, name="Kommunledningsförvaltningen")
    factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    admin = factories.administrator(unit, user__name="Astrid Admin")

    log_in(page, admin.email)
    expect(heading(page, "Personalens sidor")).to_be_visible()
    assert_accessible(page)

    staff_menu = page.get_by_role("navigation", name="Personalens sidor")
    staff_menu.get_by_role("link", name="Inställningar").click()
    expect(heading(page, "Inställningar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Kommundelar").click()
    expect(heading(page, "Kommundelar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Norrby", exact=True).click()
    expect(heading(page, "Ändra kommundel")).to_be_visible()
    assert_accessible(page)
    name_field = page.get_by_label("Namn", exact=True)
    expect(name_field).to_have_value("Norrby")
    name_field.fill("Norrby centrum")
    page.get_by_role("button", name="Spara").click()

    expect(heading(page, "Kommundelar")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Kommundelen är sparad.")
    expect(page.get_by_role("link", name="Norrby centrum", exact=True)).to_be_visible()
    assert_accessible(page)

    staff_menu.get_by_role("link", name="Ändringslogg").click()
    expect(heading(page, "Ändringslogg")).to_be_visible()
    assert_accessible(page)

    change = page.get_by_role("row").filter(has_text="Kommundel: Norrby centrum")
    expect(change).to_have_count(1)
    expect(change.get_by_role("cell", name="Astrid Admin", exact=True)).to_be_visible()
    expect(change.get_by_role("cell", name="Ändrad", exact=True)).to_be_visible()
    expect(change.get_by_role("deletion")).to_have_text("Norrby")
    expect(change.get_by_role("insertion")).to_have_text("Norrby centrum")
    expect(change.get_by_role("listitem")).to_have_text("Namn: Norrby → Norrby centrum")

    # The entry's own page spells out before and after.
    change.get_by_role("link").click()
    expect(heading(page, "Ändring")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("main")).to_contain_text(f"Astrid Admin ({admin.email})")
    row = (
        page.get_by_role("table", name="Vad som ändrades")
        .get_by_role("row")
        .filter(has_text="Norrby centrum")
    )
    expect(row.get_by_role("cell")).to_have_text(["Namn", "Norrby", "Norrby centrum"])
