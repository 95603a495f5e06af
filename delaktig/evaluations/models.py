"""The participants' evaluation of any activity, or of a dialogue as a whole.

The meetings app has its own evaluation, tied to a meeting's times. This one can be
switched on for any activity (a survey, a walk, a workshop) or for the whole
dialogue, "sent after feedback": only after participants have heard what came of
their input can they say whether they know what happens next.

The questions are the same as the meeting's, so a dialogue's results can combine
both. Answers are anonymous: no user, no address, no audit entry for the answer.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.meetings.models import Rating


def new_token() -> str:
    # Short enough to type from a printed sheet, long enough not to be guessed.
    return secrets.token_urlsafe(9)


class Evaluation(models.Model):
    """An evaluation switched on for one activity, or for the dialogue (activity empty)."""

    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("dialogue"),
    )
    activity = models.ForeignKey(
        "dialogues.Activity",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("activity"),
        null=True,
        blank=True,
    )
    token = models.CharField(_("address code"), max_length=20, unique=True, default=new_token)
    is_open = models.BooleanField(_("open for answers"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("switched on by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["dialogue_id", "activity__starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(activity__isnull=False),
                name="evaluation_one_per_activity",
            ),
            models.UniqueConstraint(
                fields=["dialogue"],
                condition=Q(activity__isnull=True),
                name="evaluation_one_per_dialogue",
            ),
        ]

    def __str__(self):
        return str(self.activity or self.dialogue)

    @property
    def is_dialogue_wide(self) -> bool:
        return self.activity_id is None


class Response(models.Model):
    """One participant's anonymous answer, from the phone form or a paper sheet."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper")
        PHONE = "phone", _("Phone or computer")

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNSURE = "unsure", _("Don't know")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    purpose_clear = models.PositiveSmallIntegerField(
        _("Was the purpose clear?"), choices=Rating.choices, null=True, blank=True
    )
    listened_to = models.PositiveSmallIntegerField(
        _("Did you feel listened to?"), choices=Rating.choices, null=True, blank=True
    )
    knows_next = models.PositiveSmallIntegerField(
        _("Do you know what happens next?"), choices=Rating.choices, null=True, blank=True
    )
    take_part_again = models.CharField(
        _("Would you take part again?"), max_length=10, choices=Again.choices, blank=True
    )
    comment = models.TextField(_("Anything else you want to tell us?"), blank=True)
    channel = models.CharField(_("answered on"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        indexes = [models.Index(fields=["evaluation", "created_at"])]

    def __str__(self):
        return f"{self.evaluation}: {self.pk}"
