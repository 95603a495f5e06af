"""Meetings for staff, under /hantera/moten/: the list, the meeting details, the registrations.

Every view is wrapped in ``staff_required`` and checks the meeting's dialogue with
``meetings.run_meeting`` once loaded: officials of the dialogue's unit and
administrators see who registered and what they need.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from delaktig.core.pagination import paginate
from delaktig.core.permissions import require_object_permission, staff_required
from delaktig.dialogues.models import Activity

from . import ics, selectors, services
from .forms import MeetingForm
from .models import Meeting, Registration

VIEW = "meetings.view_meetings"
RUN = "meetings.run_meeting"
Status = Registration.Status


@staff_required(VIEW)
@require_safe
def meeting_list(request):
    user = request.user
    upcoming = selectors.mark_for_staff(
        selectors.staff_meetings(user=user, upcoming=True), user=user
    )
    page = paginate(request, selectors.staff_meetings(user=user, upcoming=False))
    page.object_list = selectors.mark_for_staff(page.object_list, user=user)
    return render(
        request,
        "meetings/staff/list.html",
        {
            "upcoming": upcoming,
            "page": page,
            "without_details": selectors.activities_without_meeting(user=user),
        },
    )


@staff_required(VIEW)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, activity_pk):
    try:
        activity = selectors.activity_for_staff(pk=activity_pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, activity)
    if activity.method.registry_key != "meetings":
        raise Http404
    meeting = Meeting.objects.filter(activity=activity).first()
    initial = {}
    if meeting is None:
        # A new meeting starts from what the plan already says about the activity.
        initial = {"date": activity.starts_on, "venue": activity.place}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(
                actor=request.user, activity=activity, data=form.meeting_data()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    target = {"starts_at": "start_time", "ends_at": "end_time"}.get(field, field)
                    form.add_error(target if target in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The meeting details have been saved."))
            return redirect("meeting_staff:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/staff/edit.html",
        {"form": form, "activity": activity, "dialogue": activity.dialogue, "meeting": meeting},
    )


@staff_required(VIEW)
@require_safe
def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_for_staff(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    require_object_permission(request, RUN, meeting)
    registrations = list(meeting.registrations.all())
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Status.WAITING]
    cancelled = [r for r in registrations if r.status == Status.CANCELLED]
    for registration in registrations:
        registration.need_labels = selectors.need_labels(registration.needs)
    return render(
        request,
        "meetings/staff/detail.html",
        {
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled_count": len(cancelled),
            "needs": selectors.needs_summary(confirmed),
            "waiting_needs": selectors.needs_summary(waiting),
            "facts": ics.accessibility_facts(meeting),
            "purged": meeting.registrations_purged_at is not None,
        },
    )
