"""The data export: everything Delaktig holds about one person, as JSON-ready data."""

from django.utils import timezone

from delaktig.contributions.models import Contribution

from .models import Consent
from .providers import providers
from .texts import consent_text


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
                "purpose": c.get_purpose_display(),
                "concerns": c.reference,
                "wording": str(consent_text(c.purpose, c.text_version)),
                "given": _iso(c.given_at),
                "withdrawn": _iso(c.withdrawn_at),
            }
            for c in Consent.objects.filter(user=user)
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
