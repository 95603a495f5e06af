"""Staff pages: write and publish a dialogue's report; the reports of my committees."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Dialogue
from delaktig.dialogues.views.editor import apply_errors

from . import selectors, services
from .forms import ReportForm

STAFF_AREA = "municipality.access_staff_area"


@staff_required("reports.view_committee_reports")
@require_safe
def report_list(request):
    """Reports sent to the viewer's committees, and those of dialogues their units run."""
    return render(
        request,
        "reports/staff/list.html",
        {"reports": selectors.reports_for_viewer(user=request.user)},
    )


@staff_required(STAFF_AREA)
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    try:
        dialogue = Dialogue.objects.select_related("unit", "owner_committee", "municipality").get(
            pk=pk
        )
    except Dialogue.DoesNotExist as error:
        raise Http404 from error
    require_object_permission(request, "reports.write_report", dialogue)
    report = selectors.report_for(dialogue)
    if request.method == "POST":
        form = ReportForm(request.POST, instance=report)
        publish = request.POST.get("action") == "publish"
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "submission_key"}

            def act():
                if publish:
                    version = services.report_publish(
                        actor=request.user, dialogue=dialogue, data=data
                    )
                    return reverse("report_staff:edit", args=[dialogue.pk]) + (
                        f"?publicerad={version.number}"
                    )
                services.report_save(actor=request.user, dialogue=dialogue, data=data)
                return reverse("report_staff:edit", args=[dialogue.pk])

            try:
                url = run_once(
                    key=form.cleaned_data.get("submission_key"), user=request.user, action=act
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if publish:
                    success_once(
                        request,
                        _(
                            "The report is published and sent to the representatives "
                            "of the owner committee."
                        ),
                    )
                else:
                    success_once(request, _("The report is saved."))
                return redirect(url)
    else:
        form = ReportForm(instance=report, initial={"submission_key": new_submission_key()})
    return render(
        request,
        "reports/staff/edit.html",
        {
            "dialogue": dialogue,
            "form": form,
            "report": report,
            "versions": selectors.versions_of(report),
        },
    )
