"""Backup → wipe → restore gives back every row and every uploaded file.

Runs on whichever database the suite uses, so CI proves it on SQLite and PostgreSQL.
"""

import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from delaktig.contributions.models import Contribution
from delaktig.core.backup import (
    BackupError,
    backup,
    check_constraints_now,
    defer_constraints,
    dump_rows,
    restore,
)
from delaktig.dialogues.services import dialogue_follow
from delaktig.dialogues.tests.factories import DialogueFactory, complete_plan
from delaktig.meetings.models import Registration
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def world(municipality, media):
    unit = f.UnitFactory(municipality=municipality)
    official = f.official(unit)
    dialogue = complete_plan(DialogueFactory(municipality=municipality, unit=unit, state="open"))
    resident = f.UserFactory(email="eva@example.org")
    dialogue_follow(user=resident, dialogue=dialogue)
    meeting = MeetingFactory(activity__dialogue=dialogue)
    Registration.objects.create(meeting=meeting, name="Eva", email="eva@example.org")
    contribution = Contribution.objects.create(
        dialogue=dialogue,
        activity=meeting.activity,
        method_key="meetings",
        kind="photo",
        text="Duken från bord 3",
        image_description="En duk med post-it-lappar",
        author=resident,
        recorded_by=official,
    )
    contribution.image.save("duk.jpg", ContentFile(b"\xff\xd8\xff fake jpeg body"))
    return {"dialogue": dialogue, "contribution": contribution}


def test_round_trip_gives_back_every_row_and_file(world, tmp_path):
    before = dump_rows()
    image_name = world["contribution"].image.name
    path = tmp_path / "backup.zip"
    manifest = backup(path)
    assert manifest["rows"]["dialogues.dialogue"] == 1
    assert f"media/{image_name}" in manifest["files"]

    check_constraints_now()
    call_command("flush", interactive=False, verbosity=0)
    defer_constraints()
    default_storage.delete(image_name)
    assert not Contribution.objects.exists()

    restore(path)

    assert dump_rows() == before
    with default_storage.open(image_name, "rb") as image:
        assert image.read() == b"\xff\xd8\xff fake jpeg body"


def test_a_damaged_backup_is_refused_and_nothing_changes(world, tmp_path):
    path = tmp_path / "backup.zip"
    backup(path)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "data.json":
                body = body.replace(b"Duken", b"Dukar")
            target.writestr(item, body)
    before = dump_rows()
    with pytest.raises(BackupError):
        restore(damaged)
    assert dump_rows() == before


def test_commands_write_and_read_a_backup(world, tmp_path):
    path = tmp_path / "via-command.zip"
    call_command("backup", str(path), verbosity=0)
    Contribution.objects.all().delete()
    call_command("restore", str(path), "--yes", verbosity=0)
    assert Contribution.objects.filter(text="Duken från bord 3").exists()
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing.zip"), "--yes")
