from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from delaktig.core.backup import backup


class Command(BaseCommand):
    help = "Write the whole database and the uploaded files to one zip (see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the backup (default: var/backups/delaktig-<time>.zip).",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            folder = Path("var/backups")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"delaktig-{timezone.now():%Y%m%d-%H%M%S}.zip"
        manifest = backup(Path(path))
        rows = sum(manifest["rows"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Backup written to {path}: {rows} rows, {files} uploaded files.")
