from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "delaktig.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Contribution

        auditlog.register(Contribution)
