"""Public consultation pages, under /konsultationer/: the alternatives and the choice,
the thank-you page, and the alternatives' images and documents.

Open to everyone; choosing needs an account only when the consultation says so.
A draft consultation, or one of a dialogue that is not public, answers 404 except
to the staff who run it (a preview).

Choosing is limited to ten posts a minute per account or address, so that one
script cannot fill a consultation that needs no login. A double submit is
recognised by the form's one-time key, stored on the choice itself with a unique
constraint (not in ``core.Submission``, whose time of creation would tell when an
anonymous choice was made).
"""

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.idempotency import new_submission_key
from delaktig.core.pagecache import cache_public_page
from delaktig.core.ratelimit import ratelimit
from delaktig.dialogues.models import FINISHED_STATES, State
from delaktig.municipality.selectors import current_municipality

from . import selectors, services
from .forms import ChoiceForm
from .models import Alternative, AlternativeDocument, Consultation

CHOOSE = "consultations.choose"


def _consultation_or_404(request, pk) -> Consultation:
    try:
        return selectors.visible_consultation(
            pk=pk, user=request.user, municipality=current_municipality()
        )
    except Consultation.DoesNotExist:
        raise Http404 from None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@cache_public_page
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="10/m", group="consultations.choose")
def consultation_detail(request, pk):
    consultation = _consultation_or_404(request, pk)
    dialogue = consultation.activity.dialogue
    may_choose = request.user.has_perm(CHOOSE, consultation)
    mine = selectors.choice_of(consultation=consultation, user=request.user)
    accepting = consultation.state == Consultation.State.OPEN and dialogue.state == State.OPEN
    needs_login = accepting and consultation.login_required and not request.user.is_authenticated
    form = None
    if may_choose and mine is None:
        form = ChoiceForm(
            request.POST if request.method == "POST" else None,
            initial={"submission_key": new_submission_key()},
            consultation=consultation,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.choice_create(
                    actor=request.user, consultation=consultation, **form.choice_data()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("consultations:thanks", pk=consultation.pk)
    elif request.method == "POST":
        if needs_login:
            return redirect_to_login(request.get_full_path())
        if mine is not None:
            return redirect("consultations:thanks", pk=consultation.pk)
    return render(
        request,
        "consultations/public/detail.html",
        {
            "consultation": consultation,
            "dialogue": dialogue,
            "alternatives": list(consultation.alternatives.all()),
            "form": form,
            "mine": mine,
            "accepting": accepting,
            "needs_login": needs_login,
            "is_closed": consultation.state == Consultation.State.CLOSED
            or dialogue.state in FINISHED_STATES,
        },
        status=400 if form is not None and form.errors else 200,
    )


@cache_public_page
@require_safe
def thanks(request, pk):
    consultation = _consultation_or_404(request, pk)
    return render(
        request,
        "consultations/public/thanks.html",
        {
            "consultation": consultation,
            "dialogue": consultation.activity.dialogue,
            "mine": selectors.choice_of(consultation=consultation, user=request.user),
        },
    )


def _file_response(field_file, content_type=None, download_name=None) -> FileResponse:
    try:
        file = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = content_type or mimetypes.guess_type(field_file.name)[0]
    response = FileResponse(
        file, content_type=content_type or "application/octet-stream", filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def alternative_image(request, pk):
    try:
        alternative = selectors.visible_alternative(pk=pk, user=request.user)
    except (Alternative.DoesNotExist, Consultation.DoesNotExist):
        raise Http404 from None
    if not alternative.image:
        raise Http404
    return _file_response(alternative.image)


@require_safe
def document(request, pk):
    try:
        document = selectors.visible_document(pk=pk, user=request.user)
    except (AlternativeDocument.DoesNotExist, Consultation.DoesNotExist):
        raise Http404 from None
    response = _file_response(document.file, "application/pdf")
    # Shown in the browser's PDF viewer; saving it gives a readable name.
    response["Content-Disposition"] = f'inline; filename="dokument-{document.pk}.pdf"'
    return response
