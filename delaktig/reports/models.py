"""The report on a dialogue as decision support for its owner committee.

Staff write a summary, conclusions and notes per section around the parts the
platform generates (activities' summaries, themes, who took part). Publishing
freezes everything into a ``ReportVersion``: a JSON snapshot of the generated
parts as they were (after disclosure control) together with the texts. The
web page, PDF, CSV/XLSX and JSON of a version are all made from its snapshot,
so an old version reads the same years later, whatever changed since.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """The working draft: the texts staff write, one per dialogue."""

    dialogue = models.OneToOneField(
        "dialogues.Dialogue",
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("dialogue"),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What the dialogue was about and what came in, in plain words."),
    )
    conclusions = models.TextField(
        _("conclusions"),
        blank=True,
        help_text=_("What the results mean for the decision. Blank lines separate paragraphs."),
    )
    activities_note = models.TextField(_("comment on the activities"), blank=True)
    themes_note = models.TextField(_("comment on the themes"), blank=True)
    participation_note = models.TextField(_("comment on who took part"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.dialogue)


class ReportVersion(models.Model):
    """One publication of the report, frozen; numbered 1, 2, … per report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    # Claimed by the mailing task, so the committee is never mailed twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("e-mailed to"), default=0)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"
