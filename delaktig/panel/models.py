"""The citizen panel (medborgarpanel): a standing group of residents who have shared a
profile so that they can be sampled for surveys.

Membership is tied to an account with a verified e-mail address: the account
already proves the address, throttles logins and gives self-service (update,
leave) without e-mailed links that could be forwarded. One account is one member
(unique), so a double submit cannot make two.

Leaving deletes the member row and with it every ``PanelInvitation`` that pointed
at the person; what is kept is only the anonymous per-stratum counters on the
sample (``PanelSample.departed``), so response rates stay right.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import Gender


class Panel(models.Model):
    """The municipality's panel and its rules (one per municipality)."""

    municipality = models.OneToOneField(
        "municipality.Municipality", on_delete=models.CASCADE, related_name="panel"
    )
    is_open = models.BooleanField(
        _("open for new members"),
        default=True,
        help_text=_("When closed, the page still explains the panel but nobody can join."),
    )
    invitation_limit = models.PositiveSmallIntegerField(
        _("most invitations per member"),
        default=4,
        help_text=_("A member is not drawn again once they have had this many invitations."),
    )
    limit_months = models.PositiveSmallIntegerField(
        _("during how many months"),
        default=12,
        help_text=_("The invitations counted are those from this many months back."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("citizen panel")
        verbose_name_plural = _("citizen panels")

    def __str__(self):
        return str(self.municipality)

    @property
    def current_consent(self):
        # Texts are few; the newest version is the one residents agree to now.
        return self.consent_texts.order_by("-version").first()


class ConsentText(models.Model):
    """A version of the text members agree to. Versions are never changed, only added,
    so each member's consent points at the exact words they saw."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="consent_texts")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("consent text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "version"], name="panel_consent_version")
        ]

    def __str__(self):
        return f"{self.panel} v{self.version}"


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_membership"
    )
    # The age band is worked out from the birth year when sampling, so a member
    # moves into the next band as the years pass without updating anything.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    district = models.ForeignKey(
        "municipality.District",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("district"),
    )
    languages = models.CharField(_("languages you speak"), max_length=200, blank=True)
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent text")
    )
    consented_at = models.DateTimeField(_("consent given"))
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["pk"]
        indexes = [models.Index(fields=["panel", "district"])]

    def __str__(self):
        return f"{_('Panel member')} {self.pk}"


class PanelSample(models.Model):
    """One stratified draw from the panel for a survey.

    ``allocation`` is the sampling plan as it was at the draw: one entry per stratum
    with its population share, quota, target, eligible members and members drawn;
    with ``seed`` and ``eligible_digest`` the draw can be checked and repeated.
    ``departed`` holds, per stratum, [invited, answered] of members who have since
    left the panel: numbers only, no person.
    """

    class Basis(models.TextChoices):
        DISTRICTS = "districts", _("Population figures per district")
        MUNICIPALITY = "municipality", _("Population figures for the whole municipality")
        PANEL = "panel", _("The panel's own composition (no population figures)")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="samples")
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="panel_samples"
    )
    requested = models.PositiveIntegerField(_("sample size asked for"))
    drawn = models.PositiveIntegerField(_("members drawn"), default=0)
    shortfall = models.PositiveIntegerField(_("moved from groups with too few members"), default=0)
    seed = models.BigIntegerField(_("random seed"))
    basis = models.CharField(_("shares from"), max_length=12, choices=Basis.choices)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    eligible_count = models.PositiveIntegerField(_("members who could be drawn"), default=0)
    eligible_digest = models.CharField(max_length=64, blank=True)
    allocation = models.JSONField(default=list, blank=True)
    departed = models.JSONField(default=dict, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("drawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("panel sample")
        verbose_name_plural = _("panel samples")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.survey}: {self.drawn}"


class PanelInvitation(models.Model):
    """That a member was drawn for a survey, and the survey invitation made for it."""

    sample = models.ForeignKey(PanelSample, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="invitations")
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField(
        "surveys.Invitation", on_delete=models.CASCADE, related_name="panel_invitation"
    )
    # The stratum the member was drawn in ("age band|gender|district id"), so that
    # response rates follow the plan even after the member updates the profile.
    stratum = models.CharField(max_length=60)
    created_at = models.DateTimeField(_("drawn"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel invitation")
        verbose_name_plural = _("panel invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "survey"], name="panel_invited_once")
        ]
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self):
        return f"{self.survey}: {self.member_id}"
