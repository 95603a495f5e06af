"""Panel e-mails: the welcome after joining and the invitation to a survey."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


def absolute(path: str) -> str:
    return settings.DELAKTIG_BASE_URL.rstrip("/") + path


def _mail(template: str, context: dict, to: str, language: str) -> int:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"panel/email/{template}_subject.txt", context)
        body = render_to_string(f"panel/email/{template}.txt", context)
    return send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_welcome(member_id: int) -> int:
    from .models import PanelMember

    member = (
        PanelMember.objects.select_related("user", "panel__municipality")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        return 0  # left before the worker got here
    context = {
        "member": member,
        "panel": member.panel,
        "municipality": member.panel.municipality,
        "profile_url": absolute(reverse("panel:profile")),
    }
    return _mail("welcome", context, member.user.email, member.user.language)


@task()
def send_panel_invitation(invitation_id: int) -> int:
    """E-mail a drawn member their link to the survey (made here, stored nowhere)."""
    from delaktig.surveys.invitations import invitation_issue_link

    from .models import PanelInvitation

    invitation, secret = invitation_issue_link(invitation_id=invitation_id)
    if invitation is None:
        return 0  # answered, or the member left and the address is gone
    panel_invitation = (
        PanelInvitation.objects.select_related("member__user", "sample__panel__municipality")
        .filter(invitation_id=invitation_id)
        .first()
    )
    if panel_invitation is None:
        return 0
    PanelInvitation.objects.filter(pk=panel_invitation.pk).update(sent_at=timezone.now())
    survey = invitation.survey
    context = {
        "survey": survey,
        "municipality": panel_invitation.sample.panel.municipality,
        "answer_url": absolute(reverse("surveys:invitation", args=[secret])),
        "closes_at": survey.closes_at,
        "profile_url": absolute(reverse("panel:profile")),
    }
    user = panel_invitation.member.user
    return _mail("invitation", context, invitation.email, user.language)
