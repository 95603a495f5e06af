OWN_ACCOUNT = {
    "privacy_account:index",
    "privacy_account:download",
    "privacy_account:delete",
}
# POST only; another person's consent is a 404 (tested in test_views).
LOGIN_TO_ACT = {"privacy_account:withdraw", "privacy_account:withdraw_other"}


def url_kwargs(world):
    from delaktig.privacy.models import Consent

    consent = Consent.objects.create(
        user=world["resident"], purpose="follow_dialogue", text_version="2026-11"
    )
    return {
        "privacy_account:withdraw": {"pk": consent.pk},
        # The walk checks only that an anonymous visitor is sent to log in.
        "privacy_account:withdraw_other": {"source": "panel", "ref": "1"},
    }
