"""The method registry: one place where each participation method app says what it is.

A method that the platform runs itself (an online survey, a documented meeting …)
lives in its own app and registers a ``MethodManifest`` from its ``manifest.py``.
Planning (the method catalogue and recommender), public dialogue pages, results
and exports ask this registry instead of importing method apps, so adding a
method touches no other method and no core code. See docs/new-method.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class ContributionType:
    """A kind of input the method collects (an answer, an idea, a table note …)."""

    key: str
    label: Any  # lazy translation


@dataclass(frozen=True)
class ExportFormat:
    key: str  # e.g. "csv", "xlsx"
    label: Any
    # export(activity, viewer) -> django.http.HttpResponse
    export: Callable[..., Any]


@dataclass
class SummaryFigure:
    """A headline number of an activity (responses, people attending …).

    ``value`` is None when disclosure control hides it; ``reason`` says why
    (a ``results.disclosure.Reason`` code).
    """

    key: str
    label: Any
    value: int | float | None
    reason: str = ""


@dataclass
class SummaryBlock:
    """One question or table of an activity's results: a chart and its data table.

    kind "counts": ``counts`` is a ``results.disclosure.DisclosedCounts`` over
        ``labels`` (key -> label), shown as a bar chart with a data table;
        ``stats`` may hold e.g. {"n": 812, "mean": 6.4, "median": 7} (only when n
        is at least the disclosure threshold).
    kind "table": ``table`` is a ``results.disclosure.DisclosedTable`` (cross-tab).
    kind "text": free-text answers; ``stats`` {"n": …}; the texts themselves are
        Contribution rows, listed by the compilation.
    ``text_summary`` is the sentence read instead of the chart (accessibility).
    """

    key: str
    title: Any
    kind: str
    counts: Any = None
    labels: Mapping[Any, Any] = field(default_factory=dict)
    table: Any = None
    stats: Mapping[str, Any] = field(default_factory=dict)
    text_summary: Any = ""


@dataclass
class ActivitySummary:
    """What ``MethodManifest.summarise(activity)`` returns: figures, then blocks.

    Every count in it has been through ``results.disclosure`` already, so the
    compilation, the report, its PDF and its exports can show it as it is.
    """

    figures: list[SummaryFigure] = field(default_factory=list)
    blocks: list[SummaryBlock] = field(default_factory=list)


@dataclass(frozen=True)
class MethodManifest:
    """Everything the rest of Delaktig may know about one participation method.

    key:                stable identifier; the method catalogue's ``registry_key``
    name:               interface name (lazy translation)
    ladder_levels:      levels of the participation ladder (1–5) it serves
    online / offline:   whether residents take part on the platform, or staff
                        document something that happened elsewhere
    settings_form:      a form class for per-activity settings, or None
    contribution_types: the kinds of input it produces
    permissions:        extra ``rules`` permissions it declares, name -> predicate
    summarise:          summarise(activity) -> ActivitySummary for the compilation,
                        the report and its exports
    exports:            downloadable exports of an activity's input
    personal_data:      personal_data(user) -> dict, for a resident's data export
    erase_personal_data: erase_personal_data(user) -> int, called when a resident
                        deletes their account: removes or anonymises what the
                        method holds about them (returns the number of rows)
    demo:               demo(dialogue, log) -> None, adds demo content to a dialogue
    participate_url:    participate_url(activity) -> str, where residents take part
    manage_url:         manage_url(activity) -> str, where staff run the activity
    """

    key: str
    name: Any
    ladder_levels: frozenset[int]
    online: bool
    offline: bool = False
    description: Any = ""
    settings_form: type | None = None
    contribution_types: tuple[ContributionType, ...] = ()
    permissions: Mapping[str, Any] = field(default_factory=dict)
    summarise: Callable[..., ActivitySummary] | None = None
    exports: tuple[ExportFormat, ...] = ()
    personal_data: Callable[..., Mapping[str, Any]] | None = None
    erase_personal_data: Callable[..., int] | None = None
    demo: Callable[..., None] | None = None
    participate_url: Callable[..., str] | None = None
    manage_url: Callable[..., str] | None = None

    def __post_init__(self):
        if not self.key or not self.key.replace("_", "").isalnum():
            raise ValueError(f"Method key must be a simple identifier: {self.key!r}")
        if not self.ladder_levels or not set(self.ladder_levels) <= {1, 2, 3, 4, 5}:
            raise ValueError(f"{self.key}: ladder levels must be within 1–5")
        if not (self.online or self.offline):
            raise ValueError(f"{self.key}: a method is online, offline or both")


class MethodRegistry:
    def __init__(self):
        self._manifests: dict[str, MethodManifest] = {}
        self._discovered = False

    def register(self, manifest: MethodManifest) -> MethodManifest:
        existing = self._manifests.get(manifest.key)
        if existing is not None and existing is not manifest:
            raise ValueError(f"Method {manifest.key!r} is already registered")
        self._manifests[manifest.key] = manifest
        if manifest.permissions:
            import rules

            for name, predicate in manifest.permissions.items():
                rules.set_perm(name, predicate)
        return manifest

    def unregister(self, key: str) -> None:
        self._manifests.pop(key, None)

    def discover(self) -> None:
        """Import every installed app's ``manifest`` module (called from CoreConfig.ready)."""
        if not self._discovered:
            autodiscover_modules("manifest")
            self._discovered = True

    def get(self, key: str | None) -> MethodManifest | None:
        return self._manifests.get(key) if key else None

    def __contains__(self, key: str) -> bool:
        return key in self._manifests

    def all(self) -> list[MethodManifest]:
        return sorted(self._manifests.values(), key=lambda m: m.key)

    def for_level(self, level: int) -> list[MethodManifest]:
        return [m for m in self.all() if level in m.ladder_levels]

    def keys(self) -> Iterable[str]:
        return self._manifests.keys()


registry = MethodRegistry()
