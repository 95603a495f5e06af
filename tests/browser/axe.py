"""axe-core checks for the browser tests.

Every test calls ``assert_accessible(page)`` after each navigation. The ``page``
fixture (conftest.py) records main-frame navigations and fails a test that
navigated to a page it never checked, so a forgotten call cannot slip through.
"""

from __future__ import annotations

import weakref
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_axe = Axe()


class NavigationTracker:
    """Remembers which documents a page showed and whether axe checked each one."""

    def __init__(self, page):
        self.unchecked: list[str] = []
        self._current: tuple[str, str, bool] | None = None
        page.on("framenavigated", self._on_navigated)
        self._page = weakref.ref(page)

    def _on_navigated(self, frame) -> None:
        page = self._page()
        if page is None or frame != page.main_frame or frame.url == "about:blank":
            return
        url, fragment = urldefrag(frame.url)
        previous = self._current
        if previous is not None:
            previous_url, previous_fragment, previous_checked = previous
            # A jump to an anchor in the same document (the skip link) is no new page.
            if url == previous_url and fragment and fragment != previous_fragment:
                self._current = (url, fragment, previous_checked)
                return
            if not previous_checked:
                self.unchecked.append(previous_url)
        self._current = (url, fragment, False)

    def checked(self, url: str) -> None:
        url, fragment = urldefrag(url)
        self._current = (url, fragment, True)

    def finish(self) -> list[str]:
        if self._current is not None and not self._current[2]:
            self.unchecked.append(self._current[0])
            self._current = (*self._current[:2], True)
        return self.unchecked


_trackers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def track_navigations(page) -> NavigationTracker:
    tracker = NavigationTracker(page)
    _trackers[page] = tracker
    return tracker


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']}"
        )
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(
                ", ".join(part) if isinstance(part, list) else str(part) for part in node["target"]
            )
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is; fail on any violation."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    tracker = _trackers.get(page)
    if tracker is not None:
        tracker.checked(page.url)
    if violations:
        raise AssertionError(format_violations(violations, page.url))
