"""How long a survey response stays tied to the account or invitation that gave it.

A response to a survey that is not anonymous holds the account (or the personal
invitation) so that staff can see who answered while the dialogue runs, and every
account that answers, anonymous survey or not, gets a ``SurveyParticipant`` row so
that it answers once. Neither is needed once the dialogue has been evaluated (or
archived) and its own ``retention_days`` have passed: then the responses lose the
account, the invitation and the time of day, and the ``SurveyParticipant`` rows are
deleted. The answers, the background answers and the date stay as the
municipality's record; results and downloads are made from them as before (the
download's name and e-mail columns are empty from then on). Free texts are also
Contributions whose author stays until the account is deleted, so the resident can
still follow what happened to them on "Mina sidor".

A survey that can still be answered (left open in an evaluated dialogue) is left
alone until it closes: without its ``SurveyParticipant`` rows an account could
answer again.

Run daily by ``manage.py purge_personal_data`` (privacy/retention.py).
"""

import datetime
import logging

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from delaktig.dialogues.models import Dialogue
from delaktig.dialogues.selectors import dialogues_past_retention

from .answering import is_open
from .models import Response, Survey, SurveyParticipant

logger = logging.getLogger(__name__)


def _linked_responses():
    return Response.objects.filter(status=Response.Status.SUBMITTED).filter(
        Q(user__isnull=False) | Q(invitation__isnull=False)
    )


def _surveys_with_links():
    # EXISTS rather than joins: joining both tables would multiply a large
    # survey's participants by its responses.
    return Survey.objects.filter(
        Exists(SurveyParticipant.objects.filter(survey=OuterRef("pk")))
        | Exists(_linked_responses().filter(survey=OuterRef("pk")))
    )


def _unlink(survey) -> tuple[int, int]:
    """(responses unlinked, participant rows deleted) for one survey."""
    linked = _linked_responses().filter(survey=survey)
    responses = 0
    for day in linked.values_list("submitted_on", flat=True).distinct().order_by():
        fields = {"user": None, "invitation": None, "submission_key": ""}
        if day is not None:
            # Only the date, as for an anonymous response: a time of day could be
            # matched against other logs.
            fields["updated_at"] = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time())
            )
        responses += linked.filter(submitted_on=day).update(**fields)
    participants = SurveyParticipant.objects.filter(survey=survey).delete()[0]
    return responses, participants


def survey_responses_unlink(*, now=None) -> tuple[int, int, int]:
    """Unlink the submitted responses of dialogues evaluated more than
    ``retention_days`` ago from their accounts and invitations, and delete the
    record of which accounts answered. Returns (dialogues, responses, participant
    rows); each dialogue gets an audit entry with the counts (never whose), and a
    log line gives the same."""
    now = now or timezone.now()
    due = dialogues_past_retention(
        now=now, among=_surveys_with_links().values("activity__dialogue_id")
    )
    dialogues = responses = participants = 0
    for dialogue_id in due:
        with transaction.atomic():
            dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
            surveys = _surveys_with_links().filter(activity__dialogue=dialogue)
            unlinked = deleted = 0
            for survey in surveys.select_related("activity__dialogue"):
                if is_open(survey, now):
                    continue
                counts = _unlink(survey)
                unlinked += counts[0]
                deleted += counts[1]
            if not (unlinked or deleted):
                continue
            LogEntry.objects.log_create(
                dialogue,
                force_log=True,
                action=LogEntry.Action.UPDATE,
                changes={
                    "survey_responses_unlinked": ["0", str(unlinked)],
                    "survey_participants_deleted": ["0", str(deleted)],
                },
            )
        dialogues += 1
        responses += unlinked
        participants += deleted
        logger.info(
            "Unlinked %s survey responses of dialogue %s from their accounts and "
            "invitations and deleted %s records of who answered, evaluated more than "
            "%s days ago",
            unlinked,
            dialogue.pk,
            deleted,
            dialogue.retention_days,
        )
    return dialogues, responses, participants
