from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


def committee_recipients(dialogue) -> list[tuple[str, str, str]]:
    """The owner committee's representatives: (address, language, name), one per address."""
    from delaktig.municipality.models import RoleAssignment

    if not dialogue.owner_committee_id:
        return []
    assignments = (
        RoleAssignment.objects.filter(
            unit_id=dialogue.owner_committee_id,
            role=RoleAssignment.Role.REPRESENTATIVE,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    seen = {}
    for assignment in assignments:
        user = assignment.user
        key = user.email.strip().lower()
        if key not in seen:
            seen[key] = (user.email, user.language or settings.LANGUAGE_CODE, user.name)
    return list(seen.values())


@task()
def send_report(version_id: int) -> int:
    """E-mail a published report version to the owner committee's representatives,
    once: the mailing is claimed first, so a retried task never mails twice."""
    from .models import ReportVersion

    with transaction.atomic():
        claimed = ReportVersion.objects.filter(pk=version_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    if not claimed:
        return 0
    version = ReportVersion.objects.select_related(
        "report__dialogue__municipality", "report__dialogue__owner_committee"
    ).get(pk=version_id)
    dialogue = version.report.dialogue
    base = getattr(settings, "DELAKTIG_BASE_URL", "").rstrip("/")
    url = base + reverse("reports:version", args=[dialogue.slug, version.number])
    messages = []
    for address, language, name in committee_recipients(dialogue):
        with translation.override(language):
            context = {
                "dialogue": dialogue,
                "version": version,
                "url": url,
                "name": name,
                "summary": version.snapshot.get("texts", {}).get("summary", ""),
            }
            subject = render_to_string("reports/email/report_subject.txt", context)
            body = render_to_string("reports/email/report.txt", context)
        messages.append((" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address]))
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        ReportVersion.objects.filter(pk=version_id).update(emailed_at=None)
        raise
    ReportVersion.objects.filter(pk=version_id).update(recipient_count=len(messages))
    return len(messages)
