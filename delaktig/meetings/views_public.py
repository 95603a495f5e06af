"""Public meeting pages: the calendar, one meeting, calendar files, registering and cancelling.

Open to everyone; registering needs no account. Only meetings of dialogues in
public states are shown: any other meeting's address answers 404.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.idempotency import new_submission_key, run_once
from delaktig.core.pagecache import cache_public_page
from delaktig.core.ratelimit import ratelimit
from delaktig.municipality.selectors import current_municipality

from . import ics, selectors, services
from .forms import MeetingFilterForm, RegistrationForm
from .models import Meeting, Registration


def _meeting_or_404(pk) -> Meeting:
    try:
        return selectors.public_meeting(pk=pk, municipality=current_municipality())
    except Meeting.DoesNotExist:
        raise Http404 from None


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@cache_public_page
@require_safe
def meeting_list(request):
    municipality = current_municipality()
    form = MeetingFilterForm(request.GET or None, municipality=municipality)
    district = form.district() if request.GET else None
    meetings = selectors.public_meetings(municipality=municipality, district=district)
    return render(
        request,
        "meetings/public/list.html",
        {
            "form": form,
            "district": district,
            "months": selectors.calendar_months(meetings),
            "meeting_count": len(meetings),
        },
    )


@cache_public_page
@require_safe
def meeting_detail(request, pk):
    meeting = _meeting_or_404(pk)
    return render(
        request,
        "meetings/public/detail.html",
        {
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "facts": ics.accessibility_facts(meeting),
            "may_register": request.user.has_perm("meetings.register", meeting),
        },
    )


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_public_page
@require_safe
def meeting_ics(request, pk):
    meeting = _meeting_or_404(pk)
    content = ics.calendar_bytes([meeting], base_url=_base_url(request))
    return _calendar_response(content, f"mote-{meeting.pk}.ics")


@cache_public_page
@require_safe
def meeting_feed(request):
    meetings = selectors.public_meetings(municipality=current_municipality())
    municipality = current_municipality()
    name = _("Meetings – %(municipality)s") % {
        "municipality": municipality.name if municipality else "Delaktig"
    }
    content = ics.calendar_bytes(meetings, base_url=_base_url(request), name=name)
    response = _calendar_response(content, "moten.ics")
    # A subscribed calendar is fetched, not saved: show it inline.
    response["Content-Disposition"] = 'inline; filename="moten.ics"'
    return response


@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="10/m")
def register(request, pk):
    meeting = _meeting_or_404(pk)
    if not request.user.has_perm("meetings.register", meeting):
        return render(
            request,
            "meetings/public/register_closed.html",
            {"meeting": meeting, "dialogue": meeting.activity.dialogue},
        )
    initial = {"submission_key": new_submission_key()}
    if request.user.is_authenticated:
        initial.update(name=request.user.name, email=request.user.email)
    form = RegistrationForm(request.POST or None, initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        language = translation.get_language() or settings.LANGUAGE_CODE

        def store():
            registration, created = services.registration_create(
                actor=request.user,
                meeting=meeting,
                data=form.registration_data(),
                language=language,
            )
            if created:
                return reverse("meetings:registered", args=[registration.token])
            # Someone else may have typed this address: say it is registered, show nothing of it.
            return reverse("meetings:already_registered", args=[meeting.pk])

        try:
            url = run_once(
                key=form.cleaned_data.get("submission_key"), user=request.user, action=store
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect(url)
    return render(
        request,
        "meetings/public/register.html",
        {
            "form": form,
            "meeting": meeting,
            "dialogue": meeting.activity.dialogue,
            "facts": ics.accessibility_facts(meeting),
        },
    )


def _registration_or_404(token) -> Registration:
    try:
        registration = selectors.registration_by_token(token=token)
    except Registration.DoesNotExist:
        raise Http404 from None
    if registration.purged_at is not None:
        raise Http404  # nothing personal is left to show
    return registration


@require_safe
def registered(request, token):
    registration = _registration_or_404(token)
    meeting = registration.meeting
    return render(
        request,
        "meetings/public/registered.html",
        {
            "registration": registration,
            "meeting": meeting,
            "dialogue": meeting.activity.dialogue,
            "needs": selectors.need_labels(registration.needs),
            "facts": ics.accessibility_facts(meeting),
        },
    )


@require_safe
def already_registered(request, pk):
    meeting = _meeting_or_404(pk)
    return render(
        request,
        "meetings/public/already_registered.html",
        {"meeting": meeting, "dialogue": meeting.activity.dialogue},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/m")
def cancel(request, token):
    """A page with a button: a link alone never cancels, since e-mail scanners
    and link previews open links."""
    registration = _registration_or_404(token)
    meeting = registration.meeting
    error = ""
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        try:
            registration = services.registration_cancel(
                actor=request.user, registration=registration, token=token
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("meetings:cancel", token=token)
    return render(
        request,
        "meetings/public/cancel.html",
        {
            "registration": registration,
            "meeting": meeting,
            "dialogue": meeting.activity.dialogue,
            "has_started": meeting.starts_at <= timezone.now(),
            "error": error,
        },
    )
