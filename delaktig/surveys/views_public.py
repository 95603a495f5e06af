"""Residents answering a survey, under /enkater/.

The start page shows the introduction and the choice of language; then one page
per section (and the background questions last), each posted with a button:
next, back, or save and continue later. Every post is stored as a draft first, so
nothing typed is lost when a page has errors or the resident leaves. The last
page's button submits; its one-time key makes a second click land on the
thank-you page.

The browser session remembers the response in progress (and the invitation a
resident arrived with); an account finds its own in-progress response of a survey
that is not anonymous; anyone can come back with the resume link. Everything
works without JavaScript.
"""

import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.pagecache import cache_public_page
from delaktig.core.ratelimit import ratelimit

from . import answering, languages
from . import background as bg
from .drafts import draft_retention_days
from .forms_answer import build_section_form
from .invitations import invitation_by_token
from .models import Invitation, Response, Survey

NotAnswerable = answering.NotAnswerable
RESUME_MAILS_KEY = "survey-resume-mails"
MAX_RESUME_MAILS = 5


def _survey_or_404(pk) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("activity__dialogue__municipality"), pk=pk
    )


# --- The browser session's part ------------------------------------------------


def _session_key(survey) -> str:
    return f"survey-{survey.pk}"


def _state(request, survey) -> dict:
    return dict(request.session.get(_session_key(survey)) or {})


def _remember(request, survey, **values) -> None:
    state = _state(request, survey)
    state.update(values)
    request.session[_session_key(survey)] = state


def _forget(request, survey) -> None:
    request.session.pop(_session_key(survey), None)


def _current(request, survey):
    response = answering.in_progress(
        survey=survey, response_id=_state(request, survey).get("response")
    )
    if response is None:
        response = answering.own_response(survey=survey, user=request.user)
    return response


def _invitation_of(request, survey, response=None) -> Invitation | None:
    invitation_id = None
    if response is not None:
        invitation_id = response.invitation_id or (response.draft or {}).get(
            answering.INVITATION_KEY
        )
    invitation_id = invitation_id or _state(request, survey).get("invitation")
    if not invitation_id:
        return None
    return Invitation.objects.filter(pk=invitation_id, survey=survey).first()


# --- Pages that say no ---------------------------------------------------------


def _refusal(request, survey, reason: str, *, status: int = 200):
    if reason == NotAnswerable.LOGIN:
        return redirect_to_login(request.get_full_path())
    dialogue = survey.activity.dialogue if survey is not None else None
    return render(
        request,
        "surveys/public/not_answerable.html",
        {
            "survey": survey,
            "dialogue": dialogue,
            "dialogue_is_public": dialogue is not None and dialogue.is_public,
            "reason": reason,
            "contact_email": (dialogue.contact_email if dialogue else "")
            or (dialogue.municipality.contact_email if dialogue else ""),
        },
        status=status,
    )


# --- Language of the survey ---------------------------------------------------


def _language_choice(survey, chosen: str = ""):
    offered = languages.survey_languages(survey)
    codes = {language.code for language in offered}
    if chosen not in codes:
        interface = translation.get_language() or languages.SWEDISH
        chosen = interface if interface in codes else languages.SWEDISH
    return offered, chosen


def _texts(survey, language: str) -> dict:
    return {
        "title": languages.text_in(survey, "title", language),
        "intro": languages.text_in(survey, "intro", language),
        "thanks_text": languages.text_in(survey, "thanks_text", language),
    }


# --- Start -------------------------------------------------------------------


@cache_public_page
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="30/m", group="surveys.answer")
def start(request, pk):
    survey = _survey_or_404(pk)
    if survey.state == Survey.State.DRAFT:
        # Not open yet, and nothing of it is shown: a draft is nobody's business.
        return _refusal(request, None, NotAnswerable.CLOSED, status=404)
    response = _current(request, survey)
    invitation = _invitation_of(request, survey, response)
    try:
        answering.check_access(actor=request.user, survey=survey, invitation=invitation)
    except NotAnswerable as refusal:
        return _refusal(request, survey, refusal.reason)
    offered, chosen = _language_choice(
        survey, request.POST.get("language") or (response.language if response else "")
    )
    if request.method == "POST":
        if response is not None:
            answering.response_set_language(response=response, language=chosen)
        else:
            try:
                response = answering.response_start(
                    actor=request.user, survey=survey, language=chosen, invitation=invitation
                )
            except NotAnswerable as refusal:
                return _refusal(request, survey, refusal.reason)
        _remember(request, survey, response=str(response.pk))
        return redirect("surveys:page", pk=survey.pk, page=response.current_section + 1)
    pages = answering.pages_of(survey)
    return render(
        request,
        "surveys/public/start.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "texts": _texts(survey, chosen),
            "language": languages.get(chosen),
            "offered": offered,
            "chosen": chosen,
            "response": response,
            "page_count": pages.total,
        },
    )


# --- One page ------------------------------------------------------------------


def _page_form(survey, response, pages, number, *, data=None, initial=None):
    if pages.is_background(number):
        return bg.BackgroundForm(
            data,
            initial=initial,
            municipality=answering.municipality_of(survey),
            districts=pages.districts(),
        )
    section = pages.section(number)
    return build_section_form(
        section,
        response.language,
        data=data,
        answers_so_far=answering.conditions_before(response, pages.sections, number - 1),
        questions=section.questions.all(),
        initial=initial,
        districts=pages.districts_for(number),
    )


def _first_page_response(request, survey):
    """Page 1 opened straight from the survey's page (a GET form, so that page needs
    no CSRF token and can be served from the page cache): nothing is stored until
    the resident posts the page; then the response is started as "Start" would."""
    if survey.state == Survey.State.DRAFT:
        return _refusal(request, None, NotAnswerable.CLOSED, status=404)
    invitation = _invitation_of(request, survey)
    try:
        answering.check_access(actor=request.user, survey=survey, invitation=invitation)
    except NotAnswerable as refusal:
        return _refusal(request, survey, refusal.reason)
    _offered, chosen = _language_choice(
        survey, request.POST.get("language") or request.GET.get("language", "")
    )
    if request.method != "POST":
        return Response(survey=survey, language=chosen)
    try:
        response = answering.response_start(
            actor=request.user, survey=survey, language=chosen, invitation=invitation
        )
    except NotAnswerable as refusal:
        return _refusal(request, survey, refusal.reason)
    _remember(request, survey, response=str(response.pk))
    return response


def _submission_key(request) -> str:
    try:
        return str(uuid.UUID(request.POST.get("submission_key", "")))
    except ValueError:
        return str(uuid.uuid4())


@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="30/m", group="surveys.answer")
def page(request, pk, page):
    survey = _survey_or_404(pk)
    if request.method == "POST" and request.POST.get("action") == "submit":
        # A second click on "Send" (or a resend) finds the first one stored.
        response, done = answering.in_progress_or_submitted(
            survey=survey,
            response_id=_state(request, survey).get("response"),
            key=_submission_key(request),
        )
        if done is not None:
            return redirect(_thanks_url(survey, done.language))
        if response is None:
            response = answering.own_response(survey=survey, user=request.user)
    else:
        response = _current(request, survey)
    if response is None:
        if page != 1:
            return redirect("surveys:start", pk=survey.pk)
        response = _first_page_response(request, survey)
        if not isinstance(response, Response):
            return response  # a refusal
    if not answering.is_open(survey):
        return _refusal(request, survey, NotAnswerable.CLOSED)
    if survey.access == Survey.Access.LOGIN and not request.user.is_authenticated:
        return _refusal(request, survey, NotAnswerable.LOGIN)
    pages = answering.pages_of(survey)
    if pages.total == 0:
        return _refusal(request, survey, NotAnswerable.CLOSED)
    if not 1 <= page <= pages.total:
        return redirect("surveys:page", pk=survey.pk, page=min(max(page, 1), pages.total))
    key = pages.key(page)
    submission_key = _submission_key(request) if request.method == "POST" else str(uuid.uuid4())

    too_large = False
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action in ("back", "save"):
            try:
                answering.response_save_page(
                    response=response,
                    page_key=key,
                    data=request.POST,
                    next_page=page if action == "save" else max(page - 1, 1),
                    pages=pages,
                )
            except answering.DraftTooLarge:
                too_large = True
        if too_large:
            form = _page_form(survey, response, pages, page, data=request.POST)
            form.is_valid()
        elif action == "save":
            return _saved(request, survey, response)
        elif action == "back":
            if page == 1:
                return redirect("surveys:start", pk=survey.pk)
            return redirect("surveys:page", pk=survey.pk, page=page - 1)
        else:
            form = _page_form(survey, response, pages, page, data=request.POST)
            valid = form.is_valid()
            submitting = valid and page == pages.total
            try:
                answering.response_save_page(
                    response=response,
                    page_key=key,
                    data=request.POST,
                    next_page=page + 1 if valid and page < pages.total else page,
                    pages=pages,
                    # The submit below stores the answers and clears the draft; the
                    # draft is stored only if the submit does not go through.
                    commit=not submitting,
                )
            except answering.DraftTooLarge:
                too_large = True
            if valid and not too_large:
                if page < pages.total:
                    return redirect("surveys:page", pk=survey.pk, page=page + 1)
                try:
                    submitted = answering.response_submit(
                        actor=request.user,
                        response=response,
                        submission_key=submission_key,
                        pages=pages,
                    )
                except answering.Incomplete as incomplete:
                    answering.response_save_draft(response=response)
                    url = reverse("surveys:page", kwargs={"pk": survey.pk, "page": incomplete.page})
                    return redirect(f"{url}?kontrollera=1")
                except NotAnswerable as refusal:
                    answering.response_save_draft(response=response)
                    return _refusal(request, survey, refusal.reason)
                _forget(request, survey)
                return redirect(_thanks_url(survey, submitted.language))
    elif "kontrollera" in request.GET:
        # Sent back here by the submit: show what is missing.
        form = _page_form(survey, response, pages, page, data=answering.draft_data(response, key))
        form.is_valid()
    else:
        form = _page_form(
            survey, response, pages, page, initial=answering.draft_initial(response, key)
        )

    language = languages.get(response.language)
    section = None if pages.is_background(page) else pages.section(page)
    return render(
        request,
        "surveys/public/page.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "texts": _texts(survey, response.language),
            "language": language,
            "form": form,
            "number": page,
            "total": pages.total,
            "is_last": page == pages.total,
            "is_background": section is None,
            "section_title": languages.text_in(section, "title", response.language)
            if section
            else bg.TITLE,
            "section_description": languages.text_in(section, "description", response.language)
            if section
            else bg.WHY,
            "submission_key": submission_key,
            # Not started yet: the post carries the chosen language to start with.
            "unstarted_language": response.language if response.pk is None else "",
            # The page's answers were not stored; the form below still holds them.
            "draft_too_large": too_large,
        },
    )


# --- Save and continue later ------------------------------------------------------


def _saved(request, survey, response, *, secret=None, sent_to="", error=""):
    secret = secret or answering.response_resume_secret(response=response)
    return render(
        request,
        "surveys/public/saved.html",
        {
            "survey": survey,
            "dialogue": survey.activity.dialogue,
            "texts": _texts(survey, response.language),
            "resume_url": request.build_absolute_uri(reverse("surveys:resume", args=[secret])),
            "secret": secret,
            "sent_to": sent_to,
            "error": error,
            "email": request.POST.get("email", "") if error else "",
            "closes_at": survey.closes_at,
            "retention_days": draft_retention_days(),
        },
    )


@require_http_methods(["POST"])
def email_resume_link(request, pk):
    """E-mail the resume link to the address typed. Sent here and now, not through
    the task queue, so that the address is not stored anywhere."""
    survey = _survey_or_404(pk)
    secret = request.POST.get("secret", "")
    response = answering.response_by_resume_secret(secret)
    if response is None or response.survey_id != survey.pk:
        return _refusal(request, survey, NotAnswerable.GONE, status=404)
    email = (request.POST.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        error = (
            _("Write your e-mail address.")
            if not email
            else _("Write the e-mail address like this: namn@exempel.se")
        )
        return _saved(request, survey, response, secret=secret, error=error)
    # The page is open to anyone: it must not become a way to send mail in bulk.
    counter = f"{RESUME_MAILS_KEY}:{response.pk}"
    cache.add(counter, 0, timeout=24 * 60 * 60)
    if cache.incr(counter) > MAX_RESUME_MAILS:
        error = _("You have asked for the link many times. Copy the link on this page instead.")
        return _saved(request, survey, response, secret=secret, error=error)
    url = request.build_absolute_uri(reverse("surveys:resume", args=[secret]))
    context = {
        "survey": survey,
        "texts": _texts(survey, response.language),
        "url": url,
        "closes_at": survey.closes_at,
        "retention_days": draft_retention_days(),
        "municipality": survey.activity.dialogue.municipality,
    }
    subject = " ".join(render_to_string("surveys/email/resume_subject.txt", context).split())
    body = render_to_string("surveys/email/resume.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return _saved(request, survey, response, secret=secret, sent_to=email)


@require_safe
def resume(request, secret):
    response = answering.response_by_resume_secret(secret)
    if response is None:
        return _refusal(request, None, "resume_invalid", status=404)
    survey = response.survey
    if not answering.is_open(survey):
        return _refusal(request, survey, NotAnswerable.CLOSED)
    _remember(request, survey, response=str(response.pk))
    return redirect("surveys:page", pk=survey.pk, page=response.current_section + 1)


# --- Invitations ------------------------------------------------------------------


@require_safe
def invitation(request, token):
    """The link in a personal invitation. Opening it writes nothing (e-mail scanners
    open links too); it remembers the invitation for this browser and shows the start."""
    found = invitation_by_token(token)
    if found is None:
        return _refusal(request, None, "invitation_invalid", status=404)
    survey = found.survey
    if found.answered:
        return _refusal(request, survey, NotAnswerable.INVITATION_USED)
    if not answering.is_open(survey):
        return _refusal(request, survey, NotAnswerable.CLOSED)
    current = _current(request, survey)
    if current is not None and _invitation_of(request, survey, current) != found:
        _forget(request, survey)  # another invitation's or nobody's draft
    _remember(request, survey, invitation=found.pk)
    if not survey.anonymous:
        started = found.response if hasattr(found, "response") else None
        if started is not None and started.status == started.Status.IN_PROGRESS:
            _remember(request, survey, response=str(started.pk))
    return redirect("surveys:start", pk=survey.pk)


# --- Thank you ---------------------------------------------------------------------


def _thanks_url(survey, language) -> str:
    url = reverse("surveys:thanks", kwargs={"pk": survey.pk})
    return f"{url}?sprak={language}" if language and language != languages.SWEDISH else url


@cache_public_page
@require_safe
def thanks(request, pk):
    survey = _survey_or_404(pk)
    if survey.state == Survey.State.DRAFT:
        raise Http404
    _offered, chosen = _language_choice(survey, request.GET.get("sprak", ""))
    dialogue = survey.activity.dialogue
    return render(
        request,
        "surveys/public/thanks.html",
        {
            "survey": survey,
            "dialogue": dialogue,
            "dialogue_is_public": dialogue.is_public,
            "texts": _texts(survey, chosen),
            "language": languages.get(chosen),
        },
    )
