"""The compilation (sammanställning) of a dialogue: everything it collected, in one place.

Each activity is summarised by its method through the registry
(``MethodManifest.summarise(activity) -> ActivitySummary``); a method without a
summariser shows how many contributions of each type it collected. The summaries,
themes and "who took part" are turned into plain dicts here (``serialise_*``):
the staff page renders them, and the report freezes the very same dicts into
its versions' JSON snapshots, so the page, the report, its PDF and its exports
show one set of figures. Every figure has been through ``disclosure`` before it
reaches a dict: a dict never holds a hidden value.

Queries do not grow with the number of contributions: counts are aggregated in
the database, and the list of contributions is paginated.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from delaktig.contributions.models import Contribution
from delaktig.core.registry import ActivitySummary, SummaryFigure, registry
from delaktig.dialogues.models import Activity, Dialogue
from delaktig.municipality.models import District
from delaktig.themes.models import Theme
from delaktig.themes.selectors import themes_for_dialogue

from .disclosure import Cell, DisclosedCounts, DisclosedTable, suppress_counts
from .participation import Status, dialogue_participation

VISIBLE = Contribution.Moderation.VISIBLE
HIDDEN = Contribution.Moderation.HIDDEN

# Bar chart geometry, in SVG user units (the SVG scales to its container).
CHART_LABEL_WIDTH = 200
CHART_BAR_AREA = 300
CHART_VALUE_WIDTH = 110
CHART_BAR_HEIGHT = 20
CHART_GAP = 10


# --- plain dicts --------------------------------------------------------------------


def serialise_cell(cell: Cell) -> dict:
    return {"value": cell.value, "suppressed": cell.suppressed, "reason": cell.reason}


def serialise_counts(counts: DisclosedCounts, labels) -> dict:
    return {
        "rows": [
            {"key": str(key), "label": str(labels.get(key, key)), **serialise_cell(cell)}
            for key, cell in counts.cells.items()
        ],
        "total": serialise_cell(counts.total),
        "threshold": counts.threshold,
    }


def serialise_table(table: DisclosedTable) -> dict:
    return {
        "columns": [{"key": str(key), "label": label} for key, label in table.columns],
        "rows": [
            {
                "key": str(row.key),
                "label": row.label,
                "cells": [serialise_cell(cell) for cell in row.cells],
                "total": serialise_cell(row.total),
            }
            for row in table.rows
        ],
        "column_totals": [serialise_cell(cell) for cell in table.column_total_cells],
        "total": serialise_cell(table.total),
        "threshold": table.threshold,
        "any_suppressed": table.any_suppressed,
    }


def serialise_summary(summary: ActivitySummary) -> dict:
    blocks = []
    for block in summary.blocks:
        item = {
            "key": str(block.key),
            "title": str(block.title),
            "kind": block.kind,
            "text_summary": str(block.text_summary or ""),
            "stats": {str(k): v for k, v in dict(block.stats or {}).items()},
        }
        if block.kind == "counts" and block.counts is not None:
            item["counts"] = serialise_counts(block.counts, dict(block.labels or {}))
        if block.kind == "table" and block.table is not None:
            item["table"] = serialise_table(block.table)
        blocks.append(item)
    return {
        "figures": [
            {
                "key": str(figure.key),
                "label": str(figure.label),
                "value": figure.value,
                "suppressed": figure.value is None,
                "reason": figure.reason,
            }
            for figure in summary.figures
        ],
        "blocks": blocks,
    }


# --- charts ---------------------------------------------------------------------------


def bar_chart(
    chart_id: str, title: str, summary: str, rows: list[dict], total=None, first_label=""
) -> dict:
    """Geometry for ``components/bar_chart.html``: one bar per row, each labelled
    with its value (so colour is never the only cue); hidden values get no bar
    and the word “hidden”. ``rows`` are serialised cells with a ``label``."""
    shown = [row["value"] for row in rows if row.get("value") is not None]
    scale = max([1, *shown])
    bars = []
    for index, row in enumerate(rows):
        y = CHART_GAP + index * (CHART_BAR_HEIGHT + CHART_GAP)
        value = row.get("value")
        width = 0.0 if value is None else round(CHART_BAR_AREA * value / scale, 1)
        bars.append(
            {
                **row,
                "y": y,
                "y_text": y + CHART_BAR_HEIGHT - 5,
                "width": width,
                "text_x": CHART_LABEL_WIDTH + width + 6,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "summary": summary,
        "bars": bars,
        "rows": rows,
        "total": total,
        "first_label": first_label,
        "label_width": CHART_LABEL_WIDTH,
        "label_x": CHART_LABEL_WIDTH - 8,
        "bar_height": CHART_BAR_HEIGHT,
        "width": CHART_LABEL_WIDTH + CHART_BAR_AREA + CHART_VALUE_WIDTH,
        "height": CHART_GAP + len(rows) * (CHART_BAR_HEIGHT + CHART_GAP),
    }


def charted(summary: dict, prefix: str) -> dict:
    """A serialised summary with a ``chart`` on every counts block (computed at
    render time, so snapshots keep only figures)."""
    blocks = []
    for index, block in enumerate(summary.get("blocks", [])):
        block = dict(block)
        if block.get("kind") == "counts" and block.get("counts"):
            block["chart"] = bar_chart(
                f"{prefix}-{index}",
                block["title"],
                block.get("text_summary", ""),
                block["counts"]["rows"],
                block["counts"].get("total"),
            )
        blocks.append(block)
    return {**summary, "blocks": blocks}


# --- activities -----------------------------------------------------------------------


def contribution_type_labels() -> dict[str, str]:
    return {
        ct.key: str(ct.label) for manifest in registry.all() for ct in manifest.contribution_types
    }


def method_labels() -> dict[str, str]:
    return {manifest.key: str(manifest.name) for manifest in registry.all()}


def contribution_counts(dialogue: Dialogue) -> list[dict]:
    """Visible and hidden contributions per (activity, method, kind): one query."""
    return list(
        Contribution.objects.filter(dialogue=dialogue)
        .values("activity_id", "method_key", "kind")
        .annotate(
            visible=Count("pk", filter=Q(moderation=VISIBLE)),
            hidden=Count("pk", filter=Q(moderation=HIDDEN)),
        )
        .order_by("activity_id", "method_key", "kind")
    )


def _fallback_summary(rows: list[dict], type_labels: dict) -> ActivitySummary:
    """What a method without a summariser shows: its contributions per type."""
    by_kind: dict[str, int] = defaultdict(int)
    for row in rows:
        by_kind[row["kind"]] += row["visible"]
    disclosed = suppress_counts(by_kind)
    figures = [
        SummaryFigure(
            key=kind, label=type_labels.get(kind, kind), value=cell.value, reason=cell.reason
        )
        for kind, cell in disclosed.cells.items()
    ]
    return ActivitySummary(
        figures=[
            SummaryFigure(
                key="contributions",
                label=_("Contributions"),
                value=disclosed.total.value,
                reason=disclosed.total.reason,
            ),
            *figures,
        ]
    )


def activity_results(dialogue: Dialogue, counts: list[dict] | None = None) -> list[dict]:
    """Each activity with its method's summary (serialised)."""
    counts = contribution_counts(dialogue) if counts is None else counts
    type_labels = contribution_type_labels()
    by_activity: dict = defaultdict(list)
    for row in counts:
        by_activity[row["activity_id"]].append(row)
    activities = Activity.objects.filter(dialogue=dialogue).select_related("method", "district")
    results = []
    for activity in activities.order_by("starts_on", "pk"):
        manifest = activity.method.manifest
        if manifest is not None and manifest.summarise is not None:
            summary = manifest.summarise(activity)
            if not isinstance(summary, ActivitySummary):  # a method not yet moved over
                summary = _fallback_summary(by_activity.get(activity.pk, []), type_labels)
        else:
            summary = _fallback_summary(by_activity.get(activity.pk, []), type_labels)
        results.append(
            {
                "pk": activity.pk,
                "title": activity.title,
                "method": activity.method.name,
                "district": activity.district.name if activity.district_id else "",
                "starts_on": activity.starts_on.isoformat(),
                "ends_on": activity.ends_on.isoformat(),
                "summary": serialise_summary(summary),
            }
        )
    return results


# --- themes and who took part ---------------------------------------------------------


def theme_results(dialogue: Dialogue, *, published_only: bool = False) -> list[dict]:
    themes = [
        t for t in themes_for_dialogue(dialogue=dialogue) if t.published or not published_only
    ]
    sizes = suppress_counts({theme.pk: theme.size for theme in themes})
    return [
        {
            "pk": theme.pk,
            "name": theme.name,
            "published": theme.published,
            "top_words": list(theme.top_words or [])[:8],
            "size": serialise_cell(sizes.cells[theme.pk]),
            "quotes": [assignment.contribution.text for assignment in theme.quotes],
        }
        for theme in themes
    ]


def participation_results(dialogue: Dialogue) -> dict:
    participation = dialogue_participation(dialogue)
    return {
        "population_year": participation.population_year,
        "age_by_gender": serialise_table(participation.age_by_gender),
        "district_by_gender": serialise_table(participation.district_by_gender),
        "under_represented": [row.label for row in participation.under_represented],
        "target_groups": [
            {
                "name": group.name,
                "reach": group.reach_label,
                "status": group.status,
                "reached": group.status == Status.REACHED,
                "not_reached": group.status == Status.NOT_REACHED,
                "reason": group.reason,
            }
            for group in participation.target_groups
        ],
    }


def totals(counts: list[dict]) -> dict:
    """Contributions of the dialogue, visible and hidden by moderation."""
    visible = sum(row["visible"] for row in counts)
    hidden = sum(row["hidden"] for row in counts)
    return {"visible": visible, "hidden": hidden, "all": visible + hidden}


def compile_dialogue(dialogue: Dialogue) -> dict:
    """Everything the compilation page shows except the list of contributions."""
    counts = contribution_counts(dialogue)
    return {
        "counts": counts,
        "totals": totals(counts),
        "activities": activity_results(dialogue, counts),
        "themes": theme_results(dialogue),
        "participation": participation_results(dialogue),
    }


# --- the list of contributions, with search and filters ------------------------------


class ContributionFilterForm(forms.Form):
    """Search and filters over all of a dialogue's contributions (GET)."""

    SHOW_VISIBLE = "visible"
    SHOW_HIDDEN = "hidden"
    SHOW_ALL = "all"

    q = forms.CharField(label=_("Search in the texts"), required=False, max_length=200)
    activity = forms.TypedChoiceField(label=_("Activity"), required=False, coerce=int)
    method = forms.ChoiceField(label=_("Method"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int)
    moderation = forms.ChoiceField(
        label=_("Hidden by moderator"),
        required=False,
        choices=[
            (SHOW_VISIBLE, _("Show only visible contributions")),
            (SHOW_HIDDEN, _("Show only hidden contributions")),
            (SHOW_ALL, _("Show all contributions")),
        ],
    )

    def __init__(self, *args, dialogue: Dialogue, counts: list[dict], activities, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["activity"].choices = every + [(a["pk"], a["title"]) for a in activities]
        methods = method_labels()
        method_keys = sorted({row["method_key"] for row in counts})
        self.fields["method"].choices = every + [(k, methods.get(k, k)) for k in method_keys]
        types = contribution_type_labels()
        kinds = sorted({row["kind"] for row in counts})
        self.fields["kind"].choices = every + [(k, types.get(k, k)) for k in kinds]
        districts = District.objects.filter(municipality_id=dialogue.municipality_id)
        self.fields["district"].choices = every + [
            (d.pk, d.name) for d in districts.order_by("name")
        ]
        themes = Theme.objects.filter(dialogue=dialogue).order_by("position", "pk")
        self.fields["theme"].choices = every + [(t.pk, t.name) for t in themes]

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        query = (data.get("q") or "").strip()
        if query:
            queryset = queryset.filter(
                Q(text__icontains=query)
                | Q(title__icontains=query)
                | Q(image_description__icontains=query)
                | Q(source_label__icontains=query)
            )
        for name, lookup in (
            ("activity", "activity_id"),
            ("method", "method_key"),
            ("kind", "kind"),
            ("district", "district_id"),
            ("theme", "theme_assignment__theme_id"),
        ):
            value = data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: value})
        show = data.get("moderation") or self.SHOW_VISIBLE
        if show == self.SHOW_VISIBLE:
            queryset = queryset.filter(moderation=VISIBLE)
        elif show == self.SHOW_HIDDEN:
            queryset = queryset.filter(moderation=HIDDEN)
        return queryset

    @property
    def is_filtered(self) -> bool:
        if not self.is_valid():
            return False
        return any(value not in (None, "") for value in self.cleaned_data.values())


def dialogue_contributions(dialogue: Dialogue):
    """All of a dialogue's contributions with what a row shows, newest first."""
    return (
        Contribution.objects.filter(dialogue=dialogue)
        .select_related("activity", "district", "theme_assignment__theme")
        .order_by("-created_at", "-pk")
    )
