from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "delaktig.methods"
    label = "methods"
    verbose_name = _("Method catalogue")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Method

        auditlog.register(Method, m2m_fields={"suits"})
