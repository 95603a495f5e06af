"""The citizen panel on a phone (360 px wide): a resident joins, an official draws.

Kim has an account. She reads about the panel, logs in from its page and comes
straight to the join form, forgets to tick the consent box and is told so with
what she typed kept, ticks it, and lands on her panel profile with the
confirmation. Only the phone viewport: residents
recruited from a flyer or an e-mail mostly join on their phones.
"""

import pytest
from playwright.sync_api import expect

from delaktig.municipality.tests import factories
from delaktig.panel.models import PanelMember
from delaktig.panel.services import panel_for
from delaktig.panel.tests.helpers import add_members, add_population
from delaktig.surveys.tests.factories import SurveyFactory

from .axe import assert_accessible
from .helpers import heading, summary_value

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("viewport", ["phone"], indirect=True),
]


def test_a_resident_joins_the_citizen_panel(page, municipality):
    factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    factories.DistrictFactory(municipality=municipality, name="Hamnen", slug="hamnen")
    kim = factories.UserFactory(email="kim.andersson@exempel.example", name="Kim Andersson")

    page.goto("/medborgarpanelen/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(heading(page, "Medborgarpanelen")).to_be_visible()
    expect(page.get_by_role("heading", name="Så hanterar vi dina uppgifter")).to_be_visible()
    assert_accessible(page)

    # Joining needs the account: logging in leads straight on to the form.
    page.get_by_role("main").get_by_role("link", name="Logga in och gå med").click()
    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-postadress", exact=True).fill(kim.email)
    page.get_by_label("Lösenord", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(heading(page, "Gå med i medborgarpanelen")).to_be_visible()
    expect(page.get_by_text(f"Inbjudningarna skickas till {kim.email}.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Födelseår").fill("1986")
    page.get_by_role("group", name="Kön").get_by_label("Vill inte uppge").check()
    page.get_by_label("Kommundel där du bor").select_option(label="Norrby")
    page.get_by_label("Språk du talar").fill("svenska, finska")
    page.get_by_role("button", name="Gå med i panelen").click()

    # The consent box was not ticked: the message, and nothing typed is lost.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kryssa i rutan för att visa att du samtycker")
    expect(page.get_by_label("Födelseår")).to_have_value("1986")
    expect(page.get_by_label("Språk du talar")).to_have_value("svenska, finska")
    assert_accessible(page)
    assert not PanelMember.objects.exists()

    page.get_by_label("Jag har läst texten om mina personuppgifter").check()
    page.get_by_role("button", name="Gå med i panelen").click()

    expect(heading(page, "Din profil i medborgarpanelen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Välkommen till medborgarpanelen!")
    expect(summary_value(page, "Födelseår")).to_have_text("1986")
    expect(summary_value(page, "Kommundel")).to_have_text("Norrby")
    expect(summary_value(page, "Samtycke")).to_contain_text("Version 1")
    assert_accessible(page)

    member = PanelMember.objects.get()
    assert member.user == kim and member.consent_text.version == 1


def test_an_official_draws_members_for_a_survey(page, municipality):
    """The official of the dialogue's unit draws 20 members for an open survey; one
    group is short, and the page says how the places were spread instead."""
    norrby = factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
    unit = factories.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    survey = SurveyFactory(
        activity__dialogue__municipality=municipality,
        activity__dialogue__unit=unit,
        title="Hamnens framtid",
    )
    panel = panel_for(municipality)
    add_population(municipality, {("26-44", "woman", norrby): 100, ("26-44", "man", norrby): 300})
    add_members(panel, "26-44", "woman", norrby, 2)
    add_members(panel, "26-44", "man", norrby, 30)
    official = factories.official(unit)

    page.goto("/konto/login/?next=/hantera/medborgarpanelen/")
    page.get_by_label("E-postadress", exact=True).fill(official.email)
    page.get_by_label("Lösenord", exact=True).fill(factories.PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(heading(page, "Medborgarpanel")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hamnens framtid").click()
    expect(heading(page, "Dra ett urval ur medborgarpanelen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Antal panelmedlemmar att bjuda in").fill("20")
    page.get_by_role("button", name="Dra urvalet och skicka inbjudningar").click()

    expect(page.get_by_role("status")).to_contain_text("Urvalet är draget")
    expect(page.get_by_text("3 platser kunde inte fyllas från sina egna grupper.")).to_be_visible()
    expect(summary_value(page, "Dragna och inbjudna")).to_have_text("20")
    assert_accessible(page)
    assert survey.panel_samples.get().drawn == 20
