from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from delaktig.municipality.selectors import current_municipality, user_has_staff_role

from . import accessibility as accessibility_statement
from .feedback import success_once
from .forms import AccessibilityFeedbackForm, AccessibilityStatementForm
from .idempotency import new_submission_key, run_once
from .pagecache import cache_public_page
from .permissions import staff_required
from .ratelimit import ratelimit

# DIGG, the supervisory authority under DOS-lagen, takes complaints here.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


@cache_public_page
def home(request):
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def after_login(request):
    """Staff land in the staff area, residents on their own page."""
    if request.user.is_authenticated and user_has_staff_role(user=request.user):
        return redirect("staff:dashboard")
    return redirect("accounts:profile")


def mfa_required(request):
    return render(request, "core/mfa_required.html", status=403)


def _feedback_email(statement, municipality) -> str:
    return (statement.feedback_email if statement else "") or (
        municipality.contact_email if municipality else ""
    )


@cache_public_page
@require_GET
def accessibility(request):
    """The accessibility statement; its feedback form has a page of its own."""
    municipality = current_municipality()
    statement = accessibility_statement.statement_for(municipality=municipality)
    return render(
        request,
        "core/accessibility.html",
        {
            "statement": statement,
            "feedback_email": _feedback_email(statement, municipality),
            "complaint_url": DIGG_COMPLAINT_URL,
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="5/10m", group="core.accessibility_feedback")
def accessibility_feedback(request):
    """A form that e-mails the municipality about an accessibility problem."""
    municipality = current_municipality()
    statement = accessibility_statement.statement_for(municipality=municipality)
    feedback_email = _feedback_email(statement, municipality)
    if not feedback_email:
        raise Http404
    form = AccessibilityFeedbackForm(
        request.POST or None, initial={"submission_key": new_submission_key()}
    )
    send_error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        thanks_url = reverse("core:accessibility_feedback")

        def send():
            accessibility_statement.accessibility_feedback_send(
                municipality=municipality,
                statement=statement,
                name=data["name"],
                email=data["email"],
                message=data["message"],
                page=data["page"],
            )
            return thanks_url

        try:
            url = run_once(key=data.get("submission_key"), user=request.user, action=send)
        except (accessibility_statement.FeedbackNotSent, ValidationError):
            send_error = _(
                "Your message could not be sent just now. Try again later, or e-mail us."
            )
        else:
            success_once(request, _("Thank you. Your feedback has been sent to us."))
            return redirect(url)
    return render(
        request,
        "core/accessibility_feedback.html",
        {
            "statement": statement,
            "feedback_email": feedback_email,
            "form": form,
            "send_error": send_error,
            "crumbs": [
                (_("Accessibility statement"), reverse("core:accessibility")),
                (_("Tell us about accessibility problems"), ""),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def language_switch(request):
    """Sets the language cookie and goes back to the page the visitor was on.

    A GET form, so that pages need no CSRF token for it: a page without a token
    sets no cookie and can be served from the page cache. Changing someone's
    interface language is all a forged link could do.
    """
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    next_url = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = "/"
    response = HttpResponseRedirect(iri_to_uri(next_url))
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@staff_required("municipality.manage_settings")
@require_http_methods(["GET", "POST"])
def accessibility_edit(request):
    municipality = current_municipality()
    if municipality is None:
        raise Http404
    statement = accessibility_statement.statement_for_editing(municipality=municipality)
    form = AccessibilityStatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            accessibility_statement.accessibility_statement_save(
                actor=request.user, statement=statement, data=form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            success_once(request, _("The accessibility statement has been saved."))
            return redirect("core:accessibility_edit")
    return render(request, "core/accessibility_edit.html", {"form": form, "statement": statement})


@cache_public_page
def privacy(request):
    from .privacy_facts import privacy_facts

    return render(request, "core/privacy.html", {"facts": privacy_facts()})
