from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import run_once
from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.selectors import dialogues_of_unit
from delaktig.results.selectors import overdue_feedback

from . import selectors, services
from .forms import (
    DistrictForm,
    MunicipalityForm,
    RoleAssignmentForm,
    RoleFilterForm,
    UnitForm,
)
from .models import District, RoleAssignment, Unit


def _municipality():
    return selectors.current_municipality()


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_required("municipality.access_staff_area")
@require_safe
def dashboard(request):
    units = selectors.units_for_user(user=request.user)
    return render(
        request,
        "municipality/dashboard.html",
        {"units": units, "overdue_feedback": overdue_feedback(user=request.user)},
    )


@staff_required("municipality.access_staff_area")
@require_safe
def unit_detail(request, slug):
    unit = get_object_or_404(Unit, municipality=_municipality(), slug=slug)
    require_object_permission(request, "municipality.view_unit", unit)
    unit = selectors.unit_with_people(unit=unit)
    return render(
        request,
        "municipality/unit_detail.html",
        {
            "unit": unit,
            "can_act": request.user.has_perm("municipality.act_for_unit", unit),
            "unit_dialogues": dialogues_of_unit(unit=unit)[:50],
        },
    )


@staff_required("municipality.manage_settings")
@require_safe
def settings_index(request):
    return render(request, "municipality/settings_index.html")


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def municipality_edit(request):
    municipality = _municipality()
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_update(
                actor=request.user, municipality=municipality, data=form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The municipality's details have been saved."))
            return redirect("staff:settings")
    return render(request, "municipality/municipality_form.html", {"form": form})


@staff_required("municipality.manage_settings")
@require_safe
def unit_list(request):
    units = selectors.unit_list(municipality=_municipality())
    return render(request, "municipality/unit_list.html", {"units": units})


def _model_form_view(request, *, form, template, context, save, success_message):
    """Shared POST handling for the settings forms: one write per submission key."""
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submission_key"}
        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"),
                user=request.user,
                action=lambda: save(data),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            success_once(request, success_message)
            return redirect(url)
    return render(request, template, {"form": form, **context})


def _new_key_initial():
    from delaktig.core.idempotency import new_submission_key

    return {"submission_key": new_submission_key()}


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def unit_create(request):
    municipality = _municipality()
    form = UnitForm(request.POST or None, municipality=municipality, initial=_new_key_initial())

    def save(data):
        services.unit_create(actor=request.user, municipality=municipality, data=data)
        return reverse("staff:unit_list")

    return _model_form_view(
        request,
        form=form,
        template="municipality/unit_form.html",
        context={"creating": True},
        save=save,
        success_message=_("The unit has been created."),
    )


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def unit_edit(request, slug):
    municipality = _municipality()
    unit = get_object_or_404(Unit, municipality=municipality, slug=slug)
    form = UnitForm(request.POST or None, instance=unit, municipality=municipality)

    def save(data):
        services.unit_update(actor=request.user, unit=unit, data=data)
        return reverse("staff:unit_list")

    return _model_form_view(
        request,
        form=form,
        template="municipality/unit_form.html",
        context={"unit": unit, "creating": False},
        save=save,
        success_message=_("The unit has been saved."),
    )


@staff_required("municipality.manage_settings")
@require_safe
def district_list(request):
    districts = selectors.district_list(municipality=_municipality())
    return render(request, "municipality/district_list.html", {"districts": districts})


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def district_create(request):
    municipality = _municipality()
    form = DistrictForm(request.POST or None, initial=_new_key_initial())

    def save(data):
        services.district_create(actor=request.user, municipality=municipality, data=data)
        return reverse("staff:district_list")

    return _model_form_view(
        request,
        form=form,
        template="municipality/district_form.html",
        context={"creating": True},
        save=save,
        success_message=_("The district has been created."),
    )


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def district_edit(request, slug):
    district = get_object_or_404(District, municipality=_municipality(), slug=slug)
    form = DistrictForm(request.POST or None, instance=district)

    def save(data):
        services.district_update(actor=request.user, district=district, data=data)
        return reverse("staff:district_list")

    return _model_form_view(
        request,
        form=form,
        template="municipality/district_form.html",
        context={"district": district, "creating": False},
        save=save,
        success_message=_("The district has been saved."),
    )


@staff_required("municipality.manage_settings")
@require_safe
def role_list(request):
    municipality = _municipality()
    filters = RoleFilterForm(request.GET or None, municipality=municipality)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    assignments = selectors.role_assignment_list(
        municipality=municipality,
        unit_id=getattr(criteria.get("unit"), "pk", None),
        role=criteria.get("role") or None,
        query=criteria.get("q") or "",
    )
    page = paginate(request, assignments)
    return render(request, "municipality/role_list.html", {"filters": filters, "page": page})


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def role_create(request):
    municipality = _municipality()
    form = RoleAssignmentForm(
        request.POST or None, municipality=municipality, initial=_new_key_initial()
    )

    def save(data):
        services.role_assign(
            actor=request.user,
            user=data["user"],
            unit=data["unit"],
            role=data["role"],
            title=data.get("title", ""),
        )
        return reverse("staff:role_list")

    return _model_form_view(
        request,
        form=form,
        template="municipality/role_form.html",
        context={},
        save=save,
        success_message=_("The role has been given."),
    )


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def role_delete(request, pk):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "unit"),
        pk=pk,
        unit__municipality=_municipality(),
    )
    error = None
    if request.method == "POST":
        try:
            services.role_revoke(actor=request.user, assignment=assignment)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The role has been removed."))
            return redirect("staff:role_list")
    return render(
        request, "municipality/role_confirm_delete.html", {"assignment": assignment, "error": error}
    )
