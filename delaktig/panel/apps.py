from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    name = "delaktig.panel"
    label = "panel"
    verbose_name = _("Citizen panel")

    def ready(self):
        from auditlog.registry import auditlog

        from delaktig.privacy.providers import Provider, register

        from .models import ConsentText, Panel, PanelSample
        from .services import (
            member_consent_withdraw,
            member_consents,
            member_data_erase,
            member_data_export,
        )

        # Members are not logged: the log would keep a profile that leaving deletes.
        auditlog.register(Panel)
        auditlog.register(ConsentText)
        auditlog.register(PanelSample, exclude_fields=["allocation", "departed"])
        register(
            Provider(
                key="panel",
                export=member_data_export,
                erase=member_data_erase,
                consents=member_consents,
                withdraw=member_consent_withdraw,
            )
        )
