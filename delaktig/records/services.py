"""Exporting a dialogue's archive package, and disposal (gallring) by decision only."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.dialogues.models import State

from .archive import build_package
from .models import ArchiveExport, Disposal

PERMISSION = "records.manage_records"


def archive_export(*, actor, dialogue) -> tuple[ArchiveExport, bytes]:
    """Build the package and record that it was exported, with its checksum."""
    if not actor.has_perm(PERMISSION, dialogue):
        raise PermissionDenied
    data = build_package(dialogue, actor=actor)
    with transaction.atomic(), acting_as(actor):
        export = ArchiveExport.objects.create(
            dialogue=dialogue,
            dialogue_title=dialogue.title,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=actor,
        )
    return export, data


def dialogue_dispose(
    *, actor, dialogue, decision_reference: str, decided_by: str, decided_on
) -> Disposal:
    """Remove an archived dialogue and everything under it, on a recorded decision.

    Only an archived dialogue whose package has been exported can be disposed of:
    the archive, not this database, then holds the record.
    """
    if not actor.has_perm(PERMISSION, dialogue):
        raise PermissionDenied
    errors = {}
    if dialogue.state != State.ARCHIVED:
        errors["__all__"] = _("Only an archived dialogue can be disposed of.")
    export = dialogue.archive_exports.order_by("-created_at", "-pk").first()
    if export is None:
        errors["__all__"] = _("Export the archive package before the dialogue is disposed of.")
    if not decision_reference.strip():
        errors["decision_reference"] = _("Write the registration number of the decision.")
    if not decided_by.strip():
        errors["decided_by"] = _("Write who made the decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        disposal = Disposal.objects.create(
            dialogue_title=dialogue.title,
            dialogue_slug=dialogue.slug,
            decision_reference=decision_reference.strip(),
            decided_by=decided_by.strip(),
            decided_on=decided_on,
            archive_export=export,
            performed_by=actor,
        )
        dialogue.delete()
    return disposal
