from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "delaktig.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.db.models.signals import post_save

        from delaktig.contributions.models import Contribution

        from .receivers import note_hear_back

        post_save.connect(
            note_hear_back, sender=Contribution, dispatch_uid="privacy.note_hear_back"
        )
