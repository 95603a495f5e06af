"""The registry's pages: archive packages of dialogues and disposal by decision.

Administrators only (rules.py): the archive is the municipality's, not a unit's.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Dialogue, State

from .forms import DisposalForm
from .models import ArchiveExport, Disposal
from .services import PERMISSION, archive_export, dialogue_dispose

FINISHED = (State.FED_BACK, State.EVALUATED, State.ARCHIVED)


def _load(request, pk):
    try:
        dialogue = Dialogue.objects.select_related("municipality", "unit").get(pk=pk)
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, PERMISSION, dialogue)
    return dialogue


@staff_required(PERMISSION)
@require_safe
def index(request):
    dialogues = (
        Dialogue.objects.filter(state__in=FINISHED)
        .select_related("unit")
        .order_by("-updated_at", "pk")
    )
    return render(
        request,
        "records/index.html",
        {
            "dialogues": dialogues,
            "exports": ArchiveExport.objects.select_related("created_by")[:20],
            "disposals": Disposal.objects.select_related("performed_by")[:20],
        },
    )


@staff_required(PERMISSION)
@require_POST
def package(request, pk):
    dialogue = _load(request, pk)
    export, data = archive_export(actor=request.user, dialogue=dialogue)
    response = HttpResponse(data, content_type="application/zip")
    stamp = export.created_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="arkiv-{dialogue.slug}-{stamp}.zip"'
    return response


@staff_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def dispose(request, pk):
    dialogue = _load(request, pk)
    form = DisposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue_dispose(
                actor=request.user,
                dialogue=dialogue,
                decision_reference=form.cleaned_data["decision_reference"],
                decided_by=form.cleaned_data["decided_by"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(None if field == "__all__" else field, messages)
        else:
            success_once(request, _("The dialogue has been disposed of. The decision is recorded."))
            return redirect("records:index")
    return render(request, "records/dispose.html", {"dialogue": dialogue, "form": form})
