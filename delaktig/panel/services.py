"""Every write to the panel: joining, changing and leaving, the panel's rules and
consent text, drawing a sample for a survey and reminding it."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from delaktig.audit.context import acting_as
from delaktig.core.demographics import Gender
from delaktig.municipality.models import District
from delaktig.surveys.models import Invitation, Survey

from . import selectors
from .invitations import invitations_make, queue_sending
from .models import ConsentText, Panel, PanelInvitation, PanelMember, PanelSample
from .sampling import MIN_AGE, allocate, draw, eligible_digest, stratum_weights

PROFILE_FIELDS = ("birth_year", "gender", "district", "languages")
MAX_SAMPLE = 5000
OLDEST = 120

DEFAULT_CONSENT = gettext_noop(
    "I want to be a member of the municipality's citizen panel. I agree that the "
    "municipality stores my e-mail address, year of birth, gender, district and, if I "
    "give them, the languages I speak, in order to invite me to surveys. Members are "
    "drawn at random so that those who answer resemble the residents. My profile is "
    "seen only by the staff who run the panel; results are shown only for groups so "
    "large that nobody can be picked out. I can change my profile or leave the panel "
    "at any time, and when I leave my profile is deleted."
)


def _require(actor, permission, obj=None):
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied


def panel_for(municipality) -> Panel:
    """The municipality's panel, made with the default rules and consent text the
    first time anyone asks for it."""
    panel = Panel.objects.filter(municipality=municipality).first()
    if panel is not None:
        return panel
    with transaction.atomic():
        panel, created = Panel.objects.get_or_create(municipality=municipality)
        if created:
            with translation.override(settings.LANGUAGE_CODE):
                text = _(DEFAULT_CONSENT)
            ConsentText.objects.create(panel=panel, version=1, text=text)
    return panel


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


# --- Members ------------------------------------------------------------------------


def _clean_profile(panel: Panel, data: dict) -> dict:
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Not profile fields: {sorted(unknown)}")
    year = timezone.localdate().year
    errors = {}
    birth_year = data.get("birth_year")
    if birth_year in (None, ""):
        errors["birth_year"] = _("Write the year you were born.")
    else:
        birth_year = int(birth_year)
        if birth_year > year - MIN_AGE:
            errors["birth_year"] = _("You can join the panel from the year you turn %(age)s.") % {
                "age": MIN_AGE
            }
        elif birth_year < year - OLDEST:
            errors["birth_year"] = _("Write the year you were born, with four digits.")
    gender = data.get("gender") or ""
    if gender not in Gender.values:
        errors["gender"] = _("Choose an answer about gender.")
    district = data.get("district")
    if not isinstance(district, District) or not (
        district.municipality_id == panel.municipality_id and district.is_active
    ):
        district = None
    if district is None:
        errors["district"] = _("Choose the district you live in.")
    if errors:
        raise ValidationError(errors)
    return {
        "birth_year": birth_year,
        "gender": gender,
        "district": district,
        "languages": (data.get("languages") or "").strip()[:200],
    }


def member_join(
    *, actor, panel: Panel, data: dict, consent_version: int
) -> tuple[PanelMember, bool]:
    """Join the panel with the actor's account. Returns (member, created): a second
    join (a double submit, another tab) returns the existing membership.

    The consent is stored as the version of the text the resident saw and agreed
    to; if the text changed meanwhile they are asked to read the new one.
    """
    _require(actor, "panel.join")
    existing = PanelMember.objects.filter(user=actor).first()
    if existing is not None:
        return existing, False
    if not panel.is_open:
        raise ValidationError(_("The panel is not taking new members right now."))
    if not has_verified_email(actor):
        raise ValidationError(
            _("Confirm your e-mail address first: we send the invitations there.")
        )
    consent = panel.current_consent
    if consent is None or consent.version != consent_version:
        raise ValidationError(
            {"consent": _("The consent text has changed. Read it again before you join.")}
        )
    clean = _clean_profile(panel, data)
    member = PanelMember(
        panel=panel, user=actor, consent_text=consent, consented_at=timezone.now(), **clean
    )
    member.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic(), acting_as(actor):
            member.save()
    except IntegrityError:
        existing = PanelMember.objects.filter(user=actor).first()
        if existing is None:
            raise
        return existing, False
    from . import tasks

    transaction.on_commit(lambda: tasks.send_welcome.enqueue(member.pk))
    return member, True


def member_update(*, actor, member: PanelMember, data: dict) -> PanelMember:
    _require(actor, "panel.change_member", member)
    clean = _clean_profile(member.panel, data)
    for name, value in clean.items():
        setattr(member, name, value)
    member.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic(), acting_as(actor):
        member.save()
    return member


def member_leave(*, actor, member: PanelMember) -> None:
    """Leave the panel: the profile and the record of invitations are deleted.

    What stays is anonymous: on each sample the member was drawn for, one more
    invited (and answered, if so) in their stratum, so the response rates do not
    change. The e-mail address is removed from their survey invitations, so no
    reminder reaches them; a link already received still opens the survey.
    """
    _require(actor, "panel.remove_member", member)
    with transaction.atomic(), acting_as(actor):
        drawn = list(
            PanelInvitation.objects.filter(member=member).values_list(
                "sample_id", "stratum", "invitation_id", "invitation__answered"
            )
        )
        samples = {
            s.pk: s
            for s in PanelSample.objects.select_for_update().filter(
                pk__in={row[0] for row in drawn}
            )
        }
        for sample_id, stratum, _invitation_id, answered in drawn:
            counts = samples[sample_id].departed.setdefault(stratum, [0, 0])
            counts[0] += 1
            counts[1] += int(bool(answered))
        for sample in samples.values():
            sample.save(update_fields=["departed"])
        Invitation.objects.filter(pk__in=[row[2] for row in drawn]).update(email="")
        member.delete()


def member_data_export(user) -> dict:
    """The panel's part of a resident's data export."""
    member = selectors.member_for_user(user)
    if member is None:
        return {}
    return {
        "joined_at": member.joined_at.isoformat(),
        "birth_year": member.birth_year,
        "gender": member.gender,
        "district": member.district.name if member.district else "",
        "languages": member.languages,
        "consent_version": member.consent_text.version,
        "consent_text": member.consent_text.text,
        "consented_at": member.consented_at.isoformat(),
        "invitations": [
            {"survey": title, "drawn_at": drawn_at.isoformat()}
            for title, drawn_at in member.invitations.values_list(
                "survey__title", "created_at"
            ).order_by("created_at")
        ],
    }


def member_data_erase(user) -> int:
    """When a resident deletes their account: leave the panel as they would."""
    member = PanelMember.objects.filter(user=user).first()
    if member is None:
        return 0
    member_leave(actor=user, member=member)
    return 1


def member_consents(user) -> list:
    """The membership as a consent on the resident's "Mina uppgifter": the exact text
    and version agreed to, and when."""
    from delaktig.privacy.providers import ConsentEntry

    member = PanelMember.objects.select_related("consent_text").filter(user=user).first()
    if member is None:
        return []
    return [
        ConsentEntry(
            ref=str(member.pk),
            purpose=_("Membership of the citizen panel"),
            wording=member.consent_text.text,
            version=str(member.consent_text.version),
            given_at=member.consented_at,
            withdraw_label=_("Leave the panel"),
        )
    ]


def member_consent_withdraw(user, ref: str) -> bool:
    """Withdrawing the consent is leaving the panel. Only one's own membership:
    anything else is reported as not found."""
    if not str(ref).isdigit():
        return False
    member = PanelMember.objects.filter(pk=int(ref), user=user).first()
    if member is None:
        return False
    member_leave(actor=user, member=member)
    return True


# --- The panel's rules -------------------------------------------------------------


def panel_update(*, actor, panel: Panel, data: dict) -> Panel:
    _require(actor, "panel.manage_panel")
    unknown = set(data) - {"is_open", "invitation_limit", "limit_months"}
    if unknown:
        raise ValidationError(f"Not panel fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(panel, name, value)
    errors = {}
    if not 1 <= panel.invitation_limit <= 52:
        errors["invitation_limit"] = _("Write a number from 1 to 52.")
    if not 1 <= panel.limit_months <= 60:
        errors["limit_months"] = _("Write a number of months from 1 to 60.")
    if errors:
        raise ValidationError(errors)
    panel.full_clean()
    with transaction.atomic(), acting_as(actor):
        panel.save()
    return panel


def consent_text_add(*, actor, panel: Panel, text: str) -> ConsentText:
    """A new version of the consent text. Members keep the version they agreed to;
    new members agree to this one. The same text again adds nothing."""
    _require(actor, "panel.manage_panel")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the consent text.")})
    with transaction.atomic(), acting_as(actor):
        Panel.objects.select_for_update().filter(pk=panel.pk).first()
        current = panel.current_consent
        if current is not None and current.text == text:
            return current
        consent = ConsentText(
            panel=panel,
            version=(current.version + 1) if current else 1,
            text=text,
            created_by=actor,
        )
        consent.full_clean()
        consent.save()
    return consent


# --- Samples -----------------------------------------------------------------------


def _allocation_rows(frame, weights, outside, allocation, chosen) -> list[dict]:
    keys = sorted(
        key
        for key in set(weights) | set(frame.capacity)
        if allocation.targets.get(key) or frame.capacity.get(key) or allocation.final.get(key)
    )
    total_weight = sum(weights.values()) or 1
    rows = []
    for key in keys:
        weight = weights.get(key, 0)
        rows.append(
            {
                "key": key,
                "share": round(float(100 * weight / total_weight), 2),
                "quota": round(float(allocation.size * weight / total_weight), 2),
                "target": allocation.targets.get(key, 0),
                "eligible": frame.capacity.get(key, 0),
                "drawn": len(chosen.get(key, ())),
                "short": allocation.short.get(key, 0),
                "outside": key in outside,
            }
        )
    return rows


def sample_draw(
    *, actor, survey: Survey, size: int, seed: int | None = None, now=None, send: bool = True
):
    """Draw ``size`` members for ``survey``, stratified by age band × gender ×
    district after the latest population figures, and invite them.

    Members over the panel's invitation limit, and members already invited to the
    survey, cannot be drawn. A stratum with too few members gives all it has and
    the rest is spread over the others (``PanelSample.shortfall``). The seed, the
    plan and a fingerprint of who could be drawn are stored with the sample.
    ``send=False`` (demo content only) stores the invitations without e-mailing.
    """
    _require(actor, "panel.draw_sample", survey)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(_("Members can be drawn while the survey is open."))
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError(
            {"size": _("Write a number from 1 to %(max)s.") % {"max": MAX_SAMPLE}}
        )
    now = now or timezone.now()
    panel = panel_for(survey.activity.dialogue.municipality)
    with transaction.atomic():
        # One draw at a time, so two draws cannot both take a member's last invitation.
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        frame = selectors.sampling_frame(panel=panel, survey=survey, now=now)
        weights, outside = stratum_weights(frame.population, frame.capacity)
        allocation = allocate(size, weights, frame.capacity)
        if allocation.size == 0:
            raise ValidationError(
                {"size": _("No member of the panel can be invited to this survey now.")}
            )
        seed = secrets.randbits(62) if seed is None else int(seed)
        chosen = draw(frame.members_by_stratum, allocation.final, seed)
        with acting_as(actor):
            sample = PanelSample.objects.create(
                panel=panel,
                survey=survey,
                requested=size,
                drawn=sum(len(ids) for ids in chosen.values()),
                shortfall=allocation.shortfall + max(size - allocation.size, 0),
                seed=seed,
                basis=frame.basis,
                population_year=frame.population_year,
                eligible_count=sum(frame.capacity.values()),
                eligible_digest=eligible_digest(frame.members_by_stratum),
                allocation=_allocation_rows(frame, weights, outside, allocation, chosen),
                created_by=actor,
            )
            drawn = [(key, pk) for key, ids in sorted(chosen.items()) for pk in ids]
            invitations = Invitation.objects.bulk_create(
                invitations_make(survey=survey, emails=[frame.emails[pk] for _k, pk in drawn])
            )
            PanelInvitation.objects.bulk_create(
                PanelInvitation(
                    sample=sample,
                    member_id=pk,
                    survey=survey,
                    invitation=invitation,
                    stratum=key,
                )
                for (key, pk), invitation in zip(drawn, invitations, strict=True)
            )
        if send:
            queue_sending(invitation.pk for invitation in invitations)
    return sample


def sample_remind(*, actor, survey: Survey, now=None) -> int:
    """Remind the survey's invitations that are unanswered and due, with the surveys
    app's reminder service (its cap and interval apply). Returns how many."""
    from delaktig.surveys.invitations import invitation_reminders_send

    _require(actor, "panel.draw_sample", survey)
    now = now or timezone.now()
    count = invitation_reminders_send(actor=actor, survey=survey, now=now)
    if count:
        with transaction.atomic(), acting_as(actor):
            for sample in PanelSample.objects.select_for_update().filter(survey=survey):
                sample.reminded_at = now
                sample.reminder_count += 1
                sample.save(update_fields=["reminded_at", "reminder_count"])
    return count
