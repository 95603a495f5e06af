"""Age bands and genders, in one shape for every method and for population figures.

Results compare who took part with the population, so every method records
demographics with these codes, and population figures are imported into them.
Bands carry their age limits so that population tables with single years of age
(as SCB publishes them) can be summed into bands.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNSTATED = "unstated", _("Prefer not to say")


class AgeBand(models.TextChoices):
    CHILD = "0-12", _("0–12 years")
    TEEN = "13-17", _("13–17 years")
    YOUNG_ADULT = "18-25", _("18–25 years")
    ADULT = "26-44", _("26–44 years")
    MIDDLE = "45-64", _("45–64 years")
    SENIOR = "65-79", _("65–79 years")
    OLD = "80+", _("80 years or older")
    UNKNOWN = "unknown", _("Age not given")


@dataclass(frozen=True)
class BandLimits:
    band: str
    low: int
    high: int | None  # inclusive; None for the open top band


BAND_LIMITS = (
    BandLimits(AgeBand.CHILD, 0, 12),
    BandLimits(AgeBand.TEEN, 13, 17),
    BandLimits(AgeBand.YOUNG_ADULT, 18, 25),
    BandLimits(AgeBand.ADULT, 26, 44),
    BandLimits(AgeBand.MIDDLE, 45, 64),
    BandLimits(AgeBand.SENIOR, 65, 79),
    BandLimits(AgeBand.OLD, 80, None),
)


def band_for_age(age: int) -> str:
    if age < 0:
        raise ValueError("age must not be negative")
    for limits in BAND_LIMITS:
        if age >= limits.low and (limits.high is None or age <= limits.high):
            return limits.band
    raise AssertionError("bands cover every age")  # pragma: no cover


class DemographicCount(models.Model):
    """Abstract: a number of people of one gender and age band (no persons stored).

    Attendance at a meeting, tallies from street conversations and similar counts
    subclass this, so results can sum them the same way whatever the method.
    """

    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        abstract = True
