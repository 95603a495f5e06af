from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "delaktig.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import AttendanceCount, Meeting

        # Registrations hold personal data and are purged; their changes are not
        # copied into the audit log, where they would outlive the purge.
        auditlog.register(Meeting)
        auditlog.register(AttendanceCount)
