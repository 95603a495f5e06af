"""Staff: personal invitations to a survey, under /hantera/enkater/inbjudningar/.

Officials of the dialogue's unit (and administrators) paste e-mail addresses, send
the invitations and remind those who have not answered. The page shows counts
only: never who answered, and never which response an invitation gave.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from delaktig.core.feedback import success_once
from delaktig.core.forms import SubmissionKeyMixin
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.permissions import require_object_permission, staff_required

from . import invitations as service
from .models import Survey

VIEW = "surveys.view_surveys"
MANAGE = "surveys.manage_survey"


class InvitationsForm(SubmissionKeyMixin, forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Paste the addresses, one per line or separated by commas. Addresses that are "
            "already invited are skipped."
        ),
        error_messages={"required": gettext_lazy("Paste at least one e-mail address.")},
    )


def _survey(request, pk) -> Survey:
    survey = Survey.objects.select_related("activity__dialogue__municipality").filter(pk=pk).first()
    if survey is None:
        raise Http404
    require_object_permission(request, MANAGE, survey)
    return survey


def _add_message(result: service.AddResult) -> str:
    parts = [
        ngettext("%(count)s invitation added.", "%(count)s invitations added.", result.created)
        % {"count": result.created}
    ]
    skipped = result.already_invited + result.repeated
    if skipped:
        parts.append(
            ngettext(
                "%(count)s address was already on the list and was skipped.",
                "%(count)s addresses were already on the list and were skipped.",
                skipped,
            )
            % {"count": skipped}
        )
    return " ".join(parts)


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def invitations(request, pk):
    survey = _survey(request, pk)
    form = InvitationsForm(request.POST or None, initial={"submission_key": new_submission_key()})
    if request.method == "POST" and form.is_valid():

        def add():
            result = service.invitations_add(
                actor=request.user, survey=survey, text=form.cleaned_data["addresses"]
            )
            success_once(request, _add_message(result))
            if result.created and survey.state == Survey.State.OPEN:
                success_once(request, _("The invitations are being sent by e-mail."))
            return reverse("survey_invitations:manage", args=[survey.pk])

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=add
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(url)
    return render(
        request,
        "surveys/invitations/manage.html",
        {
            "survey": survey,
            "activity": survey.activity,
            "dialogue": survey.activity.dialogue,
            "form": form,
            "counts": service.invitation_counts(survey),
            "is_open": survey.state == Survey.State.OPEN,
            "max_reminders": service.MAX_REMINDERS,
            "interval_days": service.REMINDER_INTERVAL_DAYS,
        },
    )


def _post_only(request):
    # Checked after the permission, so that a GET by someone without it is a 403.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@staff_required(VIEW)
def send(request, pk):
    survey = _survey(request, pk)
    refused = _post_only(request)
    if refused:
        return refused
    try:
        count = service.invitations_send(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        success_once(
            request,
            ngettext(
                "%(count)s invitation is being sent.",
                "%(count)s invitations are being sent.",
                count,
            )
            % {"count": count},
        )
    return redirect("survey_invitations:manage", pk=survey.pk)


@staff_required(VIEW)
def remind(request, pk):
    survey = _survey(request, pk)
    refused = _post_only(request)
    if refused:
        return refused
    try:
        count = service.invitation_reminders_send(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        success_once(
            request,
            ngettext(
                "A reminder is being sent to %(count)s person who has not answered.",
                "Reminders are being sent to %(count)s people who have not answered.",
                count,
            )
            % {"count": count},
        )
    return redirect("survey_invitations:manage", pk=survey.pk)
