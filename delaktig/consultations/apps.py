from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "delaktig.consultations"
    label = "consultations"
    verbose_name = _("Consultations on alternatives")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Alternative, AlternativeDocument, Consultation

        # Staff edits are audited; choices are residents' input and are not copied
        # into the audit log (an anonymous choice must stay untraceable).
        auditlog.register(Consultation)
        auditlog.register(Alternative)
        auditlog.register(AlternativeDocument)
