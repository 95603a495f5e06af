"""How long a consultation choice stays tied to the account that made it.

The account is on a choice only so that each account chooses once while the
consultation is open. Once the dialogue has been evaluated (or archived) and its
own ``retention_days`` have passed, the link goes: the choice, its reason and
the background answers stay as the municipality's record, and the results are
counted as before. A reason given while logged in is also a Contribution whose
author stays until the account is deleted, so the resident can still follow
what happened to it on "Mina sidor".

Run daily by ``manage.py purge_personal_data`` (privacy/retention.py).
"""

import logging

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone

from delaktig.dialogues.models import Dialogue
from delaktig.dialogues.selectors import dialogues_past_retention

from .models import Choice

logger = logging.getLogger(__name__)


def consultation_choices_unlink(*, now=None) -> tuple[int, int]:
    """Unlink from their accounts the choices of dialogues evaluated more than
    ``retention_days`` ago. Returns (dialogues, choices); each dialogue gets an
    audit entry with the count (never whose), and a log line gives the same."""
    now = now or timezone.now()
    linked = Choice.objects.filter(user__isnull=False)
    due = dialogues_past_retention(
        now=now, among=linked.values("consultation__activity__dialogue_id")
    )
    dialogues = choices = 0
    for dialogue_id in due:
        with transaction.atomic():
            dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
            # The one-time key goes too: the link is what the purge removes, and a
            # key is worth nothing once nobody can choose any more.
            count = linked.filter(consultation__activity__dialogue=dialogue).update(
                user=None, submission_key=""
            )
            if not count:
                continue
            LogEntry.objects.log_create(
                dialogue,
                force_log=True,
                action=LogEntry.Action.UPDATE,
                changes={"consultation_choices_unlinked": ["0", str(count)]},
            )
        dialogues += 1
        choices += count
        logger.info(
            "Unlinked %s consultation choices of dialogue %s from their accounts, "
            "evaluated more than %s days ago",
            count,
            dialogue.pk,
            dialogue.retention_days,
        )
    return dialogues, choices
