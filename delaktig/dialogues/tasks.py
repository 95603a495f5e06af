from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def notify_followers(dialogue_id: int, state: str) -> int:
    """E-mail everyone following a dialogue that it has moved to a new public state.

    Runs in the background worker; each follower gets the mail in their own language.
    """
    from .models import Dialogue, Follow

    dialogue = Dialogue.objects.select_related("municipality").get(pk=dialogue_id)
    if dialogue.state != state:
        return 0  # moved on again before the worker got here
    if state == "fed_back":
        from delaktig.results.models import Feedback

        if Feedback.objects.filter(dialogue=dialogue, published_at__isnull=False).exists():
            return 0  # the published feedback was already e-mailed to them
    follows = Follow.objects.filter(dialogue=dialogue).select_related("user")
    base = getattr(settings, "DELAKTIG_BASE_URL", "").rstrip("/")
    url = base + reverse("dialogues:public_detail", args=[dialogue.slug])
    messages = []
    for follow in follows:
        with translation.override(follow.user.language or settings.LANGUAGE_CODE):
            context = {"dialogue": dialogue, "url": url, "user": follow.user}
            subject = render_to_string("dialogues/email/state_changed_subject.txt", context)
            body = render_to_string("dialogues/email/state_changed.txt", context)
        messages.append(
            (" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [follow.user.email])
        )
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
