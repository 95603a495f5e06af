from django.core.management.base import BaseCommand

from delaktig.surveys.invitations import MAX_REMINDERS, REMINDER_INTERVAL_DAYS, reminders_send_all


class Command(BaseCommand):
    help = (
        "E-mail a reminder to every survey invitation that has not been answered, "
        f"at most {MAX_REMINDERS} per invitation and no sooner than "
        f"{REMINDER_INTERVAL_DAYS} days after the last e-mail. Run it daily."
    )

    def handle(self, *args, **options):
        count = reminders_send_all()
        self.stdout.write(f"Survey reminders queued: {count}")
