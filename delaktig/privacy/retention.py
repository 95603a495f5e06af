"""Every retention purge of residents' personal data, run together once a day.

Each app keeps its own purge next to its data (meetings, survey invitations and
drafts, dialogue followers, the account links of consultation choices and survey
responses); this module only calls them in turn, adds the purge of the forms'
one-time keys, and logs one line of counts. ``manage.py purge_personal_data``
runs it, so operations need a single timer line. One purge
failing does not stop the others; the error is raised once they have all run.

What is logged is counts only: never a name, an address or which account.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from delaktig.dialogues.selectors import dialogues_past_retention  # noqa: F401  (re-exported)

logger = logging.getLogger(__name__)

# A one-time key only has to outlive a double click or a resend on a weak
# connection; kept longer, its row says which account sent a form when.
SUBMISSION_KEY_RETENTION_DAYS = 2


def submission_key_retention_days() -> int:
    return int(
        getattr(settings, "DELAKTIG_SUBMISSION_KEY_RETENTION_DAYS", SUBMISSION_KEY_RETENTION_DAYS)
    )


def submission_keys_purge(*, now=None) -> int:
    """Delete the stored one-time form keys (``core.Submission``) older than the
    retention period. They hold the account, the time and the page a form led to
    (for a meeting registration, the secret cancel link)."""
    from delaktig.core.models import Submission

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=submission_key_retention_days())
    count = Submission.objects.filter(created_at__lt=cutoff).delete()[0]
    if count:
        logger.info("Deleted %s one-time form keys older than %s days", count, cutoff.date())
    return count


def _meetings(now):
    from delaktig.meetings.services import meeting_registrations_purge

    return meeting_registrations_purge(now=now)[1]


def _survey_invitations(now):
    from delaktig.surveys.invitations import invitations_purge

    return invitations_purge(now=now)


def _survey_drafts(now):
    from delaktig.surveys.drafts import survey_drafts_purge

    return sum(survey_drafts_purge(now=now).values())


def _followers(now):
    from delaktig.dialogues.services import dialogue_followers_purge

    return dialogue_followers_purge(now=now)[1]


def _consultation_choices(now):
    from delaktig.consultations.retention import consultation_choices_unlink

    return consultation_choices_unlink(now=now)[1]


def _survey_responses(now):
    from delaktig.surveys.retention import survey_responses_unlink

    _dialogues, responses, participants = survey_responses_unlink(now=now)
    return responses + participants


def _submission_keys(now):
    return submission_keys_purge(now=now)


# Name → purge(now) returning the number of rows whose personal data went (for the
# choices and responses: the rows unlinked from their accounts, and for responses
# also the deleted records of which account answered a survey).
PURGES: dict[str, Callable[[datetime.datetime], int]] = {
    "meeting_registrations": _meetings,
    "survey_invitations": _survey_invitations,
    "survey_drafts": _survey_drafts,
    "dialogue_followers": _followers,
    "consultation_choices": _consultation_choices,
    "survey_responses": _survey_responses,
    "submission_keys": _submission_keys,
}


class PurgeFailed(Exception):
    """One or more purges raised; ``counts`` holds what the others did."""

    def __init__(self, failed: list[str], counts: dict[str, int]):
        super().__init__(f"Retention purge failed: {', '.join(failed)}")
        self.failed = failed
        self.counts = counts


def purge_personal_data(*, now=None) -> dict[str, int]:
    """Run every purge; return the number purged by each. Raises ``PurgeFailed``
    after the others have run if any of them raised."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    failed: list[str] = []
    for name, purge in PURGES.items():
        try:
            counts[name] = purge(now)
        except Exception:
            # The next purge must still run: a broken survey purge is no reason to
            # keep meeting registrations past their date.
            logger.exception("Retention purge %s failed", name)
            failed.append(name)
    logger.info(
        "Retention purge: %s",
        ", ".join(f"{name} {count}" for name, count in counts.items()) or "nothing ran",
    )
    if failed:
        raise PurgeFailed(failed, counts)
    return counts
