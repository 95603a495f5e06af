"""Meetings: the offline activities of a dialogue, from invitation to documentation.

A Meeting adds time, place and accessibility facts to an Activity whose method is
a kind of meeting (open meeting, café model, focus group …). Residents register
with their needs; afterwards staff record attendance as counts and document what
was said as Contributions; participants can evaluate the meeting.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import DemographicCount

# How long registrations are kept after the meeting when staff choose nothing else.
RETENTION_DAYS = 30


def default_retention_days() -> int:
    """The retention a new meeting starts with: setting ``DELAKTIG_MEETING_RETENTION_DAYS``.

    The field's own default stays a plain number (older migrations and the privacy
    page read it); the form and ``meeting_save`` use this instead.
    """
    return int(getattr(settings, "DELAKTIG_MEETING_RETENTION_DAYS", RETENTION_DAYS))


class Meeting(models.Model):
    activity = models.OneToOneField(
        "dialogues.Activity",
        on_delete=models.CASCADE,
        related_name="meeting",
        verbose_name=_("activity"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    public_transport = models.CharField(
        _("public transport"),
        max_length=200,
        blank=True,
        help_text=_("For example the nearest bus stop and lines."),
    )
    online_url = models.URLField(
        _("link for taking part online"),
        blank=True,
        help_text=_("For hybrid or online meetings."),
    )
    capacity = models.PositiveIntegerField(
        _("number of places"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="svenska")
    registration_required = models.BooleanField(_("registration needed"), default=True)
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep registrations"),
        default=RETENTION_DAYS,
        help_text=_("Names and contact details are deleted this many days after the meeting."),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    registrations_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_times_in_order"
            )
        ]

    def __str__(self):
        return str(self.activity)


class Need(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreter")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    VISUAL_INTERPRETATION = "visual_interpretation", _("Visual interpretation")
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    DIETARY = "dietary", _("Special diet")


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    interpreter_language = models.CharField(_("language to interpret"), max_length=80, blank=True)
    dietary_details = models.CharField(_("diet"), max_length=200, blank=True)
    other_needs = models.TextField(_("other needs"), blank=True)
    # The language the person registered in, for later e-mails (waiting list,
    # reminders) to people without an account.
    language = models.CharField(_("language for e-mail"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # Secret in the cancel link; lets a person without an account cancel.
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    purged_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per e-mail address and meeting (double submits,
            # registering twice); a cancelled one does not block registering again.
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.meeting}: {self.name or self.pk}"


class AttendanceCount(DemographicCount):
    """How many came, by gender and age band; no names are needed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "gender", "age_band"], name="attendance_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.meeting}: {self.count}"


class Rating(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    A_LITTLE = 2, _("A little")
    PARTLY = 3, _("Partly")
    MOSTLY = 4, _("Mostly")
    FULLY = 5, _("Fully")


class EvaluationResponse(models.Model):
    """A participant's anonymous evaluation of a meeting, on paper or by phone."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper")
        PHONE = "phone", _("Phone or computer")

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNSURE = "unsure", _("Don't know")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evaluations")
    purpose_clear = models.PositiveSmallIntegerField(
        _("Was the purpose of the meeting clear?"), choices=Rating.choices, null=True, blank=True
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
        verbose_name = _("meeting evaluation")
        verbose_name_plural = _("meeting evaluations")

    def __str__(self):
        return f"{self.meeting}: {self.pk}"
