"""A resident's rights over their data: consents, the data export, deleting the account."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.context import acting_as

from .models import Consent, Erasure
from .providers import providers
from .texts import CONSENT_TEXTS, CURRENT_VERSION, HEAR_BACK_TAKING_PART


def consent_give(*, user, purpose: str, reference: str = "", version: str = CURRENT_VERSION):
    """Record a consent; giving the same active consent again changes nothing."""
    if (purpose, version) not in CONSENT_TEXTS:
        raise ValueError(f"No consent wording for {purpose!r} version {version!r}")
    with transaction.atomic():
        existing = (
            Consent.objects.select_for_update()
            .filter(user=user, purpose=purpose, reference=reference, withdrawn_at__isnull=True)
            .first()
        )
        if existing is not None:
            return existing
        return Consent.objects.create(
            user=user, purpose=purpose, reference=reference, text_version=version
        )


def consent_withdraw(*, user, purpose: str, reference: str = "") -> int:
    """End the person's active consents for a purpose (the records stay)."""
    return Consent.objects.filter(
        user=user, purpose=purpose, reference=reference, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def hear_back_note(*, user, dialogue) -> Consent | None:
    """Record that a resident who took part in a dialogue will hear back about it.

    Only the first time: a resident who withdrew is not signed up again by taking
    part once more (they can follow the dialogue if they want the e-mails back)."""
    if user is None or not getattr(user, "is_authenticated", False) or not dialogue.slug:
        return None
    with transaction.atomic():
        if Consent.objects.filter(
            user=user, purpose=Consent.Purpose.HEAR_BACK, reference=dialogue.slug
        ).exists():
            return None
        return Consent.objects.create(
            user=user,
            purpose=Consent.Purpose.HEAR_BACK,
            reference=dialogue.slug,
            text_version=HEAR_BACK_TAKING_PART,
        )


def provider_consent_withdraw(*, user, source: str, ref: str) -> bool:
    """Withdraw a consent that another app holds (e.g. leave the citizen panel).
    False when there is no such provider or ``ref`` is not this person's consent."""
    from .providers import consent_provider

    provider = consent_provider(source)
    if provider is None or user is None or not user.is_authenticated:
        return False
    return bool(provider.withdraw(user, str(ref)))


def account_deletion_blockers(user) -> list[str]:
    """Why an account cannot be deleted by its owner, as sentences to show."""
    reasons = []
    if user.role_assignments.exists():
        reasons.append(
            _(
                "You have a role in the municipality. An administrator must remove your "
                "roles before the account can be deleted, so that the record of what you "
                "did as staff is kept."
            )
        )
    if user.is_superuser:
        reasons.append(_("System administrators cannot delete their own account here."))
    return reasons


def _scrub_author_from_audit(user, Contribution, LogEntry) -> None:
    """Older audit entries (from before authors were left out) named the author."""
    from django.contrib.contenttypes.models import ContentType

    pks = [str(pk) for pk in Contribution.objects.filter(author=user).values_list("pk", flat=True)]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution), object_pk__in=pks
    )
    for entry in entries:
        if isinstance(entry.changes, dict) and "author" in entry.changes:
            entry.changes.pop("author")
            entry.save(update_fields=["changes"])


def account_delete(*, actor, user) -> Erasure:
    """Delete a resident's account and everything personal about them.

    Contributions stay, without an author, where the dialogue needs them (they
    are part of the municipality's records); each method and app removes or
    anonymises what it holds (registrations, non-anonymous survey responses,
    panel profile …). What remains is an ``Erasure`` row with counts only.
    """
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied
    blockers = account_deletion_blockers(user)
    if blockers:
        raise ValidationError(blockers)
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from delaktig.contributions.models import Contribution

    # The audit log would otherwise keep the e-mail and name it recorded when the
    # account changed, and record them once more on deletion. A resident's own
    # account changes are not staff actions, so nothing of public-records value goes.
    with transaction.atomic(), acting_as(None), disable_auditlog():
        _scrub_author_from_audit(user, Contribution, LogEntry)
        contributions = Contribution.objects.filter(author=user).update(author=None)
        Contribution.objects.filter(recorded_by=user).update(recorded_by=None)
        method_rows = 0
        for provider in providers():
            if provider.erase is not None:
                method_rows += int(provider.erase(user) or 0)
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user), object_pk=str(user.pk)
        ).delete()
        LogEntry.objects.filter(actor=user).update(actor=None)
        # Cascades: e-mail addresses, two-factor keys, follows, consents.
        user.delete()
        erasure = Erasure.objects.create(
            contributions_anonymised=contributions, method_rows=method_rows
        )
    return erasure
