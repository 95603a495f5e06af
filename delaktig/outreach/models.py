"""The outreach log (uppsökande samtal): street and square conversations, visits to
associations and schools — counted, so that figures like "about 5000 residents met
and 2700 conversations held" come out of the platform."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import DemographicCount


class OutreachEntry(models.Model):
    class Kind(models.TextChoices):
        STREET = "street", _("Street or square conversations")
        ASSOCIATION = "association", _("Visit to an association")
        SCHOOL = "school", _("School visit")
        POPUP = "popup", _("Pop-up tent")
        DOOR = "door", _("Door-knocking")
        PHONE = "phone", _("Phone evening or phone duty")
        HOME = "home", _("Politician invited home")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        "municipality.Municipality", on_delete=models.CASCADE, related_name="outreach_entries"
    )
    kind = models.CharField(_("type of outreach"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    district = models.ForeignKey(
        "municipality.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_entries",
        verbose_name=_("district"),
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # The group doing the outreach, e.g. a drafting group (beredning/framtidsgrupp).
    unit = models.ForeignKey(
        "municipality.Unit",
        on_delete=models.PROTECT,
        related_name="outreach_entries",
        verbose_name=_("group"),
    )
    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_entries",
        verbose_name=_("dialogue"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outreach_entries",
        verbose_name=_("who took part from the municipality"),
    )
    people_met = models.PositiveIntegerField(_("people met"))
    conversations = models.PositiveIntegerField(_("conversations held"))
    topics = models.ManyToManyField(
        "municipality.Topic", blank=True, related_name="outreach_entries", verbose_name=_("topics")
    )
    notes = models.TextField(_("short notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The form's one-time key: a resend on a weak connection stores the entry once.
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("outreach entry")
        verbose_name_plural = _("outreach log")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["municipality", "date"])]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class OutreachTally(DemographicCount):
    """Optional counts of the people met, by gender and age band."""

    entry = models.ForeignKey(OutreachEntry, on_delete=models.CASCADE, related_name="tallies")

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "gender", "age_band"], name="outreach_tally_unique"
            )
        ]

    def __str__(self):
        return f"{self.entry}: {self.count}"
