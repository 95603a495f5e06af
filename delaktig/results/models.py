"""What came of a dialogue: the decision it fed into and the feedback to participants.

The decision record answers “what was decided, by whom, when, and how was your input
used”; the feedback message is what residents read on the dialogue page and get by
e-mail. One of each per dialogue: the page edits the current text rather than piling
up versions, and ``emailed_at`` makes sure participants are mailed only once.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    dialogue = models.OneToOneField(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("dialogue"),
    )
    body = models.ForeignKey(
        "municipality.Unit",
        on_delete=models.PROTECT,
        related_name="dialogue_decisions",
        verbose_name=_("deciding body"),
        help_text=_("The committee or board that made the decision."),
    )
    decided_on = models.DateField(_("date of the decision"))
    summary = models.TextField(
        _("what was decided"), help_text=_("In plain words, so that residents understand it.")
    )
    minutes_url = models.URLField(
        _("link to the minutes"),
        blank=True,
        help_text=_("The address of the minutes or the decision on the municipality's website."),
    )
    use_of_input = models.TextField(
        _("how the input was used"),
        blank=True,
        help_text=_("What the residents' views changed, and what they did not change and why."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.body} {self.decided_on}"


class Feedback(models.Model):
    dialogue = models.OneToOneField(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("dialogue"),
    )
    text = models.TextField(
        _("feedback"),
        help_text=_(
            "Tell participants what happened with their input. Blank lines separate paragraphs."
        ),
    )
    # Null while it is a draft; set once, the first time it is published.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Set when the background task claims the mailing, so publishing again or a
    # retried task never mails participants twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("e-mailed to"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return str(self.dialogue)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


# Registered here rather than in apps.py, which this part of the app does not own;
# the decision and feedback are public statements, so every change is logged.
auditlog.register(Decision)
auditlog.register(Feedback)
