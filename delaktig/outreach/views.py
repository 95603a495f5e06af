"""The outreach log: the phone form, the confirmation, the log and corrections.

The form works as a plain POST; ``static/js/outreach.js`` only adds keeping the
typed entry on the phone and resending it when the connection is weak. For that
script the create view also answers JSON (when asked with ``Accept:
application/json``): ``{"ok": true, "url": …}`` when stored, the form's errors with
status 400 when not. Either way the same submission key stores the entry once.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.demographics import AgeBand, Gender
from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key
from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.municipality.selectors import current_municipality

from . import selectors, services
from .forms import EntryFilterForm, OutreachEntryForm


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@staff_required("outreach.record_entry")
@require_http_methods(["GET", "POST"])
def entry_create(request):
    municipality = current_municipality()
    form = OutreachEntryForm(
        request.POST or None,
        user=request.user,
        municipality=municipality,
        initial={"submission_key": new_submission_key()},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.outreach_entry_record(
                    actor=request.user,
                    municipality=municipality,
                    data=form.service_data(),
                    submission_key=form.cleaned_data.get("submission_key"),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                url = reverse("outreach:detail", args=[entry.pk])
                success_once(request, _("The outreach has been saved."))
                if _wants_json(request):
                    return JsonResponse({"ok": True, "url": url, "id": entry.pk})
                return redirect(url)
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    return render(request, "outreach/entry_form.html", {"form": form, "creating": True})


@staff_required("outreach.view_log")
@require_safe
def entry_detail(request, pk):
    entry = selectors.entry_detail(pk=pk, municipality=current_municipality())
    require_object_permission(request, "outreach.view_entry", entry)
    counts = {(t.gender, t.age_band): t.count for t in entry.tallies.all()}
    bands = [band for band in AgeBand if any((g, band.value) in counts for g in Gender.values)]
    tally_rows = [
        {
            "label": gender.label,
            "cells": [counts.get((gender.value, band.value), 0) for band in bands],
        }
        for gender in Gender
        if any((gender.value, band.value) in counts for band in bands)
    ]
    return render(
        request,
        "outreach/entry_detail.html",
        {
            "entry": entry,
            "tally_bands": bands,
            "tally_rows": tally_rows,
            "can_change": request.user.has_perm("outreach.change_entry", entry),
        },
    )


@staff_required("outreach.view_log")
@require_safe
def entry_list(request):
    municipality = current_municipality()
    units = selectors.visible_units(viewer=request.user, municipality=municipality)
    form = EntryFilterForm(request.GET or None, units=units, municipality=municipality)
    entries = selectors.entry_list(viewer=request.user, municipality=municipality, **form.filters())
    return render(
        request,
        "outreach/entry_list.html",
        {
            "form": form,
            "page": paginate(request, entries),
            "totals": selectors.entry_totals(entries),
        },
    )


@staff_required("outreach.view_log")
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    municipality = current_municipality()
    entry = selectors.entry_detail(pk=pk, municipality=municipality)
    require_object_permission(request, "outreach.change_entry", entry)
    form = OutreachEntryForm(
        request.POST or None, user=request.user, municipality=municipality, entry=entry
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_entry_update(
                actor=request.user, entry=entry, data=form.service_data()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("outreach:detail", entry.pk)
    return render(
        request, "outreach/entry_form.html", {"form": form, "entry": entry, "creating": False}
    )


@staff_required("outreach.view_log")
@require_http_methods(["GET", "POST"])
def entry_delete(request, pk):
    entry = selectors.entry_detail(pk=pk, municipality=current_municipality())
    require_object_permission(request, "outreach.change_entry", entry)
    if request.method == "POST":
        services.outreach_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The entry has been deleted."))
        return redirect("outreach:list")
    return render(request, "outreach/entry_confirm_delete.html", {"entry": entry})
