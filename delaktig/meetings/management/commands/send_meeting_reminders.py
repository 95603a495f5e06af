from django.core.management.base import BaseCommand

from delaktig.meetings.services import meeting_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail a reminder to everyone registered for a meeting that starts in 24–48 hours. "
        "Each meeting is reminded once; run it daily (or more often)."
    )

    def handle(self, *args, **options):
        count = meeting_reminders_send()
        self.stdout.write(f"Meeting reminders queued: {count}")
