"""Reads for "Mina uppgifter": the consent list, and the data export (everything
Delaktig holds about one person, as JSON-ready data)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from delaktig.contributions.models import Contribution

from .models import Consent
from .providers import providers
from .texts import consent_text


@dataclass
class ConsentRow:
    """One line of the resident's consent list, whichever app keeps the consent."""

    purpose: str
    concerns: str
    wording: str
    version: str
    given_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    withdraw_url: str
    withdraw_label: str = ""

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


def consent_list(user) -> list[ConsentRow]:
    """The person's consents: the records kept here and those other apps hold
    (through their provider), newest first."""
    from delaktig.dialogues.models import Dialogue

    records = list(Consent.objects.filter(user=user))
    slugs = {c.reference for c in records if c.reference}
    titles = dict(Dialogue.objects.filter(slug__in=slugs).values_list("slug", "title"))
    rows = [
        ConsentRow(
            purpose=str(c.get_purpose_display()),
            concerns=titles.get(c.reference, c.reference),
            wording=str(consent_text(c.purpose, c.text_version)),
            version=c.text_version,
            given_at=c.given_at,
            withdrawn_at=c.withdrawn_at,
            withdraw_url=reverse("privacy_account:withdraw", args=[c.pk]),
        )
        for c in records
    ]
    for provider in providers():
        if provider.consents is None:
            continue
        for entry in provider.consents(user):
            rows.append(
                ConsentRow(
                    purpose=str(entry.purpose),
                    concerns=str(entry.concerns),
                    wording=str(entry.wording),
                    version=str(entry.version),
                    given_at=entry.given_at,
                    withdrawn_at=entry.withdrawn_at,
                    withdraw_url=reverse(
                        "privacy_account:withdraw_other",
                        kwargs={"source": provider.key, "ref": entry.ref},
                    )
                    if provider.withdraw is not None
                    else "",
                    withdraw_label=str(entry.withdraw_label),
                )
            )
    rows.sort(key=lambda row: row.given_at, reverse=True)
    return rows


def hear_back_withdrawn(dialogue) -> set[int]:
    """The accounts that withdrew hearing back about ``dialogue`` (and have not given
    it again): the feedback e-mail leaves them out unless they follow the dialogue."""
    hear_back = Consent.objects.filter(purpose=Consent.Purpose.HEAR_BACK, reference=dialogue.slug)
    active = hear_back.filter(withdrawn_at__isnull=True).values("user_id")
    return set(
        hear_back.filter(withdrawn_at__isnull=False)
        .exclude(user_id__in=active)
        .values_list("user_id", flat=True)
    )


def _iso(value):
    return value.isoformat() if value else None


def account_export(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    contributions = (
        Contribution.objects.filter(author=user)
        .select_related("dialogue", "activity", "district")
        .order_by("created_at", "pk")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "district": str(user.district) if user.district_id else None,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "roles": [
            {"unit": str(r.unit), "role": r.get_role_display()}
            for r in user.role_assignments.select_related("unit")
        ],
        "consents": [
            {
                "purpose": row.purpose,
                "concerns": row.concerns,
                "wording": row.wording,
                "version": row.version,
                "given": _iso(row.given_at),
                "withdrawn": _iso(row.withdrawn_at),
            }
            for row in consent_list(user)
        ],
        "following": [
            {"dialogue": f.dialogue.title, "since": _iso(f.created_at)}
            for f in user.follows.select_related("dialogue").order_by("created_at")
        ],
        "contributions": [
            {
                "dialogue": c.dialogue.title,
                "activity": c.activity.title if c.activity_id else None,
                "type": c.kind,
                "heading": c.title,
                "text": c.text,
                "district": str(c.district) if c.district_id else None,
                "written": _iso(c.created_at),
            }
            for c in contributions
        ],
        "other": {p.key: p.export(user) for p in providers()},
    }
