"""What the summary page, the PDF and the editor steps show of a plan.

Everything here works on a dialogue loaded by ``selectors.dialogue_for_staff``
(with its rows prefetched), so building the context starts no queries beyond
the missing-parts count.
"""

from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import AccessibilityMeasure, Complexity, Reach

PRIORITY_MEANINGS = {
    1: _("Affected and active: they usually want to take part."),
    2: _("Affected but not active: they must be sought out. It is worth the effort to reach them."),
    3: _(
        "Active but not affected: they may want to take part, or to contact the "
        "decision-makers themselves."
    ),
    4: _("Neither affected nor active: good to ask, to balance the whole picture."),
}

STEP_LABELS = dict(selectors.STEPS)


def stakeholder_matrix(rows) -> dict:
    """The four cells of the matrix (berörd × aktiv), keyed by priority."""
    cells = {
        priority: {"priority": priority, "meaning": meaning, "groups": []}
        for priority, meaning in PRIORITY_MEANINGS.items()
    }
    for row in rows:
        cells[row.priority]["groups"].append(row)
    return cells


def reach_model(rows) -> list[dict]:
    """Target groups per reach (directly, indirectly, not at all), in that order."""
    return [
        {
            "reach": reach,
            "label": reach.label,
            "groups": [row for row in rows if row.reach == reach],
        }
        for reach in Reach
    ]


def missing_parts(dialogue) -> list[dict]:
    return [
        {"step": step, "step_label": STEP_LABELS[step], "message": message}
        for step, message in selectors.plan_missing_parts(dialogue)
    ]


def summary_context(dialogue) -> dict:
    rows = list(dialogue.target_groups.all())
    cost_items = list(dialogue.cost_items.all())
    complexity_fields = (
        "complexity_politics",
        "complexity_target_groups",
        "complexity_expectations",
        "complexity_methods",
    )
    return {
        "dialogue": dialogue,
        "questions": list(dialogue.questions.all()),
        "target_group_rows": rows,
        "matrix": stakeholder_matrix(rows),
        "reach_groups": reach_model(rows),
        "activities": list(dialogue.activities.all()),
        "communication_items": list(dialogue.communication_items.all()),
        "cost_items": cost_items,
        "cost_total": sum((item.amount for item in cost_items), 0),
        "indicators": [
            line.strip() for line in dialogue.evaluation_indicators.splitlines() if line.strip()
        ],
        "accessibility_labels": [
            AccessibilityMeasure(value).label
            for value in dialogue.accessibility_measures
            if value in AccessibilityMeasure.values
        ],
        "complexity_answers": [
            {
                "label": dialogue._meta.get_field(name).verbose_name,
                "answer": getattr(dialogue, f"get_{name}_display")(),
                "complex": getattr(dialogue, name) == Complexity.COMPLEX,
            }
            for name in complexity_fields
        ],
        "missing": missing_parts(dialogue),
        "transitions": list(dialogue.transitions.all()),
    }
