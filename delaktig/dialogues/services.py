"""Every write to a dialogue and its plan.

Each function takes the acting user, checks permission, validates, writes in one
transaction inside ``acting_as`` (so the audit log names the actor) and starts
e-mails only after commit.
"""

import logging

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from . import lifecycle
from .models import (
    Activity,
    CommunicationItem,
    CostItem,
    Dialogue,
    DialogueQuestion,
    DialogueTargetGroup,
    Follow,
    Transition,
)
from .selectors import dialogues_past_retention, plan_missing_parts

logger = logging.getLogger(__name__)

PLAN_FIELDS = {
    "title",
    "summary",
    "owner_committee",
    "origin",
    "decision_stage",
    "purpose",
    "use_of_results",
    "ladder_level",
    "mandate",
    "complexity_politics",
    "complexity_target_groups",
    "complexity_expectations",
    "complexity_methods",
    "quality_review_done",
    "starts_on",
    "ends_on",
    "decision_on",
    "accessibility_measures",
    "accessibility_notes",
    "feedback_how",
    "feedback_due_on",
    "feedback_by",
    "retention_days",
    "evaluation_indicators",
    "contact_name",
    "contact_email",
    "contact_phone",
    "partners",
}
PLAN_M2M = {"districts", "topics", "responsible"}


def _require(actor, permission, dialogue=None):
    if not actor.has_perm(permission, dialogue):
        raise PermissionDenied


def _unique_slug(municipality, title: str, exclude_pk=None) -> str:
    base = slugify(title)[:100] or "dialog"
    slug, n = base, 2
    qs = Dialogue.objects.filter(municipality=municipality)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _refresh_search_text(dialogue: Dialogue) -> None:
    questions = " ".join(dialogue.questions.values_list("text", flat=True))
    text = " ".join((dialogue.title, dialogue.summary, dialogue.purpose, questions)).lower()
    Dialogue.objects.filter(pk=dialogue.pk).update(search_text=text)
    dialogue.search_text = text


@transaction.atomic
def dialogue_create(*, actor, unit, title: str) -> Dialogue:
    _require(actor, "dialogues.add_dialogue")
    if not actor.has_perm("municipality.act_for_unit", unit):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the dialogue a title.")})
    dialogue = Dialogue(
        municipality=unit.municipality,
        unit=unit,
        title=title,
        slug=_unique_slug(unit.municipality, title),
        created_by=actor,
    )
    dialogue.full_clean()
    with acting_as(actor):
        dialogue.save()
    _refresh_search_text(dialogue)
    return dialogue


@transaction.atomic
def dialogue_update(*, actor, dialogue: Dialogue, data: dict) -> Dialogue:
    """Save part of the plan (one editor step). Only draft plans can change."""
    _require(actor, "dialogues.change_dialogue", dialogue)
    unknown = set(data) - PLAN_FIELDS - PLAN_M2M
    if unknown:
        raise ValidationError(f"Not plan fields: {sorted(unknown)}")
    m2m = {k: v for k, v in data.items() if k in PLAN_M2M}
    fields = {k: v for k, v in data.items() if k in PLAN_FIELDS}
    for name, value in fields.items():
        setattr(dialogue, name, value)
    if dialogue.starts_on and dialogue.ends_on and dialogue.ends_on < dialogue.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    dialogue.full_clean(exclude=["slug", "created_by"])
    with acting_as(actor):
        if fields:
            dialogue.save(update_fields=[*fields, "updated_at"])
        for name, values in m2m.items():
            getattr(dialogue, name).set(values)
    _refresh_search_text(dialogue)
    return dialogue


@transaction.atomic
def dialogue_set_questions(*, actor, dialogue: Dialogue, texts: list[str]) -> None:
    _require(actor, "dialogues.change_dialogue", dialogue)
    texts = [t.strip() for t in texts if t and t.strip()]
    with acting_as(actor):
        existing = list(dialogue.questions.all())
        for position, text in enumerate(texts):
            if position < len(existing):
                question = existing[position]
                if (question.text, question.position) != (text, position):
                    question.text, question.position = text, position
                    question.save()
            else:
                DialogueQuestion.objects.create(dialogue=dialogue, text=text, position=position)
        for question in existing[len(texts) :]:
            question.delete()
    _refresh_search_text(dialogue)


@transaction.atomic
def dialogue_target_group_save(
    *,
    actor,
    dialogue: Dialogue,
    target_group,
    affected: bool,
    active: bool,
    reach: str,
    activities=(),
    notes: str = "",
) -> DialogueTargetGroup:
    _require(actor, "dialogues.change_dialogue", dialogue)
    if any(a.dialogue_id != dialogue.pk for a in activities):
        raise ValidationError(_("Choose activities of this dialogue."))
    with acting_as(actor):
        row, _created = DialogueTargetGroup.objects.update_or_create(
            dialogue=dialogue,
            target_group=target_group,
            defaults={"affected": affected, "active": active, "reach": reach, "notes": notes},
        )
        row.activities.set(activities)
    return row


@transaction.atomic
def dialogue_target_group_remove(*, actor, row: DialogueTargetGroup) -> None:
    _require(actor, "dialogues.change_dialogue", row.dialogue)
    with acting_as(actor):
        row.delete()


@transaction.atomic
def activity_save(*, actor, dialogue: Dialogue, data: dict, activity: Activity | None = None):
    """Create or change an activity; returns it. Callers show clashes from
    ``selectors.activity_clashes`` — a clash is a warning, not an error."""
    _require(actor, "dialogues.change_dialogue", dialogue)
    if activity is not None and activity.dialogue_id != dialogue.pk:
        raise PermissionDenied
    activity = activity or Activity(dialogue=dialogue)
    for name, value in data.items():
        setattr(activity, name, value)
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    activity.full_clean(exclude=["dialogue"])
    with acting_as(actor):
        activity.save()
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _require(actor, "dialogues.change_dialogue", activity.dialogue)
    with acting_as(actor):
        activity.delete()


@transaction.atomic
def communication_item_add(*, actor, dialogue: Dialogue, data: dict) -> CommunicationItem:
    _require(actor, "dialogues.change_dialogue", dialogue)
    item = CommunicationItem(dialogue=dialogue, **data)
    item.full_clean()
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def communication_item_remove(*, actor, item: CommunicationItem) -> None:
    _require(actor, "dialogues.change_dialogue", item.dialogue)
    with acting_as(actor):
        item.delete()


@transaction.atomic
def cost_item_add(*, actor, dialogue: Dialogue, data: dict) -> CostItem:
    _require(actor, "dialogues.change_dialogue", dialogue)
    item = CostItem(dialogue=dialogue, **data)
    item.full_clean()
    with acting_as(actor):
        item.save()
    return item


@transaction.atomic
def cost_item_remove(*, actor, item: CostItem) -> None:
    _require(actor, "dialogues.change_dialogue", item.dialogue)
    with acting_as(actor):
        item.delete()


@transaction.atomic
def dialogue_transition(
    *, actor, dialogue: Dialogue, move_name: str, comment: str = ""
) -> Dialogue:
    """Move a dialogue to another state, if the move exists from its state and the
    actor may make it. Raises ValidationError with a message for the user."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    move = lifecycle.MOVES_BY_NAME.get(move_name)
    if move is None or move.source != dialogue.state:
        raise ValidationError(
            _("The dialogue cannot be moved like that from the state “%(state)s”.")
            % {"state": dialogue.get_state_display()}
        )
    if not actor.has_perm(move.permission, dialogue):
        raise PermissionDenied
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise ValidationError({"comment": _("Write a comment that says what must change.")})
    if move.name == "submit":
        missing = plan_missing_parts(dialogue)
        if missing:
            raise ValidationError(
                _("The plan cannot be sent yet. Missing: %(parts)s")
                % {"parts": " ".join(str(message) for _step, message in missing)}
            )
    source = dialogue.state
    dialogue.state = move.target
    update = ["state", "updated_at"]
    if move.target == "published" and dialogue.published_at is None:
        dialogue.published_at = timezone.now()
        update.append("published_at")
    with acting_as(actor):
        dialogue.save(update_fields=update)
        Transition.objects.create(
            dialogue=dialogue, from_state=source, to_state=move.target, actor=actor, comment=comment
        )
    if move.target in lifecycle.ANNOUNCED_STATES and not move.backwards:
        from .tasks import notify_followers

        dialogue_id, state = dialogue.pk, move.target
        transaction.on_commit(lambda: notify_followers.enqueue(dialogue_id, state))
    return dialogue


@transaction.atomic
def dialogue_follow(*, user, dialogue: Dialogue) -> Follow:
    from delaktig.privacy.services import consent_give

    _require(user, "dialogues.follow_dialogue", dialogue)
    follow, _created = Follow.objects.get_or_create(user=user, dialogue=dialogue)
    consent_give(user=user, purpose="follow_dialogue", reference=dialogue.slug)
    return follow


@transaction.atomic
def dialogue_unfollow(*, user, dialogue: Dialogue) -> None:
    from delaktig.privacy.services import consent_withdraw

    Follow.objects.filter(user=user, dialogue=dialogue).delete()
    consent_withdraw(user=user, purpose="follow_dialogue", reference=dialogue.slug)


# --- Retention ---------------------------------------------------------------


def dialogue_followers_purge(*, now=None) -> tuple[int, int]:
    """Delete the follows of dialogues evaluated more than ``retention_days`` ago.

    Followers are mailed at every announced step up to the evaluation and at none
    after it, so from then on the list only says who was interested in what. Their
    follow consents are marked withdrawn, as if they had stopped following. Returns
    (dialogues, follows) purged; each dialogue gets an audit entry with the count
    (never who), and a log line gives the same.
    """
    from delaktig.privacy.services import consent_withdraw

    now = now or timezone.now()
    due = dialogues_past_retention(now=now, among=Follow.objects.values("dialogue_id"))
    dialogues = follows = 0
    for dialogue_id in due:
        with transaction.atomic():
            dialogue = Dialogue.objects.select_for_update().get(pk=dialogue_id)
            users = list(Follow.objects.filter(dialogue=dialogue).values_list("user_id", flat=True))
            if not users:
                continue
            count = Follow.objects.filter(dialogue=dialogue).delete()[0]
            user_model = Follow._meta.get_field("user").related_model
            for user in user_model.objects.filter(pk__in=users):
                consent_withdraw(user=user, purpose="follow_dialogue", reference=dialogue.slug)
            LogEntry.objects.log_create(
                dialogue,
                force_log=True,
                action=LogEntry.Action.UPDATE,
                changes={"followers_deleted": ["0", str(count)]},
            )
        dialogues += 1
        follows += count
        logger.info(
            "Deleted %s follows of dialogue %s, evaluated more than %s days ago",
            count,
            dialogue.pk,
            dialogue.retention_days,
        )
    return dialogues, follows
