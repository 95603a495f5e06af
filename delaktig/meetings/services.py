"""Every write to meetings and registrations.

Functions take the acting person, check permission, validate, write in one
transaction inside ``acting_as`` and send e-mails only after commit (through the
tasks in ``tasks.py``, so the background worker does the sending).

Registrations are deliberately not copied into the audit log (see apps.py): the
log would keep the personal data that the retention purge deletes. Meetings are
logged, so the purge leaves a trace on the meeting.
"""

import datetime
import logging
import secrets

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from .models import Meeting, Need, Registration, default_retention_days
from .rules import registration_is_open

logger = logging.getLogger(__name__)
Status = Registration.Status

MEETING_FIELDS = {
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "step_free_access",
    "hearing_loop",
    "accessible_toilet",
    "public_transport",
    "online_url",
    "capacity",
    "languages",
    "registration_required",
    "retention_days",
}
# Changing these after people have registered is news to them.
NOTIFY_ON_CHANGE = ("starts_at", "ends_at", "venue", "address", "online_url")

REGISTRATION_FIELDS = {
    "name",
    "email",
    "phone",
    "needs",
    "interpreter_language",
    "dietary_details",
    "other_needs",
}
PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "interpreter_language",
    "dietary_details",
    "other_needs",
)

# Reminders go to meetings starting between 24 and 48 hours from now: a daily run
# then reaches every meeting exactly once, about a day or two ahead.
REMINDER_FROM = datetime.timedelta(hours=24)
REMINDER_UNTIL = datetime.timedelta(hours=48)


def _require(actor, permission, obj=None):
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied


def _email_after_commit(registration_ids, kind, language=""):
    from . import tasks

    ids = list(registration_ids)
    if not ids:
        return

    def send():
        for registration_id in ids:
            tasks.send_registration_email.enqueue(registration_id, kind, language)

    transaction.on_commit(send)


def _fill_places(meeting: Meeting) -> list[int]:
    """Move people from the waiting list to the free places, first come first served.

    The caller holds the meeting row locked. Returns the promoted registrations' ids.
    """
    if meeting.starts_at <= timezone.now():
        return []
    waiting = Registration.objects.filter(meeting=meeting, status=Status.WAITING).order_by(
        "created_at", "pk"
    )
    if meeting.capacity is not None:
        confirmed = Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).count()
        free = max(meeting.capacity - confirmed, 0)
        waiting = waiting[:free]
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        Registration.objects.filter(pk__in=ids).update(status=Status.CONFIRMED)
    return ids


# --- Meeting details ---------------------------------------------------------


@transaction.atomic
def meeting_save(*, actor, activity, data: dict) -> Meeting:
    """Create or change the meeting details of a meeting activity.

    More places move people up from the waiting list; a new time or place is
    e-mailed to everyone registered, and the reminder is sent again for a new time.
    """
    _require(actor, "meetings.run_meeting", activity)
    if activity.method.registry_key != "meetings":
        raise ValidationError(_("This activity is not a meeting."))
    unknown = set(data) - MEETING_FIELDS
    if unknown:
        raise ValidationError(f"Not meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().filter(activity=activity).first()
    is_new = meeting is None
    if is_new:
        meeting = Meeting(activity=activity, retention_days=default_retention_days())
    before = {name: getattr(meeting, name) for name in NOTIFY_ON_CHANGE}
    for name, value in data.items():
        setattr(meeting, name, value)
    if meeting.starts_at and meeting.ends_at and meeting.ends_at < meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting.full_clean(exclude=["activity"])
    changed = [name for name in NOTIFY_ON_CHANGE if getattr(meeting, name) != before[name]]
    if not is_new and "starts_at" in changed:
        meeting.reminder_sent_at = None
    with acting_as(actor):
        meeting.save()
        promoted = [] if is_new else _fill_places(meeting)
    _email_after_commit(promoted, "promoted")
    if not is_new and changed:
        informed = Registration.objects.filter(
            meeting=meeting, status__in=(Status.CONFIRMED, Status.WAITING)
        ).exclude(pk__in=promoted)
        _email_after_commit(informed.values_list("pk", flat=True), "changed")
    return meeting


# --- Registration ------------------------------------------------------------


def _clean_registration(data: dict) -> dict:
    unknown = set(data) - REGISTRATION_FIELDS
    if unknown:
        raise ValidationError(f"Not registration fields: {sorted(unknown)}")
    clean = {name: (data.get(name) or "") for name in REGISTRATION_FIELDS - {"needs"}}
    clean = {
        name: value.strip() if isinstance(value, str) else value for name, value in clean.items()
    }
    clean["email"] = clean["email"].lower()
    needs = [need for need in Need.values if need in (data.get("needs") or [])]
    clean["needs"] = needs
    errors = {}
    if not clean["name"]:
        errors["name"] = _("Write your name.")
    if not clean["email"]:
        errors["email"] = _("Write your e-mail address, so that we can send you the confirmation.")
    if Need.INTERPRETER in needs and not clean["interpreter_language"]:
        errors["interpreter_language"] = _("Write which language you need an interpreter for.")
    if Need.INTERPRETER not in needs:
        clean["interpreter_language"] = ""
    if Need.DIETARY in needs and not clean["dietary_details"]:
        errors["dietary_details"] = _("Write which diet you need.")
    if Need.DIETARY not in needs:
        clean["dietary_details"] = ""
    if errors:
        raise ValidationError(errors)
    return clean


def registration_create(
    *, actor, meeting: Meeting, data: dict, language: str = ""
) -> tuple[Registration, bool]:
    """Register a person for a meeting, with or without an account.

    Returns (registration, created). A second registration with the same e-mail
    address returns the live one instead of storing another (the database's unique
    constraint decides when two arrive at once). When the confirmed registrations
    fill the places, the new one goes on the waiting list. The confirmation is
    e-mailed after commit in ``language`` (the language the page was shown in).
    """
    user = actor if actor is not None and actor.is_authenticated else None
    clean = _clean_registration(data)
    live = Registration.objects.filter(meeting_id=meeting.pk, email=clean["email"]).exclude(
        status=Status.CANCELLED
    )
    # Without a savepoint of its own: any error here ends the caller's transaction
    # too (``run_once`` lets it propagate), and nothing is written before the insert,
    # which has its own savepoint below.
    with transaction.atomic(savepoint=False):
        # The lock makes concurrent registrations count the places one at a time.
        # The live registration with this address and the confirmed count (for a
        # meeting with a limit) come along in the same query.
        confirmed = (
            Registration.objects.filter(meeting_id=OuterRef("pk"), status=Status.CONFIRMED)
            .order_by()
            .values("meeting_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        meeting = (
            Meeting.objects.select_for_update()
            .select_related("activity__dialogue")
            .annotate(
                live_registration=Subquery(
                    live.filter(meeting_id=OuterRef("pk"))
                    .order_by("created_at", "pk")
                    .values("pk")[:1]
                ),
                confirmed_now=Case(
                    When(capacity__isnull=True, then=Value(None)),
                    default=Coalesce(Subquery(confirmed), 0),
                    output_field=IntegerField(),
                ),
            )
            .get(pk=meeting.pk)
        )
        if not registration_is_open.test(actor, meeting):
            raise ValidationError(_("Registration for this meeting has closed."))
        if meeting.live_registration is not None:
            return Registration.objects.get(pk=meeting.live_registration), False
        full = meeting.capacity is not None and meeting.confirmed_now >= meeting.capacity
        registration = Registration(
            meeting=meeting,
            user=user,
            status=Status.WAITING if full else Status.CONFIRMED,
            language=language,
            **clean,
        )
        # The meeting is the row locked above and the user the one signed in, so
        # their existence needs no query; the token's and the address's uniqueness
        # are the database's to enforce (an IntegrityError below).
        registration.full_clean(
            exclude=["meeting", "user"], validate_unique=False, validate_constraints=False
        )
        try:
            with transaction.atomic(), acting_as(user):
                registration.save()
        except IntegrityError:
            existing = live.first()
            if existing is None:
                raise
            return existing, False
        kind = "waiting" if full else "confirmed"
        _email_after_commit([registration.pk], kind, language)
    return registration, True


def registration_cancel(*, actor, registration: Registration, token: str = "") -> Registration:
    """Cancel a registration, by the person (holding the secret from the cancel link)
    or by staff who run the meeting. A freed place goes to the first on the waiting
    list, who is e-mailed."""
    holds_token = bool(token) and secrets.compare_digest(token, registration.token)
    if not holds_token:
        _require(actor, "meetings.run_meeting", registration.meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("The meeting has already started, so it cannot be cancelled."))
        was_confirmed = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        with acting_as(actor):
            registration.save(update_fields=["status", "cancelled_at"])
            promoted = _fill_places(meeting) if was_confirmed else []
        _email_after_commit(promoted, "promoted")
    return registration


# --- Reminders and retention -------------------------------------------------


def meeting_reminders_send(*, now=None) -> int:
    """Mark meetings starting in 24–48 hours as reminded and e-mail their confirmed
    registrants after commit. Each meeting is reminded once (``reminder_sent_at``).
    Returns the number of e-mails queued."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        reminder_sent_at__isnull=True,
        starts_at__gte=now + REMINDER_FROM,
        starts_at__lte=now + REMINDER_UNTIL,
    ).values_list("pk", flat=True)
    queued = 0
    for meeting_id in list(due):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            if meeting.reminder_sent_at is not None:
                continue  # another run got here first
            meeting.reminder_sent_at = now
            with acting_as(None):
                meeting.save(update_fields=["reminder_sent_at"])
            ids = list(
                Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).values_list(
                    "pk", flat=True
                )
            )
            _email_after_commit(ids, "reminder")
            queued += len(ids)
    if queued:
        logger.info("Queued %s meeting reminders", queued)
    return queued


def _blank_personal_data(queryset, now) -> int:
    # The needs keys and the status stay: they are not personal on their own and
    # the statistics (how many needed an interpreter) are still useful.
    return queryset.update(**dict.fromkeys(PERSONAL_FIELDS, ""), user=None, purged_at=now)


def meeting_registrations_purge(*, now=None) -> tuple[int, int]:
    """Delete the personal data of registrations when the retention period of their
    meeting has passed (``retention_days`` after the meeting ended).

    Returns (meetings, registrations) purged. Each meeting gets an audit entry
    without an actor (the system did it) with the count, and a log line gives the same.
    """
    now = now or timezone.now()
    candidates = Meeting.objects.filter(registrations_purged_at__isnull=True, ends_at__lt=now)
    due = [
        m.pk
        for m in candidates.only("pk", "ends_at", "retention_days")
        if m.ends_at + datetime.timedelta(days=m.retention_days) <= now
    ]
    meetings = registrations = 0
    for meeting_id in due:
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            if meeting.registrations_purged_at is not None:
                continue
            count = _blank_personal_data(
                Registration.objects.filter(meeting=meeting, purged_at__isnull=True), now
            )
            Meeting.objects.filter(pk=meeting.pk).update(registrations_purged_at=now)
            meeting.registrations_purged_at = now
            # One entry with the count, since registrations themselves are not logged.
            LogEntry.objects.log_create(
                meeting,
                force_log=True,
                action=LogEntry.Action.UPDATE,
                changes={
                    "registrations_purged_at": ["None", str(now)],
                    "registrations_purged": ["0", str(count)],
                },
            )
        meetings += 1
        registrations += count
        logger.info(
            "Deleted the personal data of %s registrations for meeting %s (%s)",
            count,
            meeting.pk,
            meeting,
        )
    return meetings, registrations


def registrations_erase_for_user(*, actor, user) -> int:
    """Erase a person's registrations on request (a resident's right to erasure).

    Upcoming registrations are cancelled first, so the place goes to the waiting
    list; then the personal data of all of them is blanked. Returns how many.
    """
    if actor is None or not (actor.pk == user.pk or actor.has_perm("municipality.manage_settings")):
        raise PermissionDenied
    mine = Q(user=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    now = timezone.now()
    upcoming = Registration.objects.filter(mine, meeting__starts_at__gt=now).exclude(
        status=Status.CANCELLED
    )
    for registration in upcoming.select_related("meeting"):
        registration_cancel(actor=actor, registration=registration, token=registration.token)
    with transaction.atomic(), acting_as(actor):
        return _blank_personal_data(Registration.objects.filter(mine, purged_at__isnull=True), now)
