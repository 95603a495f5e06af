from django.core.management.base import BaseCommand

from delaktig.surveys.invitations import invitations_purge


class Command(BaseCommand):
    help = "Delete invitation e-mail addresses of surveys closed longer than the retention period."

    def handle(self, *args, **options):
        count = invitations_purge()
        self.stdout.write(f"Deleted the e-mail addresses of {count} survey invitations.")
