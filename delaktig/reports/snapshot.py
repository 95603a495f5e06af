"""What a published report version freezes, and the tabular view of its figures.

The snapshot is plain JSON: the dialogue's facts, the staff's texts, and the
generated parts serialised by ``results.compilation`` (so every figure in it has
been through disclosure control: a hidden figure is stored as ``null`` with its
reason, never as its value). The CSV, XLSX and JSON open data are all made from
it, so they show exactly what the page and the PDF show.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from delaktig.results import compilation
from delaktig.results.disclosure import disclosure_threshold

SCHEMA = 1


def build_snapshot(*, dialogue, report) -> dict:
    """The report's generated parts as they are now, with its texts.

    Labels are translated into the site's default language, since the frozen
    version is one document read by everyone.
    """
    from delaktig.results.selectors import decision_for

    with translation.override(settings.LANGUAGE_CODE):
        decision = decision_for(dialogue)
        return {
            "schema": SCHEMA,
            "language": settings.LANGUAGE_CODE,
            "threshold": disclosure_threshold(),
            "dialogue": {
                "title": dialogue.title,
                "slug": dialogue.slug,
                "municipality": dialogue.municipality.name,
                "unit": dialogue.unit.name,
                "owner_committee": dialogue.owner_committee.name
                if dialogue.owner_committee_id
                else "",
                "purpose": dialogue.purpose,
                "ladder_level": dialogue.ladder_level,
                "ladder_label": str(dialogue.get_ladder_level_display())
                if dialogue.ladder_level
                else "",
                "starts_on": dialogue.starts_on.isoformat() if dialogue.starts_on else None,
                "ends_on": dialogue.ends_on.isoformat() if dialogue.ends_on else None,
                "questions": [q.text for q in dialogue.questions.order_by("position", "pk")],
            },
            "texts": {
                "summary": report.summary,
                "conclusions": report.conclusions,
                "activities_note": report.activities_note,
                "themes_note": report.themes_note,
                "participation_note": report.participation_note,
            },
            "activities": compilation.activity_results(dialogue),
            "themes": [
                {key: theme[key] for key in ("name", "top_words", "size", "quotes")}
                for theme in compilation.theme_results(dialogue, published_only=True)
            ],
            "participation": compilation.participation_results(dialogue),
            "decision": {
                "body": decision.body.name,
                "decided_on": decision.decided_on.isoformat(),
                "summary": decision.summary,
                "minutes_url": decision.minutes_url,
            }
            if decision
            else None,
        }


def for_display(snapshot: dict) -> dict:
    """The snapshot with charts added for the page and the PDF."""
    activities = [
        {**activity, "summary": compilation.charted(activity["summary"], f"v{index}")}
        for index, activity in enumerate(snapshot.get("activities", []))
    ]
    themes = snapshot.get("themes", [])
    theme_chart = None
    if themes:
        theme_chart = compilation.bar_chart(
            "themes-chart",
            str(translation.gettext("Contributions per theme")),
            str(translation.gettext("Each theme and how many contributions it holds.")),
            [{"label": theme["name"], **theme["size"]} for theme in themes],
            first_label=str(translation.gettext("Theme")),
        )
    return {**snapshot, "activities": activities, "theme_chart": theme_chart}


HEADER = ["section", "activity", "item", "row", "column", "value", "suppressed", "reason"]


def figure_rows(snapshot: dict) -> list[list]:
    """Every figure of a version as one row: the shape of the CSV and XLSX."""
    rows: list[list] = []

    def cell_row(section, activity, item, row, column, cell):
        rows.append(
            [
                section,
                activity,
                item,
                row,
                column,
                cell.get("value"),
                "yes" if cell.get("suppressed") else "no",
                cell.get("reason") or "",
            ]
        )

    def table_rows(section, activity, item, table):
        columns = [c["label"] for c in table.get("columns", [])]
        for row in table.get("rows", []):
            for column, cell in zip(columns, row["cells"], strict=False):
                cell_row(section, activity, item, row["label"], column, cell)
            cell_row(section, activity, item, row["label"], "total", row["total"])
        for column, cell in zip(columns, table.get("column_totals", []), strict=False):
            cell_row(section, activity, item, "total", column, cell)
        cell_row(section, activity, item, "total", "total", table.get("total", {}))

    for activity in snapshot.get("activities", []):
        title = activity["title"]
        for figure in activity["summary"].get("figures", []):
            cell_row("activity", title, figure["label"], "", "", figure)
        for block in activity["summary"].get("blocks", []):
            if block.get("counts"):
                for row in block["counts"]["rows"]:
                    cell_row("activity", title, block["title"], row["label"], "", row)
                cell_row("activity", title, block["title"], "total", "", block["counts"]["total"])
            if block.get("table"):
                table_rows("activity", title, block["title"], block["table"])
    for theme in snapshot.get("themes", []):
        cell_row("theme", "", theme["name"], "", "", theme["size"])
    participation = snapshot.get("participation") or {}
    if participation.get("age_by_gender"):
        table_rows("participation", "", "age_by_gender", participation["age_by_gender"])
    if participation.get("district_by_gender"):
        table_rows("participation", "", "district_by_gender", participation["district_by_gender"])
    return rows
