"""Every write to decisions and feedback.

Each function takes the acting user, checks permission, writes in one transaction
inside ``acting_as`` (so the audit log names the actor) and starts e-mails only
after commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.dialogues.models import Dialogue

from .models import Decision, Feedback

DECISION_FIELDS = ("body", "decided_on", "summary", "minutes_url", "use_of_input")


def _require(actor, permission, dialogue):
    if not actor.has_perm(permission, dialogue):
        raise PermissionDenied


@transaction.atomic
def decision_save(*, actor, dialogue: Dialogue, data: dict) -> Decision:
    """Record the dialogue's decision, or correct the one already recorded."""
    _require(actor, "results.record_decision", dialogue)
    body = data.get("body")
    if body is not None and body.municipality_id != dialogue.municipality_id:
        raise ValidationError({"body": _("Choose a body in this municipality.")})
    decision = Decision.objects.filter(dialogue=dialogue).first() or Decision(dialogue=dialogue)
    for field in DECISION_FIELDS:
        if field in data:
            setattr(decision, field, data[field])
    decision.recorded_by = actor
    decision.full_clean()
    with acting_as(actor):
        decision.save()
    return decision


@transaction.atomic
def feedback_save(*, actor, dialogue: Dialogue, text: str) -> Feedback:
    """Save the feedback text. Editing published feedback changes the public page
    at once but does not mail anyone again."""
    _require(actor, "results.write_feedback", dialogue)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the feedback to the participants.")})
    feedback = Feedback.objects.select_for_update().filter(dialogue=dialogue).first()
    with acting_as(actor):
        if feedback is None:
            feedback = Feedback.objects.create(dialogue=dialogue, text=text, created_by=actor)
        elif feedback.text != text:
            feedback.text = text
            feedback.save(update_fields=["text", "updated_at"])
    return feedback


@transaction.atomic
def feedback_publish(*, actor, dialogue: Dialogue, text: str | None = None) -> Feedback:
    """Publish the feedback on the dialogue page and e-mail the participants.

    Publishing again (a double click, a second visit) keeps the first publication
    date and queues no new mailing; the task itself also mails only once.
    Publishing moves nothing in the lifecycle: officials mark the dialogue as fed
    back themselves when all feedback has been given.
    """
    _require(actor, "results.write_feedback", dialogue)
    if text is not None:
        feedback = feedback_save(actor=actor, dialogue=dialogue, text=text)
    else:
        feedback = Feedback.objects.filter(dialogue=dialogue).first()
        if feedback is None or not feedback.text.strip():
            raise ValidationError({"text": _("Write the feedback to the participants.")})
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.published_at is not None:
        return feedback
    feedback.published_at = timezone.now()
    with acting_as(actor):
        feedback.save(update_fields=["published_at", "updated_at"])
    from .tasks import send_feedback

    feedback_id = feedback.pk
    transaction.on_commit(lambda: send_feedback.enqueue(feedback_id))
    return feedback
