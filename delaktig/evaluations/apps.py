from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "delaktig.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Evaluation

        # Switching an evaluation on or off is a staff action on a dialogue: logged.
        # The answers are anonymous and are not (an audit entry carries the IP address).
        auditlog.register(Evaluation)
