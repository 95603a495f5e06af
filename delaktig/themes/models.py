"""Themes found in a dialogue's free-text contributions, and the runs that found them.

A ThemeAnalysis is one background run; it suggests Themes. Staff then rename,
merge, split and delete them and move contributions between them; what they
publish is the edited result. Each contribution is in at most one theme.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThemeAnalysis(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="theme_analyses",
        verbose_name=_("dialogue"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    contribution_count = models.PositiveIntegerField(_("contributions analysed"), default=0)

    class Meta:
        verbose_name = _("theme analysis")
        verbose_name_plural = _("theme analyses")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.dialogue_id}: {self.status} {self.progress} %"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Theme(models.Model):
    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("dialogue"),
    )
    # Null once the theme is staff's own (a merge or split result keeps its origin).
    analysis = models.ForeignKey(
        ThemeAnalysis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("analysis"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Readable words, strongest first, as the analysis found them.
    top_words = models.JSONField(_("top words"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["dialogue", "position"])]

    def __str__(self):
        return self.name


class ThemeAssignment(models.Model):
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("theme")
    )
    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="theme_assignment",
        verbose_name=_("contribution"),
    )
    # The NMF weight; null when staff placed the contribution by hand.
    weight = models.FloatField(_("weight"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme assignment")
        verbose_name_plural = _("theme assignments")
        indexes = [models.Index(fields=["theme", "weight"])]

    def __str__(self):
        return f"{self.theme_id} ← {self.contribution_id}"
