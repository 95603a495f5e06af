from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.demographics import AgeBand, Gender


class Municipality(models.Model):
    """The one municipality (or region) a deployment serves."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An organisational unit: a committee, an administration or a drafting group."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Municipal council")
        PRESIDIUM = "presidium", _("Council presidium")
        BOARD = "board", _("Municipal board")
        COMMITTEE = "committee", _("Committee")
        ADMINISTRATION = "administration", _("Administration")
        DRAFTING_GROUP = "drafting_group", _("Drafting group or future group")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="units", verbose_name=_("municipality")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("abbreviation"), max_length=20, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unit_slug_unique"),
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_committee(self) -> bool:
        """Committees own dialogues and have elected representatives."""
        return self.kind in {
            self.Kind.COUNCIL,
            self.Kind.PRESIDIUM,
            self.Kind.BOARD,
            self.Kind.COMMITTEE,
            self.Kind.DRAFTING_GROUP,
        }


class District(models.Model):
    """A part of the municipality (kommundel) used for targeting and reach."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="districts",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    code = models.CharField(
        _("statistics code"),
        max_length=20,
        blank=True,
        help_text=_("For example the area code used in population statistics."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="district_slug_unique"),
            models.UniqueConstraint(fields=["municipality", "name"], name="district_name_unique"),
        ]

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """A person's role in one unit. Permissions follow the unit."""

    class Role(models.TextChoices):
        OFFICIAL = "official", _("Official")
        REPRESENTATIVE = "representative", _("Elected representative")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("For example process leader or chair."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["unit__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_assignment_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class TargetGroup(models.Model):
    """A group of residents a dialogue aims at (målgrupp), from one shared list.

    Methods in the catalogue say which groups they suit, and the coordination
    calendar warns when two dialogues ask the same group at the same time, so
    dialogues pick from this list rather than typing free text.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """A subject area residents can filter dialogues by (stadsbyggnad, kultur …)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PopulationFigure(models.Model):
    """How many residents of one district, gender and age band live in the municipality.

    Imported from SCB-shaped tables (area, age, sex, count); the denominator when
    results compare who took part with who lives here. ``district`` empty means the
    whole municipality (for tables without small areas).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_figures",
        verbose_name=_("district"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number of residents"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "district", "gender", "age_band"],
                name="population_figure_unique",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.district or self.municipality} {self.gender} {self.age_band}"
