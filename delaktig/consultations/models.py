"""Consultations on alternatives: residents choose one of a few prepared alternatives.

Staff prepare the alternatives (text, an image, PDF documents) for an activity of
a dialogue; residents choose one and may say why. A Choice holds the alternative,
the optional reason (also stored as a Contribution, so the compilation and themes
see it) and the optional background answers. Only the date of a choice is kept,
and the account only when the resident was logged in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for choices")
        CLOSED = "closed", _("Closed")

    class Reason(models.TextChoices):
        NONE = "none", _("Do not ask for a reason")
        OPTIONAL = "optional", _("Ask for a reason, optional")
        REQUIRED = "required", _("Ask for a reason, required")

    activity = models.OneToOneField(
        "dialogues.Activity",
        on_delete=models.CASCADE,
        related_name="consultation",
        verbose_name=_("activity"),
    )
    question = models.CharField(
        _("question"),
        max_length=300,
        help_text=_("For example “Which proposal do you prefer?”"),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What is already decided, what the choice is about and who decides."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    login_required = models.BooleanField(
        _("residents must log in to choose"),
        default=False,
        help_text=_(
            "Then each account can choose once. Otherwise anyone can choose without an account."
        ),
    )
    reason = models.CharField(
        _("reason for the choice"),
        max_length=10,
        choices=Reason.choices,
        default=Reason.OPTIONAL,
    )
    background_questions = models.BooleanField(
        _("ask the background questions"),
        default=True,
        help_text=_("Age band, gender and district, optional for the resident."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return str(self.activity)

    @property
    def asks_reason(self) -> bool:
        return self.reason != self.Reason.NONE

    @property
    def reason_required(self) -> bool:
        return self.reason == self.Reason.REQUIRED


class Alternative(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="alternatives"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="consultations/images/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("description of the image"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class AlternativeDocument(models.Model):
    """A PDF that describes an alternative in more detail (a sketch, a cost estimate)."""

    alternative = models.ForeignKey(Alternative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title of the document"), max_length=200)
    file = models.FileField(_("file"), upload_to="consultations/documents/%Y/%m/")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class Choice(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="choices")
    # PROTECT: an alternative somebody chose is never deleted with its choices.
    alternative = models.ForeignKey(Alternative, on_delete=models.PROTECT, related_name="choices")
    reason = models.TextField(_("reason"), blank=True)
    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_choice",
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    district = models.ForeignKey(
        "municipality.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    # Only when the resident was logged in; anonymous choices keep no trace of a person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_choices",
    )
    submission_key = models.CharField(max_length=64, blank=True)
    # A date, not a time: a time could be matched against other logs.
    created_on = models.DateField(_("chosen on"))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["pk"]
        indexes = [models.Index(fields=["consultation", "alternative"])]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="consultation_choice_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["consultation", "submission_key"],
                condition=~Q(submission_key=""),
                name="consultation_choice_submission_key_unique",
            ),
        ]

    def __str__(self):
        return f"{self.consultation}: {self.alternative}"
