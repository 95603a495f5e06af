import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from delaktig.contributions import services
from delaktig.contributions.models import Contribution
from delaktig.core.registry import ContributionType, MethodManifest, registry
from delaktig.dialogues.models import DialogueQuestion
from delaktig.dialogues.tests.factories import DialogueFactory

from .images import CAMERA, upload

KEY = "contribution_tests"


@pytest.fixture(autouse=True)
def test_method():
    manifest = registry.register(
        MethodManifest(
            key=KEY,
            name="Test",
            ladder_levels=frozenset({2}),
            online=False,
            offline=True,
            contribution_types=(
                ContributionType("note", "Note"),
                ContributionType("photo", "Photo"),
            ),
        )
    )
    yield manifest
    registry.unregister(KEY)


def create(world, actor=None, kind="note", **data):
    return services.contribution_create(
        actor=actor or world["official"],
        dialogue=world["dialogue"],
        activity=world["activity"],
        method_key=KEY,
        kind=kind,
        data=data,
    )


def test_create_stores_a_tagged_contribution_recorded_by_the_actor(world):
    c = create(
        world,
        question=world["question"],
        source_label=" Bord 3 ",
        title="Bussar",
        text="Fler kvällsbussar.",
    )
    c.refresh_from_db()
    assert (c.method_key, c.kind, c.question, c.source_label) == (
        KEY,
        "note",
        world["question"],
        "Bord 3",
    )
    assert c.recorded_by == world["official"] and c.author is None
    # Input from an activity comes from where the activity happened.
    assert c.district == world["activity"].district


def test_create_is_audit_logged_with_the_actor(world):
    c = create(world, text="Något")
    entry = LogEntry.objects.get_for_object(c).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world["official"]


@pytest.mark.parametrize("who", ["resident", "other_official", "representative"])
def test_only_those_who_run_the_dialogue_may_document(world, who):
    with pytest.raises(PermissionDenied):
        create(world, actor=world[who], text="Något")
    assert not Contribution.objects.exists()


def test_administrators_may_document(world):
    assert create(world, actor=world["administrator"], text="Något").pk


def test_a_method_may_pass_its_own_permission_or_none(world):
    c = services.contribution_create(
        actor=world["resident"],
        dialogue=world["dialogue"],
        method_key=KEY,
        kind="note",
        data={"text": "Min idé"},
        author=world["resident"],
        permission=None,
    )
    assert c.author == world["resident"]


def test_unknown_kind_of_a_registered_method_is_refused(world):
    with pytest.raises(ValidationError) as error:
        create(world, kind="poem", text="x")
    assert "kind" in error.value.error_dict


def test_a_question_of_another_dialogue_is_refused(world):
    other = DialogueQuestion.objects.create(
        dialogue=DialogueFactory(municipality=world["dialogue"].municipality), text="Annan"
    )
    with pytest.raises(ValidationError) as error:
        create(world, question=other, text="x")
    assert "question" in error.value.error_dict


def test_an_activity_of_another_dialogue_is_refused(world):
    other = DialogueFactory(
        municipality=world["dialogue"].municipality, unit=world["dialogue"].unit
    )
    with pytest.raises(ValidationError):
        services.contribution_create(
            actor=world["official"],
            dialogue=other,
            activity=world["activity"],
            method_key=KEY,
            kind="note",
            data={"text": "x"},
        )


def test_empty_input_is_refused(world):
    with pytest.raises(ValidationError) as error:
        create(world, text="   ")
    assert "text" in error.value.error_dict


def test_a_photo_needs_a_description(world):
    with pytest.raises(ValidationError) as error:
        create(world, kind="photo", image=upload())
    assert "image_description" in error.value.error_dict


def test_a_stored_photo_has_no_exif(world):
    c = create(world, kind="photo", image=upload(), image_description="Duken från bord 2")
    c.refresh_from_db()
    with c.image.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert CAMERA.encode() not in data and b"Exif" not in data
    assert c.image.name.startswith("contributions/") and "IMG_0001" not in c.image.name


def test_update_changes_text_and_kind(world):
    c = create(world, text="Först")
    services.contribution_update(
        actor=world["official"], contribution=c, kind="photo", data={"text": "Sedan"}
    )
    c.refresh_from_db()
    assert (c.text, c.kind) == ("Sedan", "photo")
    assert LogEntry.objects.get_for_object(c).filter(action=LogEntry.Action.UPDATE).exists()


def test_update_refuses_those_who_may_not_run_the_dialogue(world):
    c = create(world, text="Först")
    with pytest.raises(PermissionDenied):
        services.contribution_update(
            actor=world["other_official"], contribution=c, data={"text": "Hack"}
        )
    c.refresh_from_db()
    assert c.text == "Först"


def test_replacing_a_photo_deletes_the_old_file_after_commit(
    world, django_capture_on_commit_callbacks
):
    c = create(world, kind="photo", image=upload(), image_description="Duk")
    old = c.image.name
    storage = c.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_update(
            actor=world["official"], contribution=c, data={"image": upload()}
        )
    assert c.image.name != old
    assert storage.exists(c.image.name)
    assert not storage.exists(old)


def test_remove_deletes_the_row_and_its_photo(world, django_capture_on_commit_callbacks):
    c = create(world, kind="photo", image=upload(), image_description="Duk")
    name, storage, pk = c.image.name, c.image.storage, c.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_remove(actor=world["official"], contribution=c)
    assert not Contribution.objects.filter(pk=pk).exists()
    assert not storage.exists(name)
    assert LogEntry.objects.filter(
        object_pk=str(pk), action=LogEntry.Action.DELETE, actor=world["official"]
    ).exists()


def test_remove_refuses_a_resident(world):
    c = create(world, text="Kvar")
    with pytest.raises(PermissionDenied):
        services.contribution_remove(actor=world["resident"], contribution=c)
    assert Contribution.objects.filter(pk=c.pk).exists()
