"""Every write to a Contribution, for any method, online or offline.

A method app calls these with its registry key and one of its manifest's
contribution types; the row then joins the dialogue's results like any other
input. Each function checks permission, validates, writes in one transaction
inside ``acting_as`` (so the audit log names the actor) and removes replaced or
removed photo files only after the transaction has committed.

Permission: by default the actor must be allowed to run the dialogue
(``dialogues.run_dialogue``) — staff documenting a meeting, transcribing paper
answers. A method whose residents write their own contributions passes its own
permission name, or ``permission=None`` when its own service has already checked.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.core.registry import registry

from . import images
from .models import Contribution

RUN_DIALOGUE = "dialogues.run_dialogue"
# What a caller may set through ``data``; the rest (dialogue, method, recorder,
# moderation) is decided here or by moderation services.
DATA_FIELDS = frozenset(
    {"question", "source_label", "title", "text", "image", "image_description", "district"}
)
_TEXT_FIELDS = ("source_label", "title", "text", "image_description")


def _require(actor, permission, dialogue) -> None:
    if permission and not (actor is not None and actor.has_perm(permission, dialogue)):
        raise PermissionDenied


def _check_kind(method_key: str, kind: str) -> None:
    if not method_key or not kind:
        raise ValidationError({"kind": _("Choose a type.")})
    manifest = registry.get(method_key)
    # A method that is not (yet) registered has no list to check against; its own
    # service is then responsible for the kind.
    known = {ct.key for ct in manifest.contribution_types} if manifest is not None else set()
    if known and kind not in known:
        raise ValidationError({"kind": _("Choose one of the types in the list.")})


def _apply(contribution: Contribution, data: Mapping[str, Any]) -> Any:
    """Copy ``data`` onto the row; return the previous image file name if replaced."""
    unknown = set(data) - DATA_FIELDS
    if unknown:
        raise ValueError(f"Not contribution fields: {sorted(unknown)}")
    replaced = None
    for name, value in data.items():
        if name == "image":
            if value:
                if contribution.image:
                    replaced = contribution.image.name
                contribution.image = images.sanitise(value)
            elif value is False and contribution.image:
                # False (as from a cleared ClearableFileInput) removes the photo.
                replaced = contribution.image.name
                contribution.image = None
            continue
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        setattr(contribution, name, value)
    return replaced


def _validate(contribution: Contribution) -> None:
    errors = {}
    if contribution.activity_id and contribution.activity.dialogue_id != contribution.dialogue_id:
        raise ValidationError(_("The activity belongs to another dialogue."))
    if contribution.question_id and contribution.question.dialogue_id != contribution.dialogue_id:
        errors["question"] = _("Choose one of this dialogue's questions.")
    if contribution.image and not contribution.image_description:
        errors["image_description"] = _(
            "Describe what the photo shows, for people who cannot see it."
        )
    if not (contribution.text or contribution.title or contribution.image):
        errors["text"] = _("Write the text, or add a photo.")
    if errors:
        raise ValidationError(errors)
    # A reference to an object the caller read from the database exists: checking it
    # again would cost a query per reference on every contribution.
    loaded = [
        field.name
        for field in Contribution._meta.concrete_fields
        if field.is_relation
        and field.is_cached(contribution)
        and getattr(contribution, field.name) is not None
        and not getattr(contribution, field.name)._state.adding
    ]
    contribution.full_clean(exclude=["image", *loaded])


def _delete_file_on_commit(storage, name) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def contribution_create(
    *,
    actor,
    dialogue,
    activity=None,
    method_key: str,
    kind: str,
    data: Mapping[str, Any],
    author=None,
    permission: str | None = RUN_DIALOGUE,
) -> Contribution:
    """Store one piece of input. ``author`` is the resident who said it when known;
    staff transcriptions leave it empty and are marked with ``recorded_by``."""
    _require(actor, permission, dialogue)
    _check_kind(method_key, kind)
    contribution = Contribution(
        dialogue=dialogue,
        activity=activity,
        method_key=method_key,
        kind=kind,
        author=author,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if activity is not None and "district" not in data:
        # Where the activity happened is where its input comes from, unless told.
        contribution.district_id = activity.district_id
    _apply(contribution, data)
    _validate(contribution)
    with acting_as(actor):
        contribution.save()
    return contribution


@transaction.atomic
def contribution_update(
    *,
    actor,
    contribution: Contribution,
    data: Mapping[str, Any],
    kind: str | None = None,
    permission: str | None = RUN_DIALOGUE,
) -> Contribution:
    """Change a contribution's text, tags or photo (a new photo replaces the old
    file, which is deleted after commit)."""
    _require(actor, permission, contribution.dialogue)
    if kind is not None and kind != contribution.kind:
        _check_kind(contribution.method_key, kind)
        contribution.kind = kind
    replaced = _apply(contribution, data)
    _validate(contribution)
    with acting_as(actor):
        contribution.save()
    if replaced and replaced != contribution.image.name:
        _delete_file_on_commit(contribution.image.storage, replaced)
    return contribution


@transaction.atomic
def contribution_remove(
    *, actor, contribution: Contribution, permission: str | None = RUN_DIALOGUE
) -> None:
    """Delete a contribution and, after commit, its photo file."""
    _require(actor, permission, contribution.dialogue)
    image_name = contribution.image.name if contribution.image else None
    storage = contribution.image.storage
    with acting_as(actor):
        contribution.delete()
    _delete_file_on_commit(storage, image_name)
