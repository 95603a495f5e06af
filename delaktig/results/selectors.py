"""Reads for decisions, feedback, “what happened to my input” and feedback deadlines.

Each function runs a fixed number of queries whatever the number of rows, so the
public page, Mina sidor and the staff dashboard stay fast.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import Dialogue, State
from delaktig.municipality.rules import is_administrator
from delaktig.municipality.selectors import user_roles

from .models import Decision, Feedback

# How far ahead a feedback deadline counts as “soon”.
SOON_DAYS = 14

# States in which the dialogue still owes its participants feedback. Drafts and plans
# awaiting approval are left out (their dates may still change); once officials mark
# the dialogue as fed back, the feedback is considered given even if it went out
# another way (a meeting, a letter) rather than as a message here.
AWAITING_FEEDBACK_STATES = (State.APPROVED, State.PUBLISHED, State.OPEN, State.COMPILING)

# What each state means for a resident who took part, in plain words.
STATE_FOR_RESIDENTS = {
    State.DRAFT: _("The dialogue is being planned."),
    State.SUBMITTED: _("The dialogue is being planned."),
    State.APPROVED: _("The dialogue is being planned."),
    State.PUBLISHED: _("The dialogue has not opened yet."),
    State.OPEN: _("The dialogue is still open. You can still take part."),
    State.COMPILING: _("The dialogue has closed. The municipality is compiling what people said."),
    State.FED_BACK: _("The municipality has told participants what happened."),
    State.EVALUATED: _("The dialogue is finished and has been evaluated."),
    State.ARCHIVED: _("The dialogue is finished."),
}


def decision_for(dialogue: Dialogue) -> Decision | None:
    """The dialogue's decision with its deciding body, or None (one query)."""
    return Decision.objects.select_related("body").filter(dialogue=dialogue).first()


def feedback_for(dialogue: Dialogue) -> Feedback | None:
    """The feedback, draft or published, for the staff page (one query)."""
    return Feedback.objects.filter(dialogue=dialogue).first()


def published_feedback(dialogue: Dialogue) -> Feedback | None:
    """The feedback residents may read, or None while it is a draft (one query)."""
    return Feedback.objects.filter(dialogue=dialogue, published_at__isnull=False).first()


def my_contributions(user):
    """The user's contributions, newest first, each with what became of it.

    One query: the dialogue, its decision (with the deciding body) and its feedback
    come along through the one-to-one joins. Each row gets ``published_feedback``
    (None while the feedback is a draft), ``decision`` and ``state_explained``.
    Hidden contributions are still the resident's own and stay in the list.
    """
    if not user.is_authenticated:
        return []
    rows = list(
        Contribution.objects.filter(author=user)
        .select_related(
            "dialogue",
            "dialogue__decision",
            "dialogue__decision__body",
            "dialogue__feedback",
            "activity",
        )
        .order_by("-created_at", "-pk")
    )
    for row in rows:
        dialogue = row.dialogue
        feedback = getattr(dialogue, "feedback", None)
        row.published_feedback = feedback if feedback and feedback.is_published else None
        row.decision = getattr(dialogue, "decision", None)
        row.state_explained = STATE_FOR_RESIDENTS.get(dialogue.state, "")
    return rows


def _visible_dialogues(user):
    """Dialogues the user answers for: their units' and committees' (all for admins)."""
    qs = Dialogue.objects.all()
    if is_administrator(user):
        return qs
    unit_ids = {unit_id for unit_id, _role in user_roles(user=user)}
    return qs.filter(Q(unit_id__in=unit_ids) | Q(owner_committee_id__in=unit_ids))


def feedback_deadlines(*, user, today: datetime.date | None = None, soon_days: int = SOON_DAYS):
    """Dialogues whose feedback is overdue or due within ``soon_days``, most urgent first.

    Overdue: the plan's ``feedback_due_on`` has passed, the dialogue still awaits
    feedback (see AWAITING_FEEDBACK_STATES) and no feedback is published. Each row
    gets ``days_left`` (negative when late) and ``is_overdue``. One query after the
    user's roles (which are cached per request).
    """
    today = today or timezone.localdate()
    rows = list(
        _visible_dialogues(user)
        .filter(
            state__in=AWAITING_FEEDBACK_STATES,
            feedback_due_on__isnull=False,
            feedback_due_on__lte=today + datetime.timedelta(days=soon_days),
        )
        .exclude(feedback__published_at__isnull=False)
        .select_related("unit", "owner_committee", "feedback")
        .order_by("feedback_due_on", "title")
    )
    for row in rows:
        row.days_left = (row.feedback_due_on - today).days
        row.is_overdue = row.days_left < 0
        row.days_late = -row.days_left
        row.feedback_draft = getattr(row, "feedback", None)
    return rows


def overdue_feedback(*, user, today: datetime.date | None = None):
    """Only the overdue rows of ``feedback_deadlines``, for the staff dashboard."""
    return [row for row in feedback_deadlines(user=user, today=today) if row.is_overdue]
