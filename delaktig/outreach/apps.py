from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "delaktig.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import OutreachEntry

        auditlog.register(OutreachEntry, m2m_fields={"staff", "topics"})
