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


def feedback_recipients(dialogue) -> list[tuple[str, str, str]]:
    """Who hears back: (address, language, name), one per address.

    Residents who follow the dialogue, and the authors of its contributions, both
    with active accounts: following, or taking part while logged in, is how a
    resident says “tell me what happens”. Meeting registrations are NOT mailed:
    a registration carries no consent to hear back, only to be told about the
    meeting, and is purged after the meeting. A registrant with an account who
    follows the dialogue hears back as a follower.
    """
    from delaktig.accounts.models import User
    from delaktig.privacy.selectors import hear_back_withdrawn

    # An author who withdrew hearing back on "Mina uppgifter" is mailed only as a follower.
    authors = set(
        dialogue.contributions.filter(author__isnull=False).values_list("author_id", flat=True)
    ) - hear_back_withdrawn(dialogue)
    users = (
        User.objects.filter(is_active=True)
        .filter(pk__in=set(dialogue.follows.values_list("user_id", flat=True)) | authors)
        .exclude(email="")
        .order_by("pk")
    )
    seen = {}
    for user in users:
        key = user.email.strip().lower()
        if key not in seen:
            seen[key] = (user.email, user.language or settings.LANGUAGE_CODE, user.name)
    return list(seen.values())


def _evaluation_url(dialogue) -> str:
    """The address of the dialogue's own evaluation when staff switched one on: the
    feedback is the moment to ask whether participants know what happens next."""
    from delaktig.evaluations.models import Evaluation
    from delaktig.evaluations.services import form_url

    evaluation = Evaluation.objects.filter(
        dialogue=dialogue, activity__isnull=True, is_open=True
    ).first()
    return form_url(evaluation) if evaluation is not None else ""


@task()
def send_feedback(feedback_id: int) -> int:
    """E-mail the published feedback to every participant who asked to hear back,
    each in their own language. Claims the mailing first, so a retried or repeated
    task never mails twice."""
    from .models import Feedback
    from .selectors import decision_for

    with transaction.atomic():
        claimed = Feedback.objects.filter(
            pk=feedback_id, published_at__isnull=False, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
    if not claimed:
        return 0
    feedback = Feedback.objects.select_related("dialogue", "dialogue__municipality").get(
        pk=feedback_id
    )
    dialogue = feedback.dialogue
    decision = decision_for(dialogue)
    base = getattr(settings, "DELAKTIG_BASE_URL", "").rstrip("/")
    url = base + reverse("dialogues:public_detail", args=[dialogue.slug])
    evaluation_url = _evaluation_url(dialogue)
    messages = []
    for address, language, name in feedback_recipients(dialogue):
        with translation.override(language):
            context = {
                "dialogue": dialogue,
                "feedback": feedback,
                "decision": decision,
                "url": url,
                "evaluation_url": evaluation_url,
                "name": name,
            }
            subject = render_to_string("results/email/feedback_subject.txt", context)
            body = render_to_string("results/email/feedback.txt", context)
        messages.append((" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address]))
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        # Nothing was confirmed sent: release the claim so the task can be run again.
        Feedback.objects.filter(pk=feedback_id).update(emailed_at=None)
        raise
    Feedback.objects.filter(pk=feedback_id).update(recipient_count=len(messages))
    return len(messages)
