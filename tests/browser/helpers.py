"""Steps that several browser tests share, written as a visitor would act."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from delaktig.municipality.tests import factories

from .axe import assert_accessible


def heading(page: Page, name: str | re.Pattern, level: int = 1) -> Locator:
    return page.get_by_role("heading", level=level, name=name)


def main_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Huvudmeny")


def log_in(page: Page, email: str, password: str = factories.PASSWORD) -> None:
    """Start on the home page, log in with e-mail and password; stop where login lands."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    main_menu(page).get_by_role("link", name="Logga in", exact=True).click()
    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-postadress", exact=True).fill(email)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(main_menu(page).get_by_role("button", name="Logga ut")).to_be_visible()


def summary_value(page: Page, term: str) -> Locator:
    """The value next to a term in a description list (<dt>term</dt><dd>value</dd>)."""
    return (
        page.get_by_role("term")
        .filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$"))
        .locator("xpath=following-sibling::dd[1]")
    )
