"""Deleting abandoned drafts: responses started and never submitted.

A draft holds what a resident typed (and, for a survey that is not anonymous, who
they are), so it is not kept for ever just because nobody came back. A draft goes
when nobody has saved it for ``DELAKTIG_SURVEY_DRAFT_RETENTION_DAYS`` days, and
every draft of a survey closed that long ago goes with it (a closed survey cannot
be answered, so its drafts can never become responses).

Submitted responses are never touched here. Deleting a draft frees an invitation
it was started from (the invitation stays unanswered) and ends its resume link.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Response, Survey

logger = logging.getLogger(__name__)

# Long enough to come back after a holiday, short enough that half-written answers
# do not pile up. The privacy page and the "saved" page state the setting's value.
DRAFT_RETENTION_DAYS = 30


def draft_retention_days() -> int:
    return int(getattr(settings, "DELAKTIG_SURVEY_DRAFT_RETENTION_DAYS", DRAFT_RETENTION_DAYS))


def survey_drafts_purge(*, now=None) -> dict[str, int]:
    """Delete the drafts untouched for longer than the retention period and the drafts
    of surveys closed longer ago than that. Returns the counts, which are also the
    only thing logged: a draft's survey or account is nobody's business afterwards."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=draft_retention_days())
    drafts = Response.objects.filter(status=Response.Status.IN_PROGRESS)
    # A closed survey's own closing time is not stored; like the invitation purge,
    # the last change to a survey closed early stands in for it.
    closed = Survey.objects.filter(state=Survey.State.CLOSED).filter(
        Q(closes_at__lt=cutoff) | Q(closes_at__isnull=True, updated_at__lt=cutoff)
    )
    with transaction.atomic():
        untouched = drafts.filter(updated_at__lt=cutoff).delete()[1].get(Response._meta.label, 0)
        of_closed = (
            drafts.filter(survey__in=closed.values("pk")).delete()[1].get(Response._meta.label, 0)
        )
    counts = {"untouched": untouched, "closed_surveys": of_closed}
    logger.info(
        "Deleted %s abandoned survey drafts (%s untouched for %s days, %s of closed surveys)",
        untouched + of_closed,
        untouched,
        draft_retention_days(),
        of_closed,
    )
    return counts
