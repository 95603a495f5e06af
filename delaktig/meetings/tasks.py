"""Background work for meetings: registration e-mails, reminders and the retention purge.

Services queue the e-mails after commit; the worker (``make run``) sends them. The
reminders and the purge also have management commands for a daily timer (cron or
a systemd timer), since the task worker does not schedule by itself.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

KINDS = ("confirmed", "waiting", "promoted", "reminder", "changed")


def absolute(path: str) -> str:
    return settings.DELAKTIG_BASE_URL.rstrip("/") + path


def registration_email(registration, kind: str, language: str = "") -> tuple[str, str]:
    """(subject, body) of a registration e-mail, in the person's language."""
    from .selectors import need_labels

    meeting = registration.meeting
    language = (
        language
        or registration.language
        or (registration.user.language if registration.user else "")
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "registration": registration,
            "meeting": meeting,
            "activity": meeting.activity,
            "dialogue": meeting.activity.dialogue,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "needs": need_labels(registration.needs),
            "meeting_url": absolute(reverse("meetings:detail", args=[meeting.pk])),
            "ics_url": absolute(reverse("meetings:ics", args=[meeting.pk])),
            "cancel_url": absolute(reverse("meetings:cancel", args=[registration.token])),
        }
        subject = render_to_string("meetings/email/registration_subject.txt", context)
        body = render_to_string("meetings/email/registration.txt", context)
    return " ".join(subject.split()), body


@task()
def send_registration_email(registration_id: int, kind: str, language: str = "") -> int:
    """E-mail one registrant: confirmed, on the waiting list, moved up from the
    waiting list, a reminder, or a changed time or place."""
    from .models import Registration

    registration = (
        Registration.objects.select_related("meeting__activity__dialogue__municipality", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.email or kind not in KINDS:
        return 0  # purged or erased before the worker got here
    if kind != "changed" and registration.status == Registration.Status.CANCELLED:
        return 0
    subject, body = registration_email(registration, kind, language)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])


@task()
def send_meeting_reminders() -> int:
    from .services import meeting_reminders_send

    return meeting_reminders_send()


@task()
def purge_meeting_registrations() -> int:
    from .services import meeting_registrations_purge

    _meetings, registrations = meeting_registrations_purge()
    return registrations
