from django.core.management.base import BaseCommand

from delaktig.surveys.drafts import survey_drafts_purge


class Command(BaseCommand):
    help = (
        "Delete survey drafts nobody has saved for the retention period, and the drafts "
        "of surveys closed longer than that. Run it daily."
    )

    def handle(self, *args, **options):
        counts = survey_drafts_purge()
        self.stdout.write(f"Deleted {sum(counts.values())} abandoned survey drafts.")
