"""Personal invitations to a survey: adding them, sending them, reminding.

An invitation's link carries a random secret; only its SHA-256 is stored
(``Invitation.token_hash``). The secret is made when the e-mail is sent, inside
the sending task, so it exists nowhere but in the e-mail: not in the database,
not in the task queue. A reminder therefore sends a new link, and the earlier
one stops working (the page for an unknown link says to use the newest e-mail).

Whether an invitation has been used is ``Invitation.answered``, never which
response it gave; staff see counts only.
"""

import datetime
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.audit.context import acting_as

from .models import Invitation, Survey

logger = logging.getLogger(__name__)

MANAGE = "surveys.manage_survey"
# At most this many reminders per invitation, and no sooner than this after the
# invitation or the last reminder: a resident who chose not to answer is not nagged.
MAX_REMINDERS = 2
REMINDER_INTERVAL_DAYS = 3
MAX_ADDRESSES = 2000

_SEPARATORS = re.compile(r"[\s,;]+")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require(actor, survey) -> None:
    if actor is None or not actor.has_perm(MANAGE, survey):
        raise PermissionDenied


@dataclass
class Addresses:
    valid: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    repeated: int = 0


def parse_addresses(text: str) -> Addresses:
    """Split pasted text into e-mail addresses: one per line, or separated by commas,
    semicolons or spaces; "Namn <namn@exempel.se>" works too. Lower-cased, each once."""
    found = Addresses()
    seen = set()
    for part in _SEPARATORS.split(text or ""):
        part = part.strip().strip("<>\"'()").lower()
        # Plain words are the names in "Anna Andersson <anna@exempel.se>"; a word
        # with a dot but no @ is taken for a mistyped address and reported.
        if not part or ("@" not in part and "." not in part):
            continue
        try:
            validate_email(part)
        except ValidationError:
            found.invalid.append(part)
            continue
        if part in seen:
            found.repeated += 1
            continue
        seen.add(part)
        found.valid.append(part)
    return found


@dataclass
class AddResult:
    created: int
    already_invited: int
    repeated: int


def invitations_add(*, actor, survey: Survey, text: str) -> AddResult:
    """Invite the pasted addresses. Addresses already invited to this survey, and
    repeats in the text, are skipped; any invalid address stops the whole paste
    (nothing is added) so that the list can be corrected and sent again. When the
    survey is open the invitations are e-mailed at once (after commit)."""
    _require(actor, survey)
    addresses = parse_addresses(text)
    if addresses.invalid:
        raise ValidationError(
            {
                "addresses": ngettext(
                    "This is not an e-mail address: %(list)s. Correct it and try again.",
                    "These are not e-mail addresses: %(list)s. Correct them and try again.",
                    len(addresses.invalid),
                )
                % {"list": ", ".join(addresses.invalid[:20])}
            }
        )
    if not addresses.valid:
        raise ValidationError({"addresses": _("Paste at least one e-mail address.")})
    if len(addresses.valid) > MAX_ADDRESSES:
        raise ValidationError(
            {"addresses": _("Add at most %(max)s addresses at a time.") % {"max": MAX_ADDRESSES}}
        )
    with transaction.atomic():
        # The survey row lock makes two pastes of the same list add each address once.
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        existing = set(
            Invitation.objects.filter(survey=survey, email__in=addresses.valid).values_list(
                "email", flat=True
            )
        )
        new = [email for email in addresses.valid if email not in existing]
        invitations = [
            # A placeholder hash nobody holds the secret of; sending sets the real one.
            Invitation(survey=survey, email=email, token_hash=token_hash(new_secret()))
            for email in new
        ]
        with acting_as(actor):
            Invitation.objects.bulk_create(invitations)
        if survey.state == Survey.State.OPEN:
            _queue_unsent(survey)
    return AddResult(created=len(new), already_invited=len(existing), repeated=addresses.repeated)


def _queue(ids, kind: str) -> None:
    from . import tasks

    ids = list(ids)
    if ids:
        transaction.on_commit(
            lambda: [tasks.send_survey_invitation.enqueue(pk, kind) for pk in ids]
        )


def _queue_unsent(survey: Survey) -> int:
    ids = list(
        Invitation.objects.filter(survey=survey, sent_at__isnull=True, answered=False).values_list(
            "pk", flat=True
        )
    )
    _queue(ids, "invitation")
    return len(ids)


def invitations_send(*, actor, survey: Survey) -> int:
    """E-mail every invitation not yet sent (when the survey opened after they
    were added). Returns how many are queued."""
    _require(actor, survey)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(_("Invitations can be sent when the survey is open."))
    with transaction.atomic():
        return _queue_unsent(survey)


def invitation_issue_link(*, invitation_id: int, reminder: bool = False):
    """Make a new secret for one invitation and store its hash; return
    (invitation, secret), or (None, "") when it has been used or removed.

    Called by the sending task just before the e-mail goes out."""
    secret = new_secret()
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("survey__activity__dialogue__municipality")
            .filter(pk=invitation_id, answered=False)
            .exclude(email="")
            .first()
        )
        if invitation is None:
            return None, ""
        invitation.token_hash = token_hash(secret)
        fields = ["token_hash"]
        if not reminder or invitation.sent_at is None:
            invitation.sent_at = invitation.sent_at or now
            fields.append("sent_at")
        invitation.save(update_fields=fields)
    return invitation, secret


def reminders_due(survey_ids=None, *, now=None):
    """Invitations that get a reminder now: sent, not answered, under the cap, and
    not reminded (or invited) in the last few days, of open surveys."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=REMINDER_INTERVAL_DAYS)
    due = Invitation.objects.filter(
        survey__state=Survey.State.OPEN,
        answered=False,
        sent_at__isnull=False,
        sent_at__lte=since,
        reminder_count__lt=MAX_REMINDERS,
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))
    if survey_ids is not None:
        due = due.filter(survey_id__in=survey_ids)
    return due.exclude(email="")


def _remind(due, now) -> int:
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        # Counted here, in the same statement for all, so a second run (the
        # button pressed twice, or the timer at the same time) finds none due.
        Invitation.objects.filter(pk__in=ids).update(
            reminded_at=now, reminder_count=F("reminder_count") + 1
        )
        _queue(ids, "reminder")
    return len(ids)


def invitation_reminders_send(*, actor, survey: Survey, now=None) -> int:
    """The staff button: remind this survey's invitations that are due."""
    _require(actor, survey)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(_("Reminders can be sent while the survey is open."))
    now = now or timezone.now()
    return _remind(reminders_due([survey.pk], now=now), now)


def reminders_send_all(*, now=None) -> int:
    """The daily timer (management command and task): every open survey's due reminders."""
    now = now or timezone.now()
    count = _remind(reminders_due(now=now), now)
    if count:
        logger.info("Queued %s survey reminders", count)
    return count


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("survey__activity__dialogue")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_counts(survey: Survey) -> dict:
    """How many were invited, sent, answered and reminded, in one query."""
    counts = Invitation.objects.filter(survey=survey).aggregate(
        n_total=Count("pk"),
        n_sent=Count("pk", filter=Q(sent_at__isnull=False)),
        n_answered=Count("pk", filter=Q(answered=True)),
        n_reminded=Count("pk", filter=Q(reminder_count__gt=0)),
        n_unsent=Count("pk", filter=Q(sent_at__isnull=True, answered=False)),
        n_due=Count("pk", filter=Q(pk__in=reminders_due([survey.pk]).values("pk"))),
    )
    return {name.removeprefix("n_"): value for name, value in counts.items()}


# How long invitation addresses are kept after a survey closes: long enough to
# answer questions about who was asked, short enough to hold no register of people.
RETENTION_DAYS = 30


def invitations_purge(*, now=None, days: int | None = None) -> int:
    """Delete the e-mail addresses of the invitations of surveys closed more than
    ``days`` ago (setting ``DELAKTIG_SURVEY_INVITATION_RETENTION_DAYS``).

    What stays is not personal: that an invitation existed and whether it was
    answered (the response rate). Logged per survey; returns the number purged.
    """
    from django.conf import settings

    now = now or timezone.now()
    if days is None:
        days = int(getattr(settings, "DELAKTIG_SURVEY_INVITATION_RETENTION_DAYS", RETENTION_DAYS))
    cutoff = now - datetime.timedelta(days=days)
    closed = Survey.objects.filter(state=Survey.State.CLOSED).filter(
        Q(closes_at__lt=cutoff) | Q(closes_at__isnull=True, updated_at__lt=cutoff)
    )
    purged = 0
    for survey_id, title in closed.values_list("pk", "title"):
        with transaction.atomic():
            count = (
                Invitation.objects.filter(survey_id=survey_id).exclude(email="").update(email="")
            )
        if count:
            logger.info(
                "Deleted the e-mail addresses of %s invitations to survey %s (%s)",
                count,
                survey_id,
                title,
            )
        purged += count
    return purged
