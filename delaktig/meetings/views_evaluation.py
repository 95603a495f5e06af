"""The meeting evaluation: a phone form for participants, a printable sheet with a
QR code to it, typing in paper answers, and the results.

Under /moten/utvardering/. The form and the thank-you page are public (no login,
nothing stored that identifies the person); the sheet, the entry of paper
answers and the results are for those who may run the meeting's dialogue.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import staff_required

from . import evaluation
from .forms_documentation import EvaluationForm
from .models import EvaluationResponse, Meeting
from .views_documentation import STAFF_AREA, apply_errors, load_meeting

PDF_TEMPLATE = "meetings/evaluation/paper_pdf.html"


def _public_meeting(pk) -> Meeting:
    meeting = Meeting.objects.select_related("activity__dialogue").filter(pk=pk).first()
    # A meeting of a dialogue that is not public does not exist for residents.
    if meeting is None or not meeting.activity.dialogue.is_public:
        raise Http404
    return meeting


def _answers(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in evaluation.ANSWER_FIELDS}


ANSWERS_PER_HOUR = 20


def _too_many_answers(request, meeting) -> bool:
    """A rate limit per connection and meeting, so a script cannot flood the results.

    Only a salted hash of the address is kept, in the cache for an hour, and never
    with the answer: answers stay anonymous.
    """
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    key = f"delaktig:evaluation-rate:{meeting.pk}:{digest}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > ANSWERS_PER_HOUR


@require_http_methods(["GET", "POST"])
def form(request, pk):
    meeting = _public_meeting(pk)
    state = evaluation.window_state(meeting)
    evaluation_form = None
    if state == "open":
        evaluation_form = EvaluationForm(
            request.POST or None, initial={"submission_key": new_submission_key()}
        )
        if (
            request.method == "POST"
            and evaluation_form.is_valid()
            and _too_many_answers(request, meeting)
        ):
            evaluation_form.add_error(
                None,
                _(
                    "We have received many answers from your connection in a short time. "
                    "Try again in an hour."
                ),
            )
        elif request.method == "POST" and evaluation_form.is_valid():

            def store():
                evaluation.evaluation_submit(meeting=meeting, data=_answers(evaluation_form))
                return reverse("meeting_evaluation:thanks", args=[meeting.pk])

            try:
                # No user on the key either: the answer must not be traceable to anyone.
                url = run_once(
                    key=evaluation_form.cleaned_data.get("submission_key"),
                    user=None,
                    action=store,
                )
            except ValidationError as error:
                apply_errors(evaluation_form, error)
            else:
                return redirect(url)
    return render(
        request,
        "meetings/evaluation/form.html",
        {
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "form": evaluation_form,
            "state": state,
            "closes_at": evaluation.closes_at(meeting),
        },
    )


@require_safe
def thanks(request, pk):
    meeting = _public_meeting(pk)
    return render(
        request,
        "meetings/evaluation/thanks.html",
        {"meeting": meeting, "activity": meeting.activity, "dialogue": meeting.activity.dialogue},
    )


def _sheet_context(meeting) -> dict:
    url = evaluation.form_url(meeting)
    return {
        "meeting": meeting,
        "activity": meeting.activity,
        "dialogue": meeting.activity.dialogue,
        "form_url": url,
        "qr_svg": evaluation.qr_svg(
            url, title=_("QR code that opens the evaluation form: %(url)s") % {"url": url}
        ),
        "ratings": evaluation.Rating.choices,
        "rating_questions": [
            EvaluationResponse._meta.get_field(name).verbose_name
            for name in evaluation.RATING_FIELDS
        ],
        "again_choices": EvaluationResponse.Again.choices,
        "take_part_again_label": EvaluationResponse._meta.get_field("take_part_again").verbose_name,
        "comment_label": EvaluationResponse._meta.get_field("comment").verbose_name,
    }


@staff_required(STAFF_AREA)
@require_safe
def paper(request, pk):
    meeting = load_meeting(request, pk)
    return render(request, "meetings/evaluation/paper.html", _sheet_context(meeting))


@staff_required(STAFF_AREA)
@require_safe
def paper_pdf(request, pk):
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    meeting = load_meeting(request, pk)
    html = render_to_string(PDF_TEMPLATE, _sheet_context(meeting), request=request)
    document = HTML(string=html, base_url=None).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"utvardering-mote-{meeting.pk}.pdf"
    )
    return response


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def enter(request, pk):
    meeting = load_meeting(request, pk)
    state = evaluation.window_state(meeting)
    entry_form = EvaluationForm(
        request.POST or None,
        initial={"submission_key": new_submission_key()},
        auto_id="paper_%s",
    )
    if request.method == "POST" and state != "not_yet" and entry_form.is_valid():

        def store():
            evaluation.evaluation_enter_paper(
                actor=request.user, meeting=meeting, data=_answers(entry_form)
            )
            return reverse("meeting_evaluation:enter", args=[meeting.pk])

        try:
            url = run_once(
                key=entry_form.cleaned_data.get("submission_key"), user=request.user, action=store
            )
        except ValidationError as error:
            apply_errors(entry_form, error)
        else:
            messages.success(request, _("The answer has been saved. Type in the next sheet."))
            return redirect(url)
    paper_count = EvaluationResponse.objects.filter(
        meeting=meeting, channel=EvaluationResponse.Channel.PAPER
    ).count()
    return render(
        request,
        "meetings/evaluation/enter.html",
        {
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "form": entry_form,
            "state": state,
            "paper_count": paper_count,
        },
    )


@staff_required(STAFF_AREA)
@require_safe
def results(request, pk):
    meeting = load_meeting(request, pk)
    return render(
        request,
        "meetings/evaluation/results.html",
        {
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "results": evaluation.evaluation_results(meeting),
            "state": evaluation.window_state(meeting),
            "closes_at": evaluation.closes_at(meeting),
            "form_url": evaluation.form_url(meeting),
        },
    )
