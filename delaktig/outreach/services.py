"""Every write to the outreach log goes through these functions.

Each checks permission, validates, writes in one transaction and leaves an
audit-log entry (django-auditlog, with the acting person set by ``acting_as``).

Recording is idempotent on the form's ``submission_key``: an entry typed on a weak
connection may reach the server twice (a resend after a lost answer, a double tap,
two retries racing each other), and it must be stored once.
"""

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.core.demographics import AgeBand, Gender
from delaktig.dialogues.models import PUBLIC_STATES
from delaktig.municipality.models import Municipality, RoleAssignment

from .models import OutreachEntry, OutreachTally

# The plain fields of an entry that ``data`` may carry (relations are handled apart).
SCALAR_FIELDS = (
    "kind",
    "date",
    "place",
    "district",
    "latitude",
    "longitude",
    "unit",
    "dialogue",
    "people_met",
    "conversations",
    "notes",
)

Tallies = Mapping[tuple[str, str], int]


def _existing_entry(submission_key) -> OutreachEntry | None:
    """The entry already stored under this key, if any (a separate function so that
    tests can simulate the race where two sends pass this check at the same time)."""
    if submission_key is None:
        return None
    return OutreachEntry.objects.filter(submission_key=submission_key).first()


def outreach_entry_record(
    *, actor, municipality: Municipality, data: dict, submission_key=None
) -> OutreachEntry:
    """Store one outreach entry, or return the one already stored under ``submission_key``.

    ``data`` holds the fields of ``OutreachEntry`` plus ``staff`` (people),
    ``topics`` and ``tallies`` (``{(gender, age_band): count}``). A repeat with the
    same key returns the first entry unchanged, also when two requests race: the
    unique key makes the second insert fail, and the stored entry is returned.
    """
    if submission_key is not None and not isinstance(submission_key, uuid.UUID):
        try:
            submission_key = uuid.UUID(str(submission_key))
        except ValueError:
            submission_key = None
    existing = _existing_entry(submission_key)
    if existing is not None:
        return existing
    try:
        return _record(
            actor=actor, municipality=municipality, data=data, submission_key=submission_key
        )
    except IntegrityError:
        # Another request with the same key committed between our check and our
        # insert. Our transaction has rolled back; the stored entry is the answer.
        existing = _existing_entry(submission_key)
        if existing is None:
            raise
        return existing


@transaction.atomic
def _record(*, actor, municipality, data, submission_key) -> OutreachEntry:
    unit = data.get("unit")
    if unit is None or not rules.has_perm("outreach.record_for_unit", actor, unit):
        raise PermissionDenied
    entry = OutreachEntry(
        municipality=municipality,
        recorded_by=actor if actor and actor.is_authenticated else None,
        submission_key=submission_key,
    )
    _apply(entry, data)
    staff = list(data.get("staff") or [])
    topics = list(data.get("topics") or [])
    tallies = _clean_tallies(data.get("tallies") or {})
    _validate(entry, actor=actor, staff=staff, tallies=tallies, previous_staff=())
    with acting_as(actor):
        entry.save()
        entry.staff.set(staff)
        entry.topics.set(topics)
        _write_tallies(entry, tallies)
    return entry


@transaction.atomic
def outreach_entry_update(*, actor, entry: OutreachEntry, data: dict) -> OutreachEntry:
    """Correct an entry (recorder, the group's officials or an administrator)."""
    entry = OutreachEntry.objects.select_for_update().get(pk=entry.pk)
    if not rules.has_perm("outreach.change_entry", actor, entry):
        raise PermissionDenied
    new_unit = data.get("unit", entry.unit)
    if new_unit is None:
        raise ValidationError({"unit": _("Choose the group.")})
    if new_unit.pk != entry.unit_id and not rules.has_perm(
        "outreach.record_for_unit", actor, new_unit
    ):
        raise PermissionDenied
    previous_staff = list(entry.staff.all())
    _apply(entry, data)
    staff = list(data["staff"]) if "staff" in data else previous_staff
    tallies = (
        _clean_tallies(data["tallies"])
        if "tallies" in data
        else {(t.gender, t.age_band): t.count for t in entry.tallies.all()}
    )
    _validate(entry, actor=actor, staff=staff, tallies=tallies, previous_staff=previous_staff)
    with acting_as(actor):
        entry.save()
        if "staff" in data:
            entry.staff.set(staff)
        if "topics" in data:
            entry.topics.set(list(data["topics"]))
        if "tallies" in data:
            _write_tallies(entry, tallies)
    return entry


@transaction.atomic
def outreach_entry_delete(*, actor, entry: OutreachEntry) -> None:
    if not rules.has_perm("outreach.change_entry", actor, entry):
        raise PermissionDenied
    with acting_as(actor):
        entry.delete()


def _apply(entry: OutreachEntry, data: dict) -> None:
    for field in SCALAR_FIELDS:
        if field in data:
            value = data[field]
            if field in {"place", "notes"}:
                value = (value or "").strip()
            elif field in {"latitude", "longitude"}:
                value = _coordinate(field, value)
            setattr(entry, field, value)


def _coordinate(field: str, value) -> Decimal | None:
    """Six decimals (about 10 cm) is the column's precision and more than a phone's
    position is worth; rounding keeps a full-precision reading from being refused."""
    if value in (None, ""):
        return None
    message = _("Write a number, for example 59.3293.")
    try:
        number = Decimal(str(value))
        if not number.is_finite() or abs(number) > 1000:
            raise ValidationError({field: message})
        return number.quantize(Decimal("0.000001"))
    except InvalidOperation as error:
        raise ValidationError({field: message}) from error


def _clean_tallies(tallies) -> dict[tuple[str, str], int]:
    """Keep the non-zero counts; refuse codes that are not genders or age bands."""
    if not isinstance(tallies, Mapping):
        tallies = {(gender, band): count for gender, band, count in tallies}
    cleaned = {}
    for (gender, band), count in tallies.items():
        if gender not in Gender.values or band not in AgeBand.values:
            raise ValidationError(_("The tallies use an unknown gender or age band."))
        if count is None or count == 0:
            continue
        if count < 0:
            raise ValidationError(_("A tally cannot be negative."))
        cleaned[(gender, band)] = int(count)
    return cleaned


def _write_tallies(entry: OutreachEntry, tallies: dict) -> None:
    # Few rows (at most genders × bands); rows are replaced one by one so that each
    # change is in the audit log.
    existing = {(t.gender, t.age_band): t for t in entry.tallies.all()}
    for key, tally in existing.items():
        if key not in tallies:
            tally.delete()
        elif tally.count != tallies[key]:
            tally.count = tallies[key]
            tally.save(update_fields=["count"])
    for (gender, band), count in tallies.items():
        if (gender, band) not in existing:
            OutreachTally.objects.create(entry=entry, gender=gender, age_band=band, count=count)


def _validate(entry, *, actor, staff: Iterable, tallies: dict, previous_staff: Iterable) -> None:
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    if entry.date and entry.date > today:
        add("date", _("The date cannot be in the future."))
    for field in ("people_met", "conversations"):
        value = getattr(entry, field)
        if value is not None and value < 0:
            add(field, _("Write 0 or a larger number."))
    # Every conversation is held with at least one person, so more conversations
    # than people means the two numbers were swapped or mistyped. (Several people
    # in one conversation — a family, a group of friends — is common; the reverse
    # is not.)
    if (
        entry.people_met is not None
        and entry.conversations is not None
        and entry.conversations > entry.people_met
    ):
        add(
            "conversations",
            _(
                "There cannot be more conversations than people met: every conversation "
                "is with at least one person. Check that the numbers are not swapped."
            ),
        )
    tally_total = sum(tallies.values())
    if entry.people_met is not None and tally_total > entry.people_met:
        add(
            "people_met",
            _(
                "The counts by gender and age add up to %(total)s, which is more than the "
                "number of people met."
            )
            % {"total": tally_total},
        )
    if entry.district_id and entry.district.municipality_id != entry.municipality_id:
        add("district", _("Choose a district of the municipality."))
    if (entry.latitude is None) != (entry.longitude is None):
        add("latitude", _("Give both latitude and longitude, or neither."))
    if entry.latitude is not None and not -90 <= entry.latitude <= 90:
        add("latitude", _("The latitude must be between -90 and 90."))
    if entry.longitude is not None and not -180 <= entry.longitude <= 180:
        add("longitude", _("The longitude must be between -180 and 180."))
    if not entry.district_id and entry.latitude is None and not entry.place:
        add("district", _("Say where: choose a district, give a place or use your position."))
    if entry.unit_id and entry.unit.municipality_id != entry.municipality_id:
        add("unit", _("Choose a group of the municipality."))
    if entry.dialogue_id:
        dialogue = entry.dialogue
        if dialogue.municipality_id != entry.municipality_id or dialogue.state not in PUBLIC_STATES:
            add("dialogue", _("Choose a published dialogue of the municipality."))
    # Who took part: people with a role in the group, the one recording, or those
    # already on the entry (a correction must not drop them for a role change).
    allowed = set(
        RoleAssignment.objects.filter(unit_id=entry.unit_id).values_list("user_id", flat=True)
    )
    allowed.update(p.pk for p in previous_staff)
    if actor is not None and actor.is_authenticated:
        allowed.add(actor.pk)
    if any(person.pk not in allowed for person in staff):
        add("staff", _("Choose people from the group."))
    if errors:
        raise ValidationError(errors)
    try:
        entry.full_clean(exclude=["submission_key", "municipality", "recorded_by"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
