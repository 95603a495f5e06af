"""Headless Chromium against pytest-django's live server.

One Playwright instance and one browser per test session (per xdist worker);
each test gets a fresh browser context, so no cookies or sessions leak between
tests. Every test runs twice: at a phone and at a desktop viewport.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from delaktig.municipality.tests import factories

from .axe import track_navigations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}
BROWSER_DIR = Path(__file__).resolve().parent

expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(request, browser, live_server, transactional_db, viewport, tmp_path):
    """A new page in its own browser context, pointed at the live server.

    No locale is set: headless Chromium asks for en-US, and the site must still
    answer in Swedish until the visitor picks another language.
    """
    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS[viewport],
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    tracker = track_navigations(page)
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        shot = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"Screenshot of the failing page ({page.url}): {shot}")
        except Exception as error:  # noqa: BLE001 - the test failure matters, not this
            print(f"No screenshot: {error}")
    unchecked = tracker.finish()
    context.close()
    if unchecked and not failed:
        pytest.fail(
            "These pages were shown but never checked with assert_accessible(page): "
            + ", ".join(unchecked)
        )


# --- data -------------------------------------------------------------------


@pytest.fixture
def unit(municipality):
    return factories.UnitFactory(municipality=municipality)


@pytest.fixture
def other_unit(municipality):
    return factories.UnitFactory(municipality=municipality)


@pytest.fixture
def district(municipality):
    return factories.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")
