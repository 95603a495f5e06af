from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "delaktig.municipality"
    label = "municipality"
    verbose_name = _("Municipality")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import District, Municipality, RoleAssignment, TargetGroup, Topic, Unit

        # Reverse relations (a municipality's units) are logged on the related rows.
        auditlog.register(Municipality, exclude_fields=["units", "districts"])
        auditlog.register(Unit, exclude_fields=["children", "role_assignments"])
        auditlog.register(District)
        auditlog.register(RoleAssignment)
        auditlog.register(TargetGroup)
        auditlog.register(Topic)
