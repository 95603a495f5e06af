from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "delaktig.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import MatrixItem, Option, Question, Section, Survey

        # Staff edits are audited; responses and invitations are residents' data
        # and are not copied into the audit log.
        auditlog.register(Survey)
        auditlog.register(Section)
        auditlog.register(Question)
        auditlog.register(Option)
        auditlog.register(MatrixItem)
