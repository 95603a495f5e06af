from django.core.management.base import BaseCommand, CommandError

from delaktig.privacy.retention import PurgeFailed, purge_personal_data


class Command(BaseCommand):
    help = (
        "Delete residents' personal data whose retention period has passed: meeting "
        "registrations, survey invitation addresses and drafts, followers of evaluated "
        "dialogues, the account links of consultation choices and survey responses of "
        "evaluated dialogues (and who answered a survey), and old one-time form keys. "
        "Logs counts only. Run it daily."
    )

    def handle(self, *args, **options):
        try:
            counts = purge_personal_data()
        except PurgeFailed as error:
            self._report(error.counts)
            raise CommandError(f"{error} (see the log)") from error
        self._report(counts)

    def _report(self, counts):
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
