"""Staff page: the compilation of a dialogue (sammanställning).

Officials who may run the dialogue and representatives of its owner committee
read it (``reports.view_compilation``). The page loads in a fixed number of
queries whatever the number of contributions (see ``compilation``).
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Dialogue

from . import compilation, selectors
from .disclosure import disclosure_threshold

STAFF_AREA = "municipality.access_staff_area"


@staff_required(STAFF_AREA)
@require_safe
def dialogue(request, pk):
    try:
        item = Dialogue.objects.select_related("unit", "owner_committee", "municipality").get(pk=pk)
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, "reports.view_compilation", item)
    compiled = compilation.compile_dialogue(item)
    filters = compilation.ContributionFilterForm(
        request.GET or None,
        dialogue=item,
        counts=compiled["counts"],
        activities=compiled["activities"],
    )
    contributions = filters.filter(compilation.dialogue_contributions(item))
    page = paginate(request, contributions)
    type_labels = compilation.contribution_type_labels()
    for row in page.object_list:
        row.kind_label = type_labels.get(row.kind, row.kind)
    activities = [
        {**activity, "summary": compilation.charted(activity["summary"], f"a{activity['pk']}")}
        for activity in compiled["activities"]
    ]
    return render(
        request,
        "results/compilation.html",
        {
            "dialogue": item,
            "compiled": compiled,
            "activities": activities,
            "filters": filters,
            "page": page,
            "decision": selectors.decision_for(item),
            "feedback": selectors.feedback_for(item),
            "threshold": disclosure_threshold(),
            "may_write_report": request.user.has_perm("reports.write_report", item),
            "may_run": request.user.has_perm("dialogues.run_dialogue", item),
        },
    )
