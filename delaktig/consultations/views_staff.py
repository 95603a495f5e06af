"""Consultations for staff, under /hantera/konsultationer/: the list, creating a
consultation for an activity, its settings and alternatives, opening and closing,
the results with the reasons, and the exports.

Every view is wrapped in ``staff_required`` and checks the object with
``consultations.run_consultation`` once loaded (officials of the dialogue's unit,
administrators). Views that only take a POST check the permission before the
method, so that another unit's official is refused rather than told the method.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Activity

from . import exports, selectors, services
from .forms import AlternativeForm, ConsultationForm, DocumentForm, ReasonSearchForm
from .models import Alternative, AlternativeDocument, Consultation

VIEW = "consultations.view_consultations"
RUN = "consultations.run_consultation"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _consultation(request, pk) -> Consultation:
    try:
        consultation = selectors.consultation_for_staff(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, consultation)
    return consultation


def _alternative(request, pk) -> Alternative:
    try:
        alternative = selectors.alternative_for_staff(pk=pk)
    except Alternative.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, alternative)
    return alternative


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _context(consultation, **extra) -> dict:
    return {
        "consultation": consultation,
        "activity": consultation.activity,
        "dialogue": consultation.activity.dialogue,
        **extra,
    }


@staff_required(VIEW)
@require_safe
def consultation_list(request):
    return render(
        request,
        "consultations/staff/list.html",
        {
            "consultations": selectors.staff_consultations(user=request.user),
            "without_consultation": selectors.activities_without_consultation(user=request.user),
        },
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def consultation_create(request, activity_pk):
    try:
        activity = selectors.activity_for_staff(pk=activity_pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, activity)
    if activity.method.registry_key != services.METHOD_KEY:
        raise Http404
    existing = Consultation.objects.filter(activity=activity).first()
    if existing is not None:
        return redirect("consultation_staff:detail", pk=existing.pk)
    form = ConsultationForm(
        request.POST or None, initial={"question": _("Which alternative do you prefer?")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=request.user, activity=activity, data=form.consultation_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The consultation has been created. Now add the alternatives."))
            return redirect("consultation_staff:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/staff/edit.html",
        {"form": form, "activity": activity, "dialogue": activity.dialogue, "consultation": None},
    )


@staff_required(VIEW)
@require_safe
def consultation_detail(request, pk):
    consultation = _consultation(request, pk)
    return render(
        request,
        "consultations/staff/detail.html",
        _context(
            consultation,
            alternatives=list(consultation.alternatives.all()),
            min_alternatives=services.MIN_ALTERNATIVES,
        ),
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk):
    consultation = _consultation(request, pk)
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                actor=request.user, consultation=consultation, data=form.consultation_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The settings have been saved."))
            return redirect("consultation_staff:detail", pk=consultation.pk)
    return render(request, "consultations/staff/edit.html", _context(consultation, form=form))


@staff_required(VIEW)
def consultation_state(request, pk, move):
    consultation = _consultation(request, pk)
    refused = _post_only(request)
    if refused:
        return refused
    try:
        if move == "open":
            services.consultation_open(actor=request.user, consultation=consultation)
            success_once(request, _("The consultation is open. Residents can now choose."))
        elif move == "close":
            services.consultation_close(actor=request.user, consultation=consultation)
            success_once(request, _("The consultation is closed. Nobody can choose any more."))
        else:
            raise Http404
    except ValidationError as error:
        return render(
            request,
            "consultations/staff/detail.html",
            _context(
                consultation,
                alternatives=list(consultation.alternatives.all()),
                min_alternatives=services.MIN_ALTERNATIVES,
                state_error=" ".join(error.messages),
            ),
            status=400,
        )
    return redirect("consultation_staff:detail", pk=consultation.pk)


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def alternative_add(request, pk):
    consultation = _consultation(request, pk)
    form = AlternativeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alternative_save(
                actor=request.user, consultation=consultation, data=form.alternative_data()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The alternative has been added."))
            return redirect("consultation_staff:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/staff/alternative_form.html",
        _context(consultation, form=form, alternative=None),
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def alternative_edit(request, pk):
    alternative = _alternative(request, pk)
    consultation = alternative.consultation
    form = AlternativeForm(request.POST or None, request.FILES or None, instance=alternative)
    if request.method == "POST" and form.is_valid():
        try:
            services.alternative_save(
                actor=request.user,
                consultation=consultation,
                alternative=alternative,
                data=form.alternative_data(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The alternative has been saved."))
            return redirect("consultation_staff:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/staff/alternative_form.html",
        _context(
            consultation,
            form=form,
            alternative=alternative,
            documents=list(alternative.documents.all()),
            document_form=DocumentForm(),
        ),
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def alternative_delete(request, pk):
    alternative = _alternative(request, pk)
    consultation = alternative.consultation
    error = ""
    has_choices = alternative.choices.exists()
    if request.method == "POST":
        try:
            services.alternative_delete(actor=request.user, alternative=alternative)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            success_once(request, _("The alternative has been deleted."))
            return redirect("consultation_staff:detail", pk=consultation.pk)
    return render(
        request,
        "consultations/staff/alternative_delete.html",
        _context(consultation, alternative=alternative, has_choices=has_choices, error=error),
        status=400 if error else 200,
    )


@staff_required(VIEW)
def alternative_move(request, pk):
    alternative = _alternative(request, pk)
    refused = _post_only(request)
    if refused:
        return refused
    services.alternative_move(
        actor=request.user, alternative=alternative, direction=request.POST.get("direction", "")
    )
    return redirect("consultation_staff:detail", pk=alternative.consultation_id)


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def document_add(request, pk):
    alternative = _alternative(request, pk)
    consultation = alternative.consultation
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                alternative=alternative,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The document has been added."))
            return redirect("consultation_staff:alternative_edit", pk=alternative.pk)
    return render(
        request,
        "consultations/staff/document_form.html",
        _context(consultation, form=form, alternative=alternative),
        status=400 if form.errors else 200,
    )


@staff_required(VIEW)
def document_delete(request, pk):
    try:
        document = selectors.document_for_staff(pk=pk)
    except AlternativeDocument.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, document)
    refused = _post_only(request)
    if refused:
        return refused
    services.document_delete(actor=request.user, document=document)
    success_once(request, _("The document has been deleted."))
    return redirect("consultation_staff:alternative_edit", pk=document.alternative_id)


@staff_required(VIEW)
@require_safe
def consultation_results(request, pk):
    consultation = _consultation(request, pk)
    search = ReasonSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    result = selectors.results(consultation, search=query, with_reasons=True)
    return render(
        request,
        "consultations/staff/results.html",
        _context(consultation, result=result, search=search, query=query),
    )


@staff_required(VIEW)
@require_safe
def consultation_export(request, pk, what, fmt):
    consultation = _consultation(request, pk)
    export = exports.EXPORTS.get((what, fmt))
    if export is None:
        raise Http404
    return export(consultation.activity, request.user)
