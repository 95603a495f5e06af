from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "delaktig.dialogues"
    label = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(
            models.Dialogue,
            m2m_fields={"districts", "topics", "responsible"},
            exclude_fields=["search_text"],
        )
        for model in (
            models.DialogueQuestion,
            models.DialogueTargetGroup,
            models.Activity,
            models.CommunicationItem,
            models.CostItem,
        ):
            auditlog.register(model)
