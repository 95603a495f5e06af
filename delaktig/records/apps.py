from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "delaktig.records"
    label = "records"
    verbose_name = _("Public records")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ArchiveExport, Disposal

        auditlog.register(ArchiveExport)
        auditlog.register(Disposal)
