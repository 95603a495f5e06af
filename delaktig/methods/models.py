"""The method catalogue (metodbank): every method a municipality can choose from.

Entries describe methods in Swedish for officials planning a dialogue. A method
the platform runs itself has ``registry_key`` set to the key of its manifest in
``delaktig.core.registry``; the catalogue then links to that capability.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.municipality.models import TargetGroup


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("In person")
    BOTH = "both", _("Online or in person")


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Method(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    summary = models.CharField(_("in short"), max_length=300)
    description = models.TextField(_("what it is"))
    when_to_use = models.TextField(_("when to use it"), blank=True)
    ladder_levels = models.JSONField(
        _("levels of influence"),
        default=list,
        help_text=_("Numbers 1–5 on the participation ladder."),
    )
    mode = models.CharField(_("online or in person"), max_length=10, choices=Mode.choices)
    group_size_min = models.PositiveIntegerField(_("smallest group"), default=1)
    group_size_max = models.PositiveIntegerField(
        _("largest group"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    effort = models.PositiveSmallIntegerField(_("effort for staff"), choices=Level.choices)
    cost_level = models.PositiveSmallIntegerField(_("cost"), choices=Level.choices)
    suits = models.ManyToManyField(
        TargetGroup, blank=True, related_name="methods", verbose_name=_("suits these target groups")
    )
    registry_key = models.CharField(
        _("run on the platform as"),
        max_length=50,
        blank=True,
        help_text=_("Set when Delaktig runs the method itself."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def manifest(self):
        from delaktig.core.registry import registry

        return registry.get(self.registry_key)
