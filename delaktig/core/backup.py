"""Backup and restore of the whole database and the uploaded files, database-neutral.

A backup is one zip: ``data.json`` (Django's serialisation of every row, with
natural keys for content types so it loads into a freshly migrated database of
either engine), the uploaded files under ``media/``, and ``manifest.json`` with
the row count per model and a SHA-256 per file. Restore checks the manifest,
then empties the database and loads the backup **in one transaction**: if
anything fails, the database is left as it was.

For large production databases, the engine's own tools (``pg_dump``) are faster;
docs/deploy.md describes both. This format is what moves a municipality between
SQLite and PostgreSQL, and what the round-trip test proves complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from auditlog.context import disable_auditlog
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "delaktig-backup"
FORMAT_VERSION = "1"
# Recreated by migrate for the installed apps; referenced by natural keys instead.
EXCLUDED = ["contenttypes", "auth.permission"]


class BackupError(Exception):
    pass


def _media_files(directory: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{name}".lstrip("/") for name in files]
    for folder in folders:
        found.extend(_media_files(f"{directory}/{folder}".lstrip("/")))
    return sorted(found)


def dump_rows() -> list[dict]:
    """Every row of every model, as serialised objects (also what the test compares)."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        format="json",
        stdout=out,
        verbosity=0,
    )
    return json.loads(out.getvalue() or "[]")


def backup(path: Path) -> dict:
    rows = dump_rows()
    data = json.dumps(rows, ensure_ascii=False).encode()
    counts = Counter(row["model"] for row in rows)
    files = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data)
        files["data.json"] = hashlib.sha256(data).hexdigest()
        for name in _media_files():
            with default_storage.open(name, "rb") as handle:
                body = handle.read()
            archive.writestr(f"media/{name}", body)
            files[f"media/{name}"] = hashlib.sha256(body).hexdigest()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "rows": dict(sorted(counts.items())),
            "files": files,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def _read_checked(path: Path) -> tuple[dict, bytes, dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError("Not a Delaktig backup.")
        bodies = {name: archive.read(name) for name in manifest["files"]}
    for name, digest in manifest["files"].items():
        if hashlib.sha256(bodies[name]).hexdigest() != digest:
            raise BackupError(f"Checksum differs for {name}; the backup is damaged.")
    data = bodies.pop("data.json")
    return manifest, data, bodies


def _set_constraints(mode: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def check_constraints_now() -> None:
    """PostgreSQL will not empty a table (TRUNCATE) while the same transaction has
    deferred constraint checks pending; run them now instead of at commit.
    ``defer_constraints`` turns deferral back on, which loading rows in any order needs."""
    _set_constraints("IMMEDIATE")


def defer_constraints() -> None:
    _set_constraints("DEFERRED")


def restore(path: Path) -> dict:
    """Replace the database and uploaded files with the backup's."""
    manifest, data, media = _read_checked(path)
    known = {f"{m._meta.app_label}.{m._meta.model_name}" for m in apps.get_models()}
    unknown = set(manifest["rows"]) - known
    if unknown:
        raise BackupError(f"The backup has models this version does not know: {sorted(unknown)}")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "data.json"
        fixture.write_bytes(data)
        # Loading rows is not a change by anyone: the audit log comes from the backup.
        with transaction.atomic(), disable_auditlog():
            check_constraints_now()
            call_command("flush", interactive=False, verbosity=0)
            defer_constraints()
            call_command("loaddata", str(fixture), verbosity=0)
    for name, body in media.items():
        target = name.removeprefix("media/")
        if default_storage.exists(target):
            default_storage.delete(target)
        default_storage.save(target, ContentFile(body))
    return manifest
