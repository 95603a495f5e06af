"""Display helpers for catalogue entries; none of them touches the database."""

from django import template

from delaktig.dialogues.models import LadderLevel

register = template.Library()


@register.filter
def ladder_labels(levels) -> list[str]:
    """[2, 3] -> ["Konsultation", "Dialog"] in the active language."""
    return [str(LadderLevel(level).label) for level in levels or () if level in LadderLevel.values]
