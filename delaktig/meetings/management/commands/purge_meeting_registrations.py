from django.core.management.base import BaseCommand

from delaktig.meetings.services import meeting_registrations_purge


class Command(BaseCommand):
    help = (
        "Delete names, contact details and stated needs details of meeting registrations "
        "once the meeting's retention period (days after the meeting) has passed. "
        "Counts and needs statistics are kept. Run it daily."
    )

    def handle(self, *args, **options):
        meetings, registrations = meeting_registrations_purge()
        self.stdout.write(
            f"Personal data deleted: {registrations} registrations in {meetings} meetings"
        )
