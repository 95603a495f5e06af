"""Headless Chromium against pytest-django's live server.

One Playwright instance and one browser per test session (per xdist worker);
each test gets a fresh browser context, so no cookies or sessions leak between
tests. Every test runs twice: at a phone and at a desktop viewport.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.operations import RunPython
from playwright.sync_api import expect, sync_playwright

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
# Data migrations whose rows the browser tests need: the default target groups and
# topics, then the method catalogue that refers to them, then the links from the
# catalogue's meeting-type methods to the meetings app (registry key "meetings").
DATA_MIGRATIONS = (
    "delaktig.municipality.migrations.0003_default_target_groups_topics",
    "delaktig.methods.migrations.0002_catalogue",
    "delaktig.meetings.migrations.0002_link_catalogue",
    "delaktig.surveys.migrations.0002_link_catalogue",
    "delaktig.consultations.migrations.0002_link_catalogue",
)

expect.set_options(timeout=10_000)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test here ``browser`` and run them after all other tests.

    Once the session's Playwright instance runs, its event loop counts as running
    in the main thread, so a later test in the same process that calls
    ``asyncio.run`` or ``async_to_sync`` would fail. Running browser tests last
    (after pytest-django's own reordering) keeps them out of each other's way.
    """
    browser_tests, other_tests = [], []
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            browser_tests.append(item)
        else:
            other_tests.append(item)
    items[:] = other_tests + browser_tests


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


def _new_page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=VIEWPORTS[viewport],
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page, track_navigations(page)


def _close_page(request, context, page, tracker, tmp_path, name="failure") -> list[str]:
    """Screenshot a failing test's page and close its context; return the pages it
    showed but never checked with axe (nothing when the test failed anyway)."""
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        shot = tmp_path / f"{name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"Screenshot of the failing page ({page.url}): {shot}")
        except Exception as error:  # the test's own failure matters more
            print(f"No screenshot: {error}")
    unchecked = tracker.finish()
    context.close()
    return [] if failed else unchecked


def _fail_if_unchecked(unchecked: list[str]) -> None:
    if unchecked:
        pytest.fail(
            "These pages were shown but never checked with assert_accessible(page): "
            + ", ".join(unchecked)
        )


@pytest.fixture
def page(request, browser, live_server, transactional_db, viewport, tmp_path):
    """A new page in its own browser context, pointed at the live server.

    The browser asks for English (Accept-Language: en-US), as headless Chromium
    does by default; the site must still answer in Swedish until the visitor
    picks another language with the language switch.
    """
    context, page, tracker = _new_page(browser, live_server, viewport)
    yield page
    _fail_if_unchecked(_close_page(request, context, page, tracker, tmp_path))


@pytest.fixture
def another_page(request, browser, live_server, transactional_db, viewport, tmp_path):
    """Opens more pages, each in a browser context of its own (a second person at
    another computer, with their own login), at the test's viewport.

    Each is checked like ``page``: screenshot on failure, and every page it showed
    must have been checked with ``assert_accessible``.
    """
    opened = []

    def open_page():
        opened.append(_new_page(browser, live_server, viewport))
        return opened[-1][1]

    yield open_page
    unchecked = []
    for number, (context, extra_page, tracker) in enumerate(opened, start=2):
        unchecked += _close_page(
            request, context, extra_page, tracker, tmp_path, name=f"failure-{number}"
        )
    _fail_if_unchecked(unchecked)


@pytest.fixture
def catalogue(transactional_db):
    """The rows the data migrations create: target groups, topics and the method
    catalogue, with its meeting-type methods linked to the meetings app.

    Browser tests use ``transactional_db``, which empties every table after each
    test, rows from data migrations included; run the migrations' forward
    functions again so that the recommender and the forms see the real catalogue.
    They update or create, so running them on a database that has the rows is harmless.
    """
    for name in DATA_MIGRATIONS:
        migration = importlib.import_module(name).Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
