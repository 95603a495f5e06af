"""The panel for staff, under /hantera/medborgarpanelen/.

The overview (counts, disclosure-controlled) is open to every staff member; the
member list and the panel's rules to administrators; a survey's draws, response
rates and reminders to those who run the survey's dialogue.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.municipality.selectors import current_municipality
from delaktig.results.disclosure import disclosure_threshold
from delaktig.surveys.models import Survey

from . import selectors, services
from .forms import ConsentTextForm, DrawForm, PanelSettingsForm
from .models import PanelSample

VIEW = "panel.view_panel"
MANAGE = "panel.manage_panel"
DRAW = "panel.draw_sample"


def _panel():
    municipality = current_municipality()
    if municipality is None:
        raise Http404
    return services.panel_for(municipality)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_required(VIEW)
@require_safe
def overview(request):
    panel = _panel()
    return render(
        request,
        "panel/staff/overview.html",
        {
            "panel": panel,
            "composition": selectors.panel_composition(panel=panel),
            "basis": selectors.population_for_panel(panel.municipality)[:2],
            "surveys": selectors.drawable_surveys(user=request.user),
            "threshold": disclosure_threshold(),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@staff_required(MANAGE)
@require_safe
def members(request):
    panel = _panel()
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.member_list(panel=panel, query=query))
    return render(
        request,
        "panel/staff/members.html",
        {"panel": panel, "page": page, "query": query},
    )


@staff_required(MANAGE)
@require_http_methods(["GET", "POST"])
def settings(request):
    panel = _panel()
    consent = panel.current_consent
    is_consent = request.method == "POST" and "text" in request.POST
    settings_form = PanelSettingsForm(
        request.POST if request.method == "POST" and not is_consent else None, instance=panel
    )
    consent_form = ConsentTextForm(
        request.POST if is_consent else None, initial={"text": consent.text if consent else ""}
    )
    if request.method == "POST" and not is_consent and settings_form.is_valid():
        try:
            services.panel_update(
                actor=request.user,
                panel=panel,
                data={name: settings_form.cleaned_data[name] for name in settings_form.Meta.fields},
            )
        except ValidationError as error:
            _add_errors(settings_form, error)
        else:
            success_once(request, _("The panel's rules have been saved."))
            return redirect("panel_staff:settings")
    if is_consent and consent_form.is_valid():
        try:
            new = services.consent_text_add(
                actor=request.user, panel=panel, text=consent_form.cleaned_data["text"]
            )
        except ValidationError as error:
            _add_errors(consent_form, error)
        else:
            success_once(
                request,
                _("The consent text is saved as version %(version)s.") % {"version": new.version},
            )
            return redirect("panel_staff:settings")
    return render(
        request,
        "panel/staff/settings.html",
        {
            "panel": panel,
            "consent": consent,
            "settings_form": settings_form,
            "consent_form": consent_form,
            "versions": panel.consent_texts.order_by("-version"),
        },
    )


def _survey(request, survey_pk) -> Survey:
    survey = (
        Survey.objects.select_related("activity__dialogue__municipality")
        .filter(pk=survey_pk)
        .first()
    )
    if survey is None:
        raise Http404
    require_object_permission(request, DRAW, survey)
    return survey


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def survey(request, survey_pk):
    survey = _survey(request, survey_pk)
    panel = _panel()
    form = DrawForm(
        request.POST or None, initial={"submission_key": new_submission_key(), "size": 200}
    )
    if request.method == "POST" and form.is_valid():

        def store():
            sample = services.sample_draw(
                actor=request.user,
                survey=survey,
                size=form.cleaned_data["size"],
                seed=form.cleaned_data.get("seed"),
            )
            return reverse("panel_staff:survey", args=[survey.pk]) + f"#urval-{sample.pk}"

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=store
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("The members have been drawn and are being invited."))
            return redirect(url)
    samples = selectors.survey_samples(survey=survey)
    names = selectors.district_names(panel)
    for sample in samples:
        labels = selectors.stratum_labels([row["key"] for row in sample.allocation], names)
        sample.rows = [{**row, **labels[row["key"]]} for row in sample.allocation]
        sample.short_rows = [row for row in sample.rows if row["short"]]
    return render(
        request,
        "panel/staff/survey.html",
        {
            "panel": panel,
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "form": form,
            "samples": samples,
            "rates": selectors.response_rates(survey=survey, panel=panel) if samples else None,
            "threshold": disclosure_threshold(),
            "is_open": survey.state == Survey.State.OPEN,
            "Basis": PanelSample.Basis,
        },
    )


@staff_required(VIEW)
def remind(request, survey_pk):
    survey = _survey(request, survey_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        count = services.sample_remind(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            success_once(
                request,
                ngettext(
                    "A reminder is being sent to %(count)s person who has not answered.",
                    "Reminders are being sent to %(count)s people who have not answered.",
                    count,
                )
                % {"count": count},
            )
        else:
            success_once(request, _("Nobody is due a reminder now."))
    return redirect("panel_staff:survey", survey_pk=survey.pk)
