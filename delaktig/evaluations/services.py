"""Every write to evaluations: switching on and off, answers by phone and on paper.

An answer from the phone form has no actor (it is anonymous) and is not written to
the audit log, whose entries carry the request's IP address.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.dialogues.models import Activity, Dialogue
from delaktig.meetings.models import Rating

from .models import Evaluation, Response

RATING_FIELDS = ("purpose_clear", "listened_to", "knows_next")
ANSWER_FIELDS = (*RATING_FIELDS, "take_part_again", "comment")


def _require(actor, dialogue):
    if not (actor is not None and actor.has_perm("evaluations.manage_evaluation", dialogue)):
        raise PermissionDenied


# --- When the form is open -------------------------------------------------------------


def feedback_is_published(dialogue: Dialogue) -> bool:
    feedback = getattr(dialogue, "feedback", None)
    return bool(feedback and feedback.published_at)


def window_state(evaluation: Evaluation) -> str:
    """ "closed" when staff closed it or the dialogue is not public; for the dialogue
    as a whole "not_yet" until the feedback is published (participants cannot say
    whether they know what happens next before they have heard back); else "open"."""
    if not evaluation.is_open or not evaluation.dialogue.is_public:
        return "closed"
    if evaluation.is_dialogue_wide and not feedback_is_published(evaluation.dialogue):
        return "not_yet"
    return "open"


def form_url(evaluation: Evaluation) -> str:
    """The public form's absolute address, as printed on the sheet and in e-mails."""
    path = reverse("evaluation:form", args=[evaluation.token])
    return urljoin(settings.DELAKTIG_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


# --- Switching on and off ----------------------------------------------------------------


@transaction.atomic
def evaluation_attach(*, actor, dialogue: Dialogue, activity: Activity | None = None) -> Evaluation:
    """Switch on the evaluation of an activity, or of the dialogue when ``activity`` is
    None. Switching on again reopens the existing one: one form per activity, so
    answers already given stay together."""
    _require(actor, dialogue)
    if activity is not None and activity.dialogue_id != dialogue.pk:
        raise ValidationError({"activity": _("Choose an activity of this dialogue.")})
    existing = (
        # Ordered by pk: the default ordering joins the (nullable) activity, and
        # PostgreSQL cannot lock the nullable side of an outer join.
        Evaluation.objects.select_for_update()
        .filter(dialogue=dialogue, activity=activity)
        .order_by("pk")
        .first()
    )
    with acting_as(actor):
        if existing is not None:
            if not existing.is_open:
                existing.is_open = True
                existing.save(update_fields=["is_open", "updated_at"])
            return existing
        evaluation = Evaluation(dialogue=dialogue, activity=activity, created_by=actor)
        evaluation.full_clean()
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            # Two officials switched it on at the same moment: keep the first.
            return Evaluation.objects.get(dialogue=dialogue, activity=activity)
    return evaluation


@transaction.atomic
def evaluation_set_open(*, actor, evaluation: Evaluation, is_open: bool) -> Evaluation:
    """Close the form (no more phone answers) or open it again. Answers are kept."""
    _require(actor, evaluation.dialogue)
    if evaluation.is_open != is_open:
        evaluation.is_open = is_open
        with acting_as(actor):
            evaluation.save(update_fields=["is_open", "updated_at"])
    return evaluation


# --- Answers -----------------------------------------------------------------------------


def clean_answers(data) -> dict:
    """The answers as stored; at least one must be given."""
    answers = {}
    for name in RATING_FIELDS:
        value = data.get(name)
        if value in (None, ""):
            answers[name] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value not in Rating.values:
            raise ValidationError({name: _("Choose a number from 1 to 5.")})
        answers[name] = value
    again = data.get("take_part_again") or ""
    if again and again not in Response.Again.values:
        raise ValidationError({"take_part_again": _("Choose one of the answers.")})
    answers["take_part_again"] = again
    answers["comment"] = (data.get("comment") or "").strip()
    if not any(answers[name] not in (None, "") for name in ANSWER_FIELDS):
        raise ValidationError(_("Answer at least one question before you send."))
    return answers


@transaction.atomic
def response_submit(*, evaluation: Evaluation, data) -> Response:
    """A participant's own answer from the public form. No actor: it is anonymous."""
    if window_state(evaluation) != "open":
        raise ValidationError(_("This evaluation is not open for answers."))
    response = Response(
        evaluation=evaluation, channel=Response.Channel.PHONE, **clean_answers(data)
    )
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def response_enter_paper(*, actor, evaluation: Evaluation, data) -> Response:
    """Staff type in one answer from a paper sheet, also after the form has closed
    (sheets are often collected and typed in later)."""
    _require(actor, evaluation.dialogue)
    response = Response(
        evaluation=evaluation, channel=Response.Channel.PAPER, **clean_answers(data)
    )
    response.full_clean()
    response.save()
    return response
