"""Background work for surveys: invitation and reminder e-mails, and the daily reminders.

The services queue one task per invitation after commit; the worker sends them.
The secret of an invitation link is made inside the task, just before the e-mail
goes out (see ``invitations.py``), so it is never stored, not even in the queue.
Reminders also have a management command for a daily timer, since the task
worker does not schedule by itself.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

KINDS = ("invitation", "reminder")


def absolute(path: str) -> str:
    return settings.DELAKTIG_BASE_URL.rstrip("/") + path


def invitation_email(invitation, secret: str, kind: str) -> tuple[str, str]:
    """(subject, body) of an invitation or a reminder, in Swedish (the municipality's
    language; the survey page offers the others)."""
    survey = invitation.survey
    dialogue = survey.activity.dialogue
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "survey": survey,
            "dialogue": dialogue,
            "municipality": dialogue.municipality,
            "url": absolute(reverse("surveys:invitation", args=[secret])),
            "closes_at": survey.closes_at,
        }
        subject = render_to_string("surveys/email/invitation_subject.txt", context)
        body = render_to_string("surveys/email/invitation.txt", context)
    return " ".join(subject.split()), body


@task()
def send_survey_invitation(invitation_id: int, kind: str = "invitation") -> int:
    """E-mail one invitation (or a reminder) with a new single-use link."""
    from .invitations import invitation_issue_link

    if kind not in KINDS:
        return 0
    invitation, secret = invitation_issue_link(
        invitation_id=invitation_id, reminder=kind == "reminder"
    )
    if invitation is None:
        return 0  # answered, removed or purged before the worker got here
    subject, body = invitation_email(invitation, secret, kind)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


@task()
def send_survey_reminders() -> int:
    from .invitations import reminders_send_all

    return reminders_send_all()
