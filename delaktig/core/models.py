from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A form submission already carried out, keyed by the form's one-time key.

    A second POST with the same key (a double click, a resend after a lost
    connection) is answered with the first result instead of writing again.
    """

    key = models.UUIDField(_("key"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    result_url = models.CharField(_("result address"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return str(self.key)


class AccessibilityStatement(models.Model):
    """The municipality's accessibility statement (tillgänglighetsredogörelse).

    DOS-lagen (2018:1937) and DIGG's regulations require it to say how well the
    site meets the accessibility requirements, what is known not to work, how
    that was assessed and when, and how to give feedback. Administrators keep it
    up to date; the public page shows it with a feedback form.
    """

    class Compliance(models.TextChoices):
        FULL = "full", _("Fully compliant")
        PARTIAL = "partial", _("Partially compliant")
        NONE = "none", _("Not compliant")

    municipality = models.OneToOneField(
        "municipality.Municipality",
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
        verbose_name=_("municipality"),
    )
    compliance = models.CharField(
        _("compliance with the accessibility requirements"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    known_gaps = models.TextField(
        _("known accessibility problems"),
        blank=True,
        help_text=_("One problem per line, in words a visitor understands."),
    )
    assessment_method = models.TextField(
        _("how the site was assessed"),
        blank=True,
        help_text=_("For example a self-assessment, automatic tests or an external audit."),
    )
    assessed_on = models.DateField(_("date of the latest assessment"), null=True, blank=True)
    published_on = models.DateField(_("date the statement was first published"))
    updated_on = models.DateField(_("date the statement was last updated"))
    contact_email = models.EmailField(
        _("e-mail for accessibility feedback"),
        blank=True,
        help_text=_("Feedback from the form goes here. Empty: the municipality's contact e-mail."),
    )
    contact_phone = models.CharField(
        _("phone for accessibility questions"), max_length=40, blank=True
    )
    response_time = models.CharField(
        _("how soon we answer"),
        max_length=120,
        blank=True,
        help_text=_("For example: within five working days."),
    )

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def known_gap_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.known_gaps.splitlines() if line.strip(" -•\t")]

    @property
    def feedback_email(self) -> str:
        return self.contact_email or self.municipality.contact_email
