from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "delaktig.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from .context import fill_actor

        pre_save.connect(fill_actor, sender=LogEntry, dispatch_uid="delaktig_audit_actor")
