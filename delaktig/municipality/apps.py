from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "delaktig.municipality"
    label = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import District, Municipality, RoleAssignment, Unit

        for model in (Municipality, Unit, District, RoleAssignment):
            auditlog.register(model)
