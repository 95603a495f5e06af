"""Staff pages for evaluations, under /hantera/utvardering/.

A dialogue's page lists its activities with their evaluations, lets those who run
the dialogue switch evaluations on, and shows the combined results; an
evaluation's page gives its address, QR code, printable sheet and paper entry.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Activity, Dialogue
from delaktig.dialogues.views.editor import apply_errors
from delaktig.meetings.evaluation import qr_svg
from delaktig.meetings.models import Rating

from . import selectors, services
from .forms import ResponseForm
from .models import Evaluation, Response

STAFF_AREA = "municipality.access_staff_area"


def _load_dialogue(request, pk, permission) -> Dialogue:
    dialogue = (
        Dialogue.objects.select_related("unit", "municipality", "feedback").filter(pk=pk).first()
    )
    if dialogue is None:
        raise Http404
    require_object_permission(request, permission, dialogue)
    return dialogue


def _load_evaluation(request, pk, permission) -> Evaluation:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "dialogue", "dialogue__unit", "dialogue__feedback", "activity"
        ),
        pk=pk,
    )
    require_object_permission(request, permission, evaluation.dialogue)
    return evaluation


@staff_required(STAFF_AREA)
@require_safe
def dialogue(request, pk):
    dialogue = _load_dialogue(request, pk, "evaluations.view_results")
    evaluations = selectors.dialogue_evaluations(dialogue)
    evaluated = {e.activity_id for e in evaluations}
    # A meeting has its own evaluation (with its paper sheet): only other activities here.
    activities = list(
        Activity.objects.filter(dialogue=dialogue, meeting__isnull=True).order_by("starts_on", "pk")
    )
    return render(
        request,
        "evaluations/dialogue.html",
        {
            "dialogue": dialogue,
            "evaluations": evaluations,
            "dialogue_wide": next((e for e in evaluations if e.is_dialogue_wide), None),
            "not_evaluated": [a for a in activities if a.pk not in evaluated],
            "results": selectors.dialogue_results(dialogue, evaluations=evaluations),
            "can_manage": request.user.has_perm("evaluations.manage_evaluation", dialogue),
        },
    )


@staff_required(STAFF_AREA)
def attach(request, pk):
    dialogue = _load_dialogue(request, pk, "evaluations.manage_evaluation")
    # Permission before method: another unit's official learns nothing from a 405.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity = None
    activity_id = request.POST.get("activity", "")
    if activity_id:
        activity = Activity.objects.filter(dialogue=dialogue, pk=activity_id).first()
        if activity is None:
            raise Http404
    evaluation = services.evaluation_attach(
        actor=request.user, dialogue=dialogue, activity=activity
    )
    success_once(request, _("The evaluation is switched on."))
    return redirect("evaluation_staff:detail", evaluation.pk)


def _sheet_context(evaluation) -> dict:
    url = services.form_url(evaluation)
    return {
        "evaluation": evaluation,
        "dialogue": evaluation.dialogue,
        "activity": evaluation.activity,
        "form_url": url,
        "state": services.window_state(evaluation),
        "qr_svg": qr_svg(
            url, title=_("QR code that opens the evaluation form: %(url)s") % {"url": url}
        ),
        "ratings": Rating.choices,
        "rating_questions": [
            Response._meta.get_field(name).verbose_name for name in services.RATING_FIELDS
        ],
        "again_choices": Response.Again.choices,
        "take_part_again_label": Response._meta.get_field("take_part_again").verbose_name,
        "comment_label": Response._meta.get_field("comment").verbose_name,
    }


@staff_required(STAFF_AREA)
@require_safe
def detail(request, pk):
    evaluation = _load_evaluation(request, pk, "evaluations.view_results")
    counts = {
        row["channel"]: row["n"]
        for row in Response.objects.filter(evaluation=evaluation)
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by()
    }
    context = _sheet_context(evaluation)
    context.update(
        {
            "paper_count": counts.get(Response.Channel.PAPER, 0),
            "phone_count": counts.get(Response.Channel.PHONE, 0),
            "can_manage": request.user.has_perm(
                "evaluations.manage_evaluation", evaluation.dialogue
            ),
        }
    )
    return render(request, "evaluations/detail.html", context)


@staff_required(STAFF_AREA)
def set_open(request, pk):
    evaluation = _load_evaluation(request, pk, "evaluations.manage_evaluation")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    is_open = request.POST.get("open") == "1"
    services.evaluation_set_open(actor=request.user, evaluation=evaluation, is_open=is_open)
    success_once(
        request,
        _("The evaluation is open for answers.")
        if is_open
        else _("The evaluation is closed. You can still type in paper answers."),
    )
    return redirect("evaluation_staff:detail", evaluation.pk)


@staff_required(STAFF_AREA)
@require_safe
def sheet(request, pk):
    evaluation = _load_evaluation(request, pk, "evaluations.manage_evaluation")
    return render(request, "evaluations/sheet.html", _sheet_context(evaluation))


@staff_required(STAFF_AREA)
@require_safe
def sheet_pdf(request, pk):
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    evaluation = _load_evaluation(request, pk, "evaluations.manage_evaluation")
    html = render_to_string(
        "evaluations/sheet_pdf.html", _sheet_context(evaluation), request=request
    )
    response = HttpResponse(
        HTML(string=html, base_url=None).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"utvardering-{evaluation.pk}.pdf"
    )
    return response


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def enter(request, pk):
    evaluation = _load_evaluation(request, pk, "evaluations.manage_evaluation")
    entry_form = ResponseForm(
        request.POST or None,
        initial={"submission_key": new_submission_key()},
        auto_id="paper_%s",
    )
    if request.method == "POST" and entry_form.is_valid():

        def store():
            services.response_enter_paper(
                actor=request.user, evaluation=evaluation, data=entry_form.answers()
            )
            return reverse("evaluation_staff:enter", args=[evaluation.pk])

        try:
            url = run_once(
                key=entry_form.cleaned_data.get("submission_key"), user=request.user, action=store
            )
        except ValidationError as error:
            apply_errors(entry_form, error)
        else:
            success_once(request, _("The answer has been saved. Type in the next sheet."))
            return redirect(url)
    paper_count = Response.objects.filter(
        evaluation=evaluation, channel=Response.Channel.PAPER
    ).count()
    return render(
        request,
        "evaluations/enter.html",
        {
            "evaluation": evaluation,
            "dialogue": evaluation.dialogue,
            "activity": evaluation.activity,
            "form": entry_form,
            "paper_count": paper_count,
        },
    )
