from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "delaktig.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Contribution

        # Who wrote it is the resident's personal data, not a staff action: it stays
        # out of the audit log, which outlives the resident's account.
        auditlog.register(Contribution, exclude_fields=["author"])
