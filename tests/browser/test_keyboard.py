"""Keyboard use of the public pages."""

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import heading, main_menu

pytestmark = pytest.mark.browser


def test_skip_link_is_first_and_moves_focus_to_main(page, municipality):
    page.goto("/")
    expect(heading(page, "Var med och påverka i Exempelkommun")).to_be_visible()
    assert_accessible(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert_accessible(page)

    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Skapa konto")).to_be_focused()
    expect(main_menu(page).get_by_role("link", name="Skapa konto")).not_to_be_focused()
