from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "delaktig.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        auditlog.register(
            User,
            include_fields=[
                "email",
                "name",
                "district",
                "language",
                "is_active",
                "is_staff",
                "is_superuser",
            ],
        )
