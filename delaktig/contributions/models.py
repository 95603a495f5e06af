"""Every piece of resident input that carries text, in one table.

An idea, a free-text survey answer, a café table's note, an open-space report: all
are Contribution rows, whatever method collected them, online or offline. Cross-
method features — the compilation, themes, "what happened to my input", the
archive — then query one table; each method keeps its own detail tables and
points here where useful.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contribution(models.Model):
    class Moderation(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by moderator")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("dialogue"),
    )
    activity = models.ForeignKey(
        "dialogues.Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("activity"),
    )
    # The registry key of the method that collected it (see core/registry.py).
    method_key = models.CharField(_("method"), max_length=50)
    # The method's contribution type (ContributionType.key in its manifest).
    kind = models.CharField(_("type"), max_length=50)
    question = models.ForeignKey(
        "dialogues.DialogueQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("question"),
    )
    # Where in the activity it came from: a café table, an open-space session.
    source_label = models.CharField(_("table or session"), max_length=120, blank=True)
    title = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    image = models.ImageField(_("photo"), upload_to="contributions/%Y/%m/", blank=True)
    image_description = models.CharField(
        _("description of the photo"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    district = models.ForeignKey(
        "municipality.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("district"),
    )
    # Null for anonymous input and for notes transcribed by staff.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("author"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_contributions",
        verbose_name=_("recorded by"),
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["dialogue", "created_at"]),
            models.Index(fields=["activity", "kind"]),
        ]

    def __str__(self):
        return self.title or self.text[:60] or str(self.pk)
