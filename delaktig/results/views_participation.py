"""Staff page: who took part in a dialogue, compared with the population."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Dialogue

from .disclosure import disclosure_threshold
from .participation import Status, dialogue_participation

STAFF_AREA = "municipality.access_staff_area"

# Chart geometry in SVG user units. Bars are scaled to the largest percentage
# shown (at least CHART_MIN_SCALE) so that small shares stay visible.
CHART_MIN_SCALE = 10.0
CHART_LABEL_WIDTH = 150
CHART_BAR_AREA = 330
CHART_BAR_HEIGHT = 14
CHART_BAND_HEIGHT = 46
CHART_TOP = 34


def _chart(comparisons) -> dict:
    """Geometry for the SVG bar chart: participants (solid) and population (hatched,
    outlined) per group, each bar labelled with its value, so colour is never the
    only cue. Hidden shares get no bar and the word "hidden"."""
    shown = [
        value
        for row in comparisons
        for value in (row.participant_percent, row.population_percent)
        if value is not None
    ]
    scale = max([CHART_MIN_SCALE, *shown])
    bars = []
    for index, row in enumerate(comparisons):
        y = CHART_TOP + index * CHART_BAND_HEIGHT
        bars.append(
            {
                "label": row.label,
                "under_represented": row.under_represented,
                "y_label": y + CHART_BAR_HEIGHT,
                "y_participants": y,
                "y_population": y + CHART_BAR_HEIGHT + 2,
                "y_participants_text": y + CHART_BAR_HEIGHT - 3,
                "y_population_text": y + 2 * CHART_BAR_HEIGHT - 1,
                "participants": row.participant_percent,
                "population": row.population_percent,
                "participants_width": _width(row.participant_percent, scale),
                "population_width": _width(row.population_percent, scale),
                "participants_text_x": CHART_LABEL_WIDTH
                + _width(row.participant_percent, scale)
                + 4,
                "population_text_x": CHART_LABEL_WIDTH + _width(row.population_percent, scale) + 4,
            }
        )
    return {
        "bars": bars,
        "under": [row.label for row in comparisons if row.under_represented],
        "label_width": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
        "width": CHART_LABEL_WIDTH + CHART_BAR_AREA + 90,
        "height": CHART_TOP + len(bars) * CHART_BAND_HEIGHT,
    }


def _width(percent: float | None, scale: float) -> float:
    return 0.0 if percent is None else round(CHART_BAR_AREA * percent / scale, 1)


@staff_required(STAFF_AREA)
@require_safe
def dialogue(request, pk):
    try:
        item = Dialogue.objects.select_related("unit", "municipality").get(pk=pk)
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, "dialogues.view_dialogue", item)
    participation = dialogue_participation(item)
    context = {
        "dialogue": item,
        "participation": participation,
        "threshold": disclosure_threshold(),
        "chart": _chart(participation.age_comparison),
        "Status": Status,
        "under_represented": participation.under_represented,
    }
    return render(request, "results/participation/dialogue.html", context)
