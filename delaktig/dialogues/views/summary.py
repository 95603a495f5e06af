"""The whole plan on one page, its PDF, and the moves of the dialogue's life."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from delaktig.core.permissions import staff_required

from .. import lifecycle, services
from ..forms import TransitionForm
from ..pdf import render_plan_pdf
from . import plan_context
from .editor import STAFF_AREA, load_dialogue


def _render_summary(request, dialogue, *, comment_form=None, failed_move=None):
    user = request.user
    moves = lifecycle.available_moves(user, dialogue)
    forms = {}
    for move in moves:
        if move.comment_required:
            bound = comment_form if failed_move == move.name else None
            form = bound or TransitionForm(auto_id=f"id_{move.name}_%s")
            # The service checks the comment (after the permission); marked here so the
            # label does not say "optional".
            form.fields["comment"].required = True
            forms[move.name] = form
    context = plan_context.summary_context(dialogue)
    context.update(
        moves=[{"move": move, "form": forms.get(move.name)} for move in moves],
        can_edit=user.has_perm("dialogues.change_dialogue", dialogue),
        can_run=user.has_perm("dialogues.run_dialogue", dialogue),
    )
    return render(request, "dialogues/staff/summary.html", context)


@staff_required(STAFF_AREA)
def summary(request, pk):
    dialogue = load_dialogue(request, pk)
    return _render_summary(request, dialogue)


@staff_required(STAFF_AREA)
def transition(request, pk, move):
    """Make one move (a POST from the summary page's buttons).

    The services decide: a move the user may not make is refused with 403, a move
    that is impossible from the current state comes back as a message.
    """
    dialogue = load_dialogue(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TransitionForm(request.POST, auto_id=f"id_{move}_%s")
    form.is_valid()
    try:
        dialogue = services.dialogue_transition(
            actor=request.user,
            dialogue=dialogue,
            move_name=move,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            form.add_error("comment", error.error_dict["comment"])
            return _render_summary(request, dialogue, comment_form=form, failed_move=move)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The dialogue is now “%(state)s”.") % {"state": dialogue.get_state_display()},
        )
    return redirect("dialogue_staff:summary", dialogue.pk)


@staff_required(STAFF_AREA)
def plan_pdf(request, pk):
    dialogue = load_dialogue(request, pk)
    document = render_plan_pdf(context=plan_context.summary_context(dialogue), request=request)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{dialogue.slug}.pdf"
    )
    return response
