from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required

from . import selectors, services
from .forms import MethodFilterForm, MethodForm

MANAGE = "methods.manage_method"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "submission_key"}


@staff_required("methods.view_catalogue")
@require_safe
def method_list(request):
    filters = MethodFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    can_manage = request.user.has_perm(MANAGE)
    methods = selectors.method_list(
        level=criteria.get("level"),
        mode=criteria.get("mode") or None,
        target_group=criteria.get("group"),
        query=criteria.get("q") or "",
        include_inactive=can_manage,
    )
    return render(
        request,
        "methods/method_list.html",
        {
            "filters": filters,
            "methods": methods,
            "filtered": any(criteria.values()),
            "can_manage": can_manage,
        },
    )


@staff_required("methods.view_catalogue")
@require_safe
def method_detail(request, slug):
    can_manage = request.user.has_perm(MANAGE)
    method = selectors.method_for_detail(slug=slug, include_inactive=can_manage)
    require_object_permission(request, "methods.view_catalogue", method)
    return render(
        request,
        "methods/method_detail.html",
        {"method": method, "manifest": method.manifest, "can_manage": can_manage},
    )


@staff_required(MANAGE)
@require_http_methods(["GET", "POST"])
def method_create(request):
    form = MethodForm(request.POST or None, initial={"submission_key": new_submission_key()})
    if request.method == "POST" and form.is_valid():

        def save():
            method = services.method_create(actor=request.user, data=_data(form))
            return reverse("methods:detail", args=[method.slug])

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=save
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The method has been added to the catalogue."))
            return redirect(url)
    return render(request, "methods/method_form.html", {"form": form, "creating": True})


@staff_required(MANAGE)
@require_http_methods(["GET", "POST"])
def method_edit(request, slug):
    method = selectors.method_for_detail(slug=slug, include_inactive=True)
    require_object_permission(request, MANAGE, method)
    # The form changes its instance while validating; the page keeps the saved name.
    saved_name = method.name
    form = MethodForm(request.POST or None, instance=method)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.method_update(actor=request.user, method=method, data=_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The method has been saved."))
            return redirect("methods:detail", slug=method.slug)
    return render(
        request,
        "methods/method_form.html",
        {"form": form, "creating": False, "method": method, "saved_name": saved_name},
    )
