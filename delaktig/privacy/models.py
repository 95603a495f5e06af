"""Consent records and a trace of erased accounts.

A consent says what a person agreed to, under which wording and when; withdrawing
keeps the record (GDPR art. 7(1): the controller must be able to show consent was
given) but ends its effect. An erasure leaves only counts, never who it was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    class Purpose(models.TextChoices):
        FOLLOW_DIALOGUE = "follow_dialogue", _("E-mail when a dialogue moves on")
        HEAR_BACK = "hear_back", _("E-mail about what happened to my input")
        PANEL = "panel", _("Membership of the citizen panel")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    # What the consent is about, e.g. the dialogue's slug; empty when general.
    reference = models.CharField(_("concerns"), max_length=200, blank=True)
    # The version of the wording the person saw (see privacy.texts.CONSENT_TEXTS).
    text_version = models.CharField(_("wording"), max_length=20)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "pk"]
        indexes = [models.Index(fields=["user", "purpose", "reference"])]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.reference})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Erasure(models.Model):
    """That an account was deleted on request, and how much was removed; no identity."""

    erased_at = models.DateTimeField(_("deleted"), auto_now_add=True)
    contributions_anonymised = models.PositiveIntegerField(default=0)
    method_rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("deleted account")
        verbose_name_plural = _("deleted accounts")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.erased_at:%Y-%m-%d}"
