"""Documenting a meeting afterwards, for those who run its dialogue.

Under /hantera/moten/dokumentation/: an overview, attendance by gender and age
band, and the meeting's notes, reports and photos as contributions. Every view
refuses anonymous visitors and residents (``staff_required``) and then anyone who
may not run the meeting's dialogue.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.contributions.models import Contribution
from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required

from . import documentation, evaluation
from .forms_documentation import AttendanceForm, NoteForm
from .models import EvaluationResponse, Meeting

STAFF_AREA = "municipality.access_staff_area"
RUN_DIALOGUE = "dialogues.run_dialogue"
GROUPINGS = {"fraga": "question", "bord": "source"}


def load_meeting(request, pk: int) -> Meeting:
    try:
        meeting = documentation.meeting_for_documentation(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, RUN_DIALOGUE, meeting.activity.dialogue)
    return meeting


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _context(meeting, **extra):
    return {
        "meeting": meeting,
        "activity": meeting.activity,
        "dialogue": meeting.activity.dialogue,
        **extra,
    }


@staff_required(STAFF_AREA)
@require_safe
def index(request, pk):
    meeting = load_meeting(request, pk)
    contributions = documentation.meeting_contributions(meeting)
    labels = documentation.kind_labels()
    per_kind = {}
    for contribution in contributions:
        per_kind[contribution.kind] = per_kind.get(contribution.kind, 0) + 1
    return render(
        request,
        "meetings/documentation/index.html",
        _context(
            meeting,
            attendance=documentation.attendance_summary(meeting),
            contribution_count=len(contributions),
            per_kind=[(labels.get(kind, kind), n) for kind, n in per_kind.items()],
            evaluation_count=EvaluationResponse.objects.filter(meeting=meeting).count(),
            evaluation_state=evaluation.window_state(meeting),
        ),
    )


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = load_meeting(request, pk)
    summary = documentation.attendance_summary(meeting)
    form = AttendanceForm(request.POST or None, counts=summary.cells)
    if request.method == "POST" and form.is_valid():
        try:
            documentation.attendance_record(
                actor=request.user, meeting=meeting, counts=form.counts()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            total = sum(form.counts().values())
            messages.success(
                request, _("The attendance has been saved: %(total)s people.") % {"total": total}
            )
            return redirect("meeting_docs:attendance", meeting.pk)
    return render(
        request,
        "meetings/documentation/attendance.html",
        _context(meeting, form=form, grid=form.grid(), summary=summary),
    )


def _with_labels(contributions):
    labels = documentation.kind_labels()
    for contribution in contributions:
        contribution.kind_label = labels.get(contribution.kind, contribution.kind)
    return contributions


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def notes(request, pk):
    meeting = load_meeting(request, pk)
    dialogue = meeting.activity.dialogue
    initial = {"submission_key": new_submission_key()}
    wanted_kind = request.GET.get("typ", "")
    if wanted_kind in documentation.kind_labels():
        initial["kind"] = wanted_kind
    form = NoteForm(request.POST or None, request.FILES or None, dialogue=dialogue, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            contribution = documentation.note_create(
                actor=request.user,
                meeting=meeting,
                kind=data["kind"],
                data=form.contribution_data(),
            )
            return reverse("meeting_docs:notes", args=[meeting.pk]) + f"#bidrag-{contribution.pk}"

        try:
            url = run_once(key=data.get("submission_key"), user=request.user, action=create)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            success_once(request, _("Saved. You can add the next one below."))
            return redirect(url)
    if form.is_bound and form.errors and request.FILES and "image" not in form.errors:
        # Browsers cannot refill a file field: say so beside it.
        form.add_error(
            "image", _("Choose the photo again: it could not be kept while you correct the form.")
        )
    grouping = GROUPINGS.get(request.GET.get("visa", ""), "question")
    contributions = _with_labels(documentation.meeting_contributions(meeting))
    questions = list(dialogue.questions.all())
    if grouping == "source":
        groups = documentation.group_by_source(contributions)
    else:
        groups = documentation.group_by_question(contributions, questions)
    return render(
        request,
        "meetings/documentation/notes.html",
        _context(
            meeting,
            form=form,
            groups=groups,
            grouping=grouping,
            count=len(contributions),
            kind_help=[
                (kind.label, documentation.KIND_HELP.get(kind.key, ""))
                for kind in documentation.contribution_kinds()
            ],
        ),
    )


def _load_note(meeting, note_pk) -> Contribution:
    contribution = (
        Contribution.objects.select_related("dialogue", "question")
        .filter(pk=note_pk, activity_id=meeting.activity_id, method_key=documentation.METHOD_KEY)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def note_edit(request, pk, note_pk):
    meeting = load_meeting(request, pk)
    contribution = _load_note(meeting, note_pk)
    initial = {
        "kind": contribution.kind,
        "source_label": contribution.source_label,
        "question": contribution.question_id,
        "title": contribution.title,
        "text": contribution.text,
        "image_description": contribution.image_description,
    }
    form = NoteForm(
        request.POST or None,
        request.FILES or None,
        dialogue=meeting.activity.dialogue,
        contribution=contribution,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            documentation.note_update(
                actor=request.user,
                meeting=meeting,
                contribution=contribution,
                kind=form.cleaned_data["kind"],
                data=form.contribution_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(
                reverse("meeting_docs:notes", args=[meeting.pk]) + f"#bidrag-{contribution.pk}"
            )
    return render(
        request,
        "meetings/documentation/note_form.html",
        _context(meeting, form=form, contribution=contribution),
    )


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def note_remove(request, pk, note_pk):
    meeting = load_meeting(request, pk)
    contribution = _load_note(meeting, note_pk)
    if request.method == "POST":
        documentation.note_remove(actor=request.user, meeting=meeting, contribution=contribution)
        messages.success(request, _("The contribution has been removed."))
        return redirect("meeting_docs:notes", meeting.pk)
    contribution.kind_label = documentation.kind_labels().get(contribution.kind, contribution.kind)
    return render(
        request,
        "meetings/documentation/note_remove.html",
        _context(meeting, contribution=contribution),
    )
