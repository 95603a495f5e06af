from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "delaktig.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Report, ReportVersion

        # The report is a published result: every change and publication is logged.
        auditlog.register(Report)
        auditlog.register(ReportVersion, exclude_fields=["snapshot"])
