from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "delaktig.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import AccessibilityStatement
        from .registry import registry

        registry.discover()
        auditlog.register(AccessibilityStatement)
