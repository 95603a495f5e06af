"""Archive packages of dialogues and disposal (gallring) decisions.

Both are records in their own right: who exported what and when (with the
package's checksum), and which decision allowed a dialogue to be disposed of.
A Disposal outlives the dialogue it removed, so it keeps the title and slug as
text rather than a foreign key.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveExport(models.Model):
    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.SET_NULL,
        null=True,
        related_name="archive_exports",
        verbose_name=_("dialogue"),
    )
    dialogue_title = models.CharField(_("dialogue"), max_length=200)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)

    class Meta:
        verbose_name = _("archive package")
        verbose_name_plural = _("archive packages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.dialogue_title} ({self.created_at:%Y-%m-%d})"


class Disposal(models.Model):
    dialogue_title = models.CharField(_("dialogue"), max_length=200)
    dialogue_slug = models.CharField(_("short name"), max_length=120)
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=100,
        help_text=_("The registration number (diarienummer) of the disposal decision."),
    )
    decided_by = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("decision date"))
    archive_export = models.ForeignKey(
        ArchiveExport,
        on_delete=models.PROTECT,
        related_name="disposals",
        verbose_name=_("archive package"),
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("disposed by"),
    )
    performed_at = models.DateTimeField(_("disposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-performed_at"]

    def __str__(self):
        return f"{self.dialogue_title}: {self.decision_reference}"
