"""The panel for residents: what it is, joining, the own profile and leaving.

The page about the panel is open to everyone; joining and the profile need an
account with a confirmed e-mail address (see models.py for why).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.feedback import success_once
from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.pagecache import cache_public_page
from delaktig.core.ratelimit import ratelimit
from delaktig.municipality.selectors import current_municipality

from . import selectors, services
from .forms import JoinForm, ProfileForm


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


@cache_public_page
@require_safe
def about(request):
    panel = _panel()
    return render(
        request,
        "panel/about.html",
        {"panel": panel, "member": selectors.member_for_user(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="5/m")
def join(request):
    panel = _panel()
    if selectors.member_for_user(request.user) is not None:
        return redirect("panel:profile")
    consent = panel.current_consent
    verified = services.has_verified_email(request.user)
    form = JoinForm(
        request.POST or None,
        initial={
            "submission_key": new_submission_key(),
            "consent_version": consent.version if consent else 0,
            "district": request.user.district_id,
        },
        municipality=panel.municipality,
    )
    if request.method == "POST" and form.is_valid():

        def store():
            services.member_join(
                actor=request.user,
                panel=panel,
                data=form.profile_data(),
                consent_version=form.cleaned_data["consent_version"],
            )
            return reverse("panel:profile")

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=store
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("Welcome to the citizen panel! You are now a member."))
            return redirect(url)
    return render(
        request,
        "panel/join.html",
        {"panel": panel, "consent": consent, "form": form, "verified": verified},
    )


@login_required
@require_safe
def profile(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        return redirect("panel:about")
    return render(
        request,
        "panel/profile.html",
        {
            "member": member,
            "panel": member.panel,
            "recent": member.invitations.filter(
                created_at__gte=selectors.limit_since(member.panel)
            ).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        return redirect("panel:about")
    form = ProfileForm(
        request.POST or None,
        initial={
            "birth_year": member.birth_year,
            "gender": member.gender,
            "district": member.district_id,
            "languages": member.languages,
        },
        municipality=member.panel.municipality,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, data=form.profile_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            success_once(request, _("Your panel profile has been saved."))
            return redirect("panel:profile")
    return render(request, "panel/edit.html", {"member": member, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        # Already left (a second click): the same answer as the first time.
        return redirect("panel:about")
    if request.method == "POST":
        services.member_leave(actor=request.user, member=member)
        success_once(
            request,
            _("You have left the citizen panel. Your panel profile has been deleted."),
        )
        return redirect("panel:about")
    return render(request, "panel/leave.html", {"member": member})
