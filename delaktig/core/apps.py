from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "delaktig.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.backends.signals import connection_created

        from .models import AccessibilityStatement
        from .pagecache import install_write_watcher
        from .registry import registry

        connection_created.connect(install_write_watcher, dispatch_uid="delaktig.pagecache")
        registry.discover()
        auditlog.register(AccessibilityStatement)
