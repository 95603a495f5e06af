from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "delaktig.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import OutreachEntry, OutreachTally

        auditlog.register(OutreachEntry, m2m_fields={"staff", "topics"})
        # Corrections of the counts by gender and age are changes to the figures too.
        auditlog.register(OutreachTally)
