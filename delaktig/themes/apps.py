from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "delaktig.themes"
    label = "themes"
    verbose_name = _("Themes")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Theme, ThemeAnalysis

        # ThemeAssignment is left out on purpose: a run writes thousands in bulk;
        # hand moves are logged explicitly by services.contribution_move.
        auditlog.register(Theme)
        auditlog.register(ThemeAnalysis, exclude_fields=["progress"])
