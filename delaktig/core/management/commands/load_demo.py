from django.core.management.base import BaseCommand

from delaktig.audit.context import acting_as
from delaktig.core.demo_loading import demo_loaders


class Command(BaseCommand):
    help = "Load the fictional demo municipality (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the database has no municipality yet; always print logins.",
        )

    def handle(self, *args, if_empty=False, **options):
        from delaktig.municipality.demo import logins
        from delaktig.municipality.models import Municipality

        if not (if_empty and Municipality.objects.exists()):
            with acting_as(None):
                for label, load in demo_loaders():
                    load(log=lambda msg, label=label: self.stdout.write(f"[{label}] {msg}"))
        rows = logins()
        if rows:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo logins (fictional people):"))
            for email, password, who in rows:
                self.stdout.write(f"  {email:<40} {password}   {who}")
