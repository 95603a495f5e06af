"""Reads for the meeting pages, the manifest's summariser and a person's data export.

Lists load everything they show in a fixed number of queries: counts come from
annotations, the dialogue, unit, method and district from ``select_related``.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.dialogues.models import PUBLIC_STATES, Activity, State
from delaktig.municipality.selectors import user_roles

from .models import AttendanceCount, Meeting, Need, Registration

Status = Registration.Status


def _with_counts(queryset):
    """Confirmed and waiting registrations and the attendance total of each meeting.

    Attendance is summed in a subquery so that it does not multiply with the
    registration join.
    """
    attended = (
        AttendanceCount.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return queryset.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
        attended_count=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
    )


def places_left(meeting) -> int | None:
    """Free places, or None when the meeting has no limit. Needs ``confirmed_count``."""
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.confirmed_count, 0)


def _mark(meetings):
    now = timezone.now()
    for meeting in meetings:
        meeting.places_left = places_left(meeting)
        meeting.is_full = meeting.places_left == 0
        meeting.has_started = meeting.starts_at <= now
        meeting.has_ended = meeting.ends_at <= now
    return meetings


# --- Public ------------------------------------------------------------------


def public_meetings(*, municipality, district=None, now=None) -> list[Meeting]:
    """Meetings of public dialogues that have not ended, soonest first."""
    now = now or timezone.now()
    queryset = Meeting.objects.filter(
        activity__dialogue__municipality=municipality,
        activity__dialogue__state__in=PUBLIC_STATES,
        ends_at__gte=now,
    )
    if district is not None:
        queryset = queryset.filter(activity__district=district)
    queryset = _with_counts(queryset).select_related(
        "activity__dialogue", "activity__district", "activity__method"
    )
    return _mark(list(queryset.order_by("starts_at", "pk")))


def public_meeting(*, pk: int, municipality) -> Meeting:
    """One meeting of a public dialogue, or Meeting.DoesNotExist."""
    queryset = Meeting.objects.filter(
        activity__dialogue__municipality=municipality,
        activity__dialogue__state__in=PUBLIC_STATES,
    )
    meeting = (
        _with_counts(queryset)
        .select_related("activity__dialogue", "activity__district", "activity__method")
        .get(pk=pk)
    )
    return _mark([meeting])[0]


@dataclass
class Day:
    date: datetime.date
    meetings: list = field(default_factory=list)


@dataclass
class Month:
    month: datetime.date  # the first of the month
    days: list = field(default_factory=list)


def calendar_months(meetings) -> list[Month]:
    """Meetings (ordered by start) grouped by month and day, in local time."""
    months: list[Month] = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        first = day.replace(day=1)
        if not months or months[-1].month != first:
            months.append(Month(month=first))
        days = months[-1].days
        if not days or days[-1].date != day:
            days.append(Day(date=day))
        days[-1].meetings.append(meeting)
    return months


def registration_by_token(*, token: str) -> Registration:
    return Registration.objects.select_related(
        "meeting__activity__dialogue", "meeting__activity__district"
    ).get(token=token)


# --- Staff -------------------------------------------------------------------


def _staff_scope(user, queryset, dialogue_path: str):
    if user.has_perm("municipality.manage_settings"):
        return queryset
    unit_ids = {unit_id for unit_id, _role in user_roles(user=user)}
    return queryset.filter(**{f"{dialogue_path}__unit_id__in": unit_ids})


def staff_meetings(*, user, upcoming: bool, now=None):
    """Meetings of the user's units (administrators: all), upcoming soonest first or
    past latest first, with counts. Pass the rows shown through ``mark_for_staff``."""
    now = now or timezone.now()
    queryset = _staff_scope(user, Meeting.objects.all(), "activity__dialogue")
    if upcoming:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    else:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return _with_counts(queryset).select_related(
        "activity__dialogue__unit", "activity__district", "activity__method"
    )


def mark_for_staff(meetings, *, user) -> list[Meeting]:
    meetings = _mark(list(meetings))
    for meeting in meetings:
        # Roles are loaded once per request, so this asks no queries per row.
        meeting.may_run = user.has_perm("meetings.run_meeting", meeting)
    return meetings


def activities_without_meeting(*, user):
    """Meeting activities of the user's dialogues that still lack time and place."""
    queryset = Activity.objects.filter(method__registry_key="meetings", meeting__isnull=True)
    queryset = _staff_scope(user, queryset, "dialogue").exclude(dialogue__state=State.ARCHIVED)
    activities = list(
        queryset.select_related("dialogue__unit", "method").order_by("starts_on", "pk")
    )
    return [a for a in activities if user.has_perm("meetings.run_meeting", a)]


def meeting_for_staff(*, pk: int) -> Meeting:
    meeting = (
        _with_counts(Meeting.objects.all())
        .select_related(
            "activity__dialogue__unit",
            "activity__dialogue__municipality",
            "activity__district",
            "activity__method",
        )
        .get(pk=pk)
    )
    return _mark([meeting])[0]


def activity_for_staff(*, pk: int) -> Activity:
    return Activity.objects.select_related("dialogue__unit", "method", "district").get(pk=pk)


@dataclass
class NeedLine:
    key: str
    label: str
    count: int
    details: list = field(default_factory=list)  # [(text, count)], e.g. languages


def _tally(values) -> list[tuple[str, int]]:
    """Count free-text values case-insensitively, keeping the first spelling seen."""
    spelling: dict[str, str] = {}
    counter: Counter = Counter()
    for value in values:
        text = " ".join((value or "").split())
        if not text:
            continue
        key = text.casefold()
        spelling.setdefault(key, text)
        counter[key] += 1
    return [
        (spelling[key], n) for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def needs_summary(registrations) -> list[NeedLine]:
    """What the people coming need, for planning ahead: one line per need with a
    count, interpreter languages and diets tallied. Works on purged registrations
    too (the needs keys are kept; the details are not)."""
    lines = []
    for need in Need:
        having = [r for r in registrations if need.value in (r.needs or [])]
        if not having:
            continue
        details = []
        if need == Need.INTERPRETER:
            details = _tally(r.interpreter_language for r in having)
        elif need == Need.DIETARY:
            details = _tally(r.dietary_details for r in having)
        lines.append(NeedLine(need.value, need.label, len(having), details))
    other = [r for r in registrations if r.other_needs.strip()]
    if other:
        lines.append(NeedLine("other", _("Other needs"), len(other)))
    return lines


def need_labels(keys) -> list[str]:
    labels = dict(Need.choices)
    return [labels[key] for key in keys or [] if key in labels]


# --- Manifest ----------------------------------------------------------------


def _figure(key, label, value, *, people=True):
    from delaktig.core.registry import SummaryFigure
    from delaktig.results.disclosure import suppress_counts

    if not people:
        return SummaryFigure(key=key, label=label, value=value)
    cell = suppress_counts({key: value}).cells[key]
    return SummaryFigure(key=key, label=label, value=cell.value, reason=cell.reason)


def activity_figures(activity):
    """The manifest's summariser: meetings held, registered and attended (one query),
    and attendance by age band × gender (one more, only when anyone was counted).

    People counts go through disclosure control here, as the contract asks; the
    number of meetings held counts no people and is shown as it is.
    """
    from delaktig.core.demographics import AgeBand, Gender
    from delaktig.core.registry import ActivitySummary, SummaryBlock
    from delaktig.results.disclosure import disclose_table

    meeting = _with_counts(Meeting.objects.filter(activity=activity)).first()
    held = int(meeting is not None and meeting.ends_at <= timezone.now())
    registered = meeting.confirmed_count if meeting is not None else 0
    attended = meeting.attended_count if meeting is not None else 0
    summary = ActivitySummary(
        figures=[
            _figure("meetings_held", _("Meetings held"), held, people=False),
            _figure("registered", _("Registered"), registered),
            _figure("attended", _("Attended"), attended),
        ]
    )
    if attended:
        counts = {
            (age_band, gender): n
            for age_band, gender, n in AttendanceCount.objects.filter(meeting=meeting)
            .values_list("age_band", "gender")
            .annotate(n=Sum("count"))
            .order_by()
        }
        table = disclose_table(
            counts,
            rows=list(AgeBand.values),
            columns=list(Gender.values),
            row_labels=dict(AgeBand.choices),
            column_labels=dict(Gender.choices),
        )
        summary.blocks.append(
            SummaryBlock(
                key="attendance",
                title=_("Attendance by age and gender"),
                kind="table",
                table=table,
                text_summary=_(
                    "The table shows how many came, by age band and gender. Numbers "
                    "that could identify someone are hidden."
                ),
            )
        )
    return summary


def personal_data(user) -> dict:
    """Every meeting registration of a person: made while logged in, or with the
    account's (verified) e-mail address without logging in."""
    query = Q(user=user)
    if user.email:
        query |= Q(email__iexact=user.email)
    registrations = (
        Registration.objects.filter(query)
        .select_related("meeting__activity")
        .order_by("created_at", "pk")
    )
    return {
        "meeting_registrations": [
            {
                "meeting": str(r.meeting.activity),
                "starts_at": r.meeting.starts_at.isoformat(),
                "venue": r.meeting.venue,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "needs": [str(label) for label in need_labels(r.needs)],
                "interpreter_language": r.interpreter_language,
                "dietary_details": r.dietary_details,
                "other_needs": r.other_needs,
                "status": str(r.get_status_display()),
                "registered_at": r.created_at.isoformat(),
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
            }
            for r in registrations
        ]
    }
