"""Every write to consultations, alternatives, documents and choices.

Staff functions take the acting person, check ``consultations.run_consultation``,
validate, and write in one transaction inside ``acting_as`` (audit-logged through
apps.py). A resident's choice is checked with ``consultations.choose``; it is not
copied into the audit log, which would keep the address and time of an anonymous
choice next to its reason.
"""

import datetime

from auditlog.context import disable_auditlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as
from delaktig.contributions import images
from delaktig.contributions.services import contribution_create
from delaktig.core.demographics import AgeBand, Gender

from .models import Alternative, AlternativeDocument, Choice, Consultation

METHOD_KEY = "consultations"
REASON_KIND = "reason"
RUN = "consultations.run_consultation"
CHOOSE = "consultations.choose"

CONSULTATION_FIELDS = {"question", "intro", "login_required", "reason", "background_questions"}
ALTERNATIVE_FIELDS = {"title", "description", "image", "image_alt"}
MIN_ALTERNATIVES = 2
MAX_REASON_CHARS = 2000
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

State = Consultation.State


def _require(actor, permission, obj=None):
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied


def _delete_file_on_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


# --- The consultation ------------------------------------------------------------


def _apply(obj, data: dict, allowed: set) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def consultation_create(*, actor, activity, data: dict) -> Consultation:
    """Create the consultation of an activity whose method is a consultation."""
    _require(actor, RUN, activity)
    if activity.method.registry_key != METHOD_KEY:
        raise ValidationError(_("This activity is not a consultation on alternatives."))
    if Consultation.objects.filter(activity=activity).exists():
        raise ValidationError(_("This activity already has a consultation."))
    consultation = Consultation(activity=activity, created_by=actor)
    _apply(consultation, data, CONSULTATION_FIELDS)
    consultation.full_clean(exclude=["activity"])
    with acting_as(actor):
        consultation.save()
    return consultation


@transaction.atomic
def consultation_update(*, actor, consultation: Consultation, data: dict) -> Consultation:
    _require(actor, RUN, consultation)
    _apply(consultation, data, CONSULTATION_FIELDS)
    consultation.full_clean(exclude=["activity"])
    with acting_as(actor):
        consultation.save()
    return consultation


@transaction.atomic
def consultation_open(*, actor, consultation: Consultation) -> Consultation:
    """Open for choices (again). Needs at least two alternatives to choose between."""
    _require(actor, RUN, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state == State.OPEN:
        return consultation
    if consultation.alternatives.count() < MIN_ALTERNATIVES:
        raise ValidationError(_("Add at least two alternatives before you open the consultation."))
    consultation.state = State.OPEN
    consultation.opened_at = timezone.now()
    with acting_as(actor):
        consultation.save(update_fields=["state", "opened_at", "updated_at"])
    return consultation


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation) -> Consultation:
    _require(actor, RUN, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != State.OPEN:
        return consultation
    consultation.state = State.CLOSED
    consultation.closed_at = timezone.now()
    with acting_as(actor):
        consultation.save(update_fields=["state", "closed_at", "updated_at"])
    return consultation


# --- Alternatives and documents ------------------------------------------------


@transaction.atomic
def alternative_save(
    *, actor, consultation: Consultation, data: dict, alternative: Alternative | None = None
) -> Alternative:
    """Add an alternative at the end, or change one. An image is re-encoded without
    metadata (and proved to be an image); ``image=False`` removes it. An image needs
    a description for people who cannot see it."""
    _require(actor, RUN, consultation)
    if alternative is None:
        last = consultation.alternatives.aggregate(last=Max("position"))["last"]
        alternative = Alternative(
            consultation=consultation, position=0 if last is None else last + 1
        )
    elif alternative.consultation_id != consultation.pk:
        raise PermissionDenied
    data = dict(data)
    image = data.pop("image", None)
    _apply(alternative, data, ALTERNATIVE_FIELDS)
    # The stored file's name from the database: a model form may already have put
    # the upload on the instance.
    stored = ""
    if alternative.pk:
        stored = Alternative.objects.filter(pk=alternative.pk).values_list("image", flat=True)[0]
    if image:
        try:
            alternative.image = images.sanitise(image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from None
    elif image is False:
        alternative.image = None
    elif alternative.pk:
        alternative.image = stored or None
    if alternative.image and not alternative.image_alt:
        raise ValidationError(
            {"image_alt": _("Describe what the image shows, for people who cannot see it.")}
        )
    if not alternative.image:
        alternative.image_alt = ""
    alternative.full_clean(exclude=["consultation", "image"])
    with acting_as(actor):
        alternative.save()
    if stored and stored != (alternative.image.name if alternative.image else ""):
        storage = alternative.image.storage
        transaction.on_commit(lambda: storage.delete(stored))
    return alternative


@transaction.atomic
def alternative_delete(*, actor, alternative: Alternative) -> None:
    """Delete an alternative nobody has chosen (with its image and documents)."""
    _require(actor, RUN, alternative)
    if alternative.choices.exists():
        raise ValidationError(_("Residents have chosen this alternative, so it cannot be deleted."))
    consultation = alternative.consultation
    if consultation.state == State.OPEN and consultation.alternatives.count() <= MIN_ALTERNATIVES:
        raise ValidationError(
            _("An open consultation needs at least two alternatives. Close it first.")
        )
    files = [alternative.image] + [d.file for d in alternative.documents.all()]
    with acting_as(actor):
        alternative.delete()
    for field_file in files:
        _delete_file_on_commit(field_file)


@transaction.atomic
def alternative_move(*, actor, alternative: Alternative, direction: str) -> None:
    """Move an alternative one step up or down; positions become 0, 1, 2 … again."""
    _require(actor, RUN, alternative)
    siblings = list(
        Alternative.objects.select_for_update()
        .filter(consultation_id=alternative.consultation_id)
        .order_by("position", "pk")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == alternative.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    with acting_as(actor):
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])


def check_pdf(upload) -> int:
    """Prove by its content that ``upload`` is a PDF of at most 20 MB; return its size.

    The name and the browser's content type say nothing: the first bytes of a PDF
    are always ``%PDF-``, and it ends with an ``%%EOF`` marker.
    """
    too_large = ValidationError(
        _("The file is too large. It can be at most 20 MB."), code="too_large"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise too_large
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    raw_size = size if size is not None else len(upload.read(MAX_DOCUMENT_BYTES + 1))
    if raw_size > MAX_DOCUMENT_BYTES:
        raise too_large
    upload.seek(max(raw_size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    if not head.startswith(PDF_MAGIC) or b"%%EOF" not in tail:
        raise ValidationError(_("The file is not a PDF. Choose a PDF file."), code="not_a_pdf")
    return raw_size


@transaction.atomic
def document_add(*, actor, alternative: Alternative, title: str, upload) -> AlternativeDocument:
    _require(actor, RUN, alternative)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Write a title for the document, for example “Sketch of proposal A”.")
    size = 0
    try:
        size = check_pdf(upload)
    except ValidationError as error:
        errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    document = AlternativeDocument(alternative=alternative, title=title, size=size)
    # A random name: the uploaded name may hold a person's name.
    document.file.save(f"{timezone.now():%Y%m%d}-{alternative.pk}.pdf", upload, save=False)
    document.full_clean(exclude=["alternative", "file"])
    with acting_as(actor):
        document.save()
    return document


@transaction.atomic
def document_delete(*, actor, document: AlternativeDocument) -> None:
    _require(actor, RUN, document)
    with acting_as(actor):
        document.delete()
    _delete_file_on_commit(document.file)


# --- Choosing ----------------------------------------------------------------------


def _clean_choice(consultation, *, alternative, reason, age_band, gender, district) -> dict:
    errors = {}
    if alternative is None or alternative.consultation_id != consultation.pk:
        errors["alternative"] = _("Choose one of the alternatives.")
    reason = (reason or "").strip() if consultation.asks_reason else ""
    if consultation.reason_required and not reason:
        errors["reason"] = _("Write why you chose this alternative.")
    if len(reason) > MAX_REASON_CHARS:
        errors["reason"] = _("Write at most %(max)s characters.") % {"max": MAX_REASON_CHARS}
    if not consultation.background_questions:
        age_band, gender, district = "", "", None
    if age_band and age_band not in AgeBand.values:
        errors["age_band"] = _("Choose one of the age bands.")
    if gender and gender not in Gender.values:
        errors["gender"] = _("Choose one of the answers.")
    municipality_id = consultation.activity.dialogue.municipality_id
    if district is not None and district.municipality_id != municipality_id:
        errors["district"] = _("Choose one of the districts.")
    if errors:
        raise ValidationError(errors)
    return {
        "alternative": alternative,
        "reason": reason,
        "age_band": age_band or "",
        "gender": gender or "",
        "district": district,
    }


def choice_create(
    *,
    actor,
    consultation: Consultation,
    alternative: Alternative | None,
    reason: str = "",
    age_band: str = "",
    gender: str = "",
    district=None,
    submission_key: str = "",
    today: datetime.date | None = None,
) -> tuple[Choice, bool]:
    """Store a resident's choice. Returns (choice, created).

    One choice per account: a second one from the same account returns the first.
    The same one-time submission key (a double click, a resend) also returns the
    first, so a choice is stored once whoever sends it. The database's unique
    constraints decide when two arrive at the same time.
    """
    user = actor if actor is not None and actor.is_authenticated else None
    consultation = Consultation.objects.select_related("activity__dialogue").get(pk=consultation.pk)
    if not (actor is not None and actor.has_perm(CHOOSE, consultation)):
        if consultation.state == State.OPEN and consultation.login_required and user is None:
            raise PermissionDenied
        raise ValidationError(_("The consultation is closed. You can no longer choose."))
    clean = _clean_choice(
        consultation,
        alternative=alternative,
        reason=reason,
        age_band=age_band,
        gender=gender,
        district=district,
    )
    submission_key = str(submission_key or "")

    def existing():
        if submission_key:
            found = Choice.objects.filter(
                consultation=consultation, submission_key=submission_key
            ).first()
            if found is not None:
                return found
        if user is not None:
            return Choice.objects.filter(consultation=consultation, user=user).first()
        return None

    found = existing()
    if found is not None:
        return found, False
    try:
        with transaction.atomic(), acting_as(user), disable_auditlog():
            contribution = None
            if clean["reason"]:
                contribution = contribution_create(
                    actor=user,
                    dialogue=consultation.activity.dialogue,
                    activity=consultation.activity,
                    method_key=METHOD_KEY,
                    kind=REASON_KIND,
                    data={
                        "title": clean["alternative"].title,
                        "text": clean["reason"],
                        "district": clean["district"],
                    },
                    author=user,
                    permission=None,
                )
                if user is None:
                    # Like the choice itself, an anonymous reason keeps only its date.
                    midnight = timezone.make_aware(
                        datetime.datetime.combine(today or timezone.localdate(), datetime.time())
                    )
                    type(contribution).objects.filter(pk=contribution.pk).update(
                        created_at=midnight
                    )
            choice = Choice(
                consultation=consultation,
                user=user,
                submission_key=submission_key,
                created_on=today or timezone.localdate(),
                contribution=contribution,
                **clean,
            )
            choice.full_clean(validate_constraints=False)
            choice.save()
    except IntegrityError:
        found = existing()
        if found is None:
            raise
        return found, False
    return choice, True


def choices_erase_for_user(*, actor, user) -> int:
    """Erase a person's reasons on request and unlink their choices from the account.

    The choices still count (they are anonymous now); the texts are gone, also
    from the compilation, since their Contribution rows are deleted.
    """
    if actor is None or not (actor.pk == user.pk or actor.has_perm("municipality.manage_settings")):
        raise PermissionDenied
    with transaction.atomic(), acting_as(actor), disable_auditlog():
        choices = Choice.objects.filter(user=user)
        contribution_ids = [pk for pk in choices.values_list("contribution_id", flat=True) if pk]
        count = choices.update(user=None, reason="", contribution=None, submission_key="")
        from delaktig.contributions.models import Contribution

        Contribution.objects.filter(pk__in=contribution_ids).delete()
    return count
