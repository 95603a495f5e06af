"""Staff pages for what came of a dialogue: the decision, the feedback, the deadlines.

Every view first requires the staff area, then checks the object permission once
the dialogue is loaded (see rules.py for who may do what).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues import lifecycle
from delaktig.dialogues.models import Dialogue
from delaktig.dialogues.views.editor import apply_errors

from . import selectors, services
from .forms import DecisionForm, FeedbackForm

STAFF_AREA = "municipality.access_staff_area"


def _load(request, pk: int, permission: str) -> Dialogue:
    try:
        dialogue = Dialogue.objects.select_related("unit", "owner_committee", "municipality").get(
            pk=pk
        )
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, permission, dialogue)
    return dialogue


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    dialogue = _load(request, pk, "results.record_decision")
    current = selectors.decision_for(dialogue)
    initial = {} if current else {"body": dialogue.owner_committee_id}
    if request.method == "POST":
        form = DecisionForm(
            request.POST, instance=current, initial=initial, municipality=dialogue.municipality
        )
        if form.is_valid():
            try:
                services.decision_save(
                    actor=request.user, dialogue=dialogue, data=form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The decision is saved."))
                return redirect("results:decision", dialogue.pk)
    else:
        form = DecisionForm(instance=current, initial=initial, municipality=dialogue.municipality)
    return render(
        request,
        "results/decision.html",
        {"dialogue": dialogue, "form": form, "decision": current},
    )


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    """Write, save and publish the feedback; offer the “Mark as fed back” move."""
    dialogue = _load(request, pk, "results.write_feedback")
    current = selectors.feedback_for(dialogue)
    if request.method == "POST":
        form = FeedbackForm(request.POST, instance=current)
        publish = request.POST.get("action") == "publish"
        if form.is_valid():
            try:
                if publish:
                    was_published = current is not None and current.is_published
                    services.feedback_publish(
                        actor=request.user, dialogue=dialogue, text=form.cleaned_data["text"]
                    )
                    if was_published:
                        messages.success(request, _("The feedback is saved."))
                    else:
                        messages.success(
                            request,
                            _(
                                "The feedback is published on the dialogue page. "
                                "The participants get it by e-mail."
                            ),
                        )
                else:
                    services.feedback_save(
                        actor=request.user, dialogue=dialogue, text=form.cleaned_data["text"]
                    )
                    messages.success(request, _("The feedback is saved."))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("results:feedback", dialogue.pk)
    else:
        form = FeedbackForm(instance=current)
    feed_back_move = next(
        (
            move
            for move in lifecycle.available_moves(request.user, dialogue)
            if move.name == "feed_back"
        ),
        None,
    )
    return render(
        request,
        "results/feedback.html",
        {
            "dialogue": dialogue,
            "form": form,
            "feedback": current,
            "decision": selectors.decision_for(dialogue),
            "feed_back_move": feed_back_move,
        },
    )


@staff_required("results.view_feedback_deadlines")
@require_safe
def overdue(request):
    rows = selectors.feedback_deadlines(user=request.user)
    return render(
        request,
        "results/overdue.html",
        {
            "overdue_rows": [row for row in rows if row.is_overdue],
            "soon_rows": [row for row in rows if not row.is_overdue],
            "soon_days": selectors.SOON_DAYS,
        },
    )
