from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delaktig.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask; everything in the database now is replaced.",
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input("Everything in the database is replaced by the backup. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            manifest = restore(Path(path))
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows from {path} (made {manifest['created']}).")
