"""The dialogue-wide evaluation's form link, for other apps' pages."""

from django import template

from ..models import Evaluation
from ..services import form_url, window_state

register = template.Library()


@register.simple_tag
def open_dialogue_evaluation_url(dialogue) -> str:
    """The public form of the dialogue's own evaluation while it takes answers, else ""."""
    evaluation = Evaluation.objects.filter(dialogue=dialogue, activity__isnull=True).first()
    if evaluation is None or window_state(evaluation) != "open":
        return ""
    return form_url(evaluation)
