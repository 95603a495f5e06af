"""Login throttling, session rotation, logout and password change (ASVS V2, V3)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from delaktig.municipality.tests import factories as f
from delaktig.settings import base as base_settings

NEW_PASSWORD = "Ett-nytt-langt-losenord-2"


@pytest.fixture
def login_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _is_logged_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_sixth_failed_login_for_an_account_is_refused_in_swedish(client, login_limits):
    user = f.UserFactory()
    for attempt in range(5):
        response = _login(client, user.email, f"fel-losenord-{attempt}")
        assert response.status_code == 200
        assert "För många" not in response.content.decode()
    # Even the right password is refused now, from another address too.
    other = Client(REMOTE_ADDR="198.51.100.20")
    response = _login(other, user.email, f.PASSWORD)
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök. Försök igen senare." in (
        response.content.decode()
    )
    assert not _is_logged_in(other)


@pytest.mark.django_db
def test_failed_logins_from_one_address_are_limited_across_accounts(client, login_limits):
    users = [f.UserFactory() for _ in range(11)]
    refused = 0
    for user in users:
        html = _login(client, user.email, "fel-losenord").content.decode()
        refused += "För många misslyckade" in html
    assert refused >= 1


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(client, login_limits, settings):
    settings.ACCOUNT_RATE_LIMITS = {**base_settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    url = reverse("account_reset_password")
    email = f.UserFactory().email
    codes = [client.post(url, {"email": email}).status_code for _ in range(3)]
    assert codes[:2] == [302, 302]
    assert codes[2] == 429
    assert "<h1>" in client.post(url, {"email": email}).content.decode()


@pytest.mark.django_db
def test_signup_is_limited_per_address(client, login_limits, settings):
    settings.ACCOUNT_RATE_LIMITS = {**base_settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    url = reverse("account_signup")
    data = {"email": "ny@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(url, data)
    response = client.post(url, {**data, "email": "ny2@example.org"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_session_key_changes_at_login(client):
    user = f.UserFactory()
    client.get(reverse("account_login"))
    session = client.session
    session["note"] = "before"
    session.save()
    before = session.session_key
    _login(client, user.email, f.PASSWORD)
    assert _is_logged_in(client)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(client):
    user = f.UserFactory()
    _login(client, user.email, f.PASSWORD)
    key = client.session.session_key
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert _is_logged_in(stolen)
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    # A copy of the old cookie opens nothing.
    assert not _is_logged_in(stolen)


@pytest.mark.django_db
def test_password_change_logs_out_every_other_session(client):
    user = f.UserFactory()
    other_device = Client()
    _login(other_device, user.email, f.PASSWORD)
    _login(client, user.email, f.PASSWORD)
    assert _is_logged_in(other_device)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": f.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    # The person who changed it stays logged in; the other device is out.
    assert _is_logged_in(client)
    assert not _is_logged_in(other_device)


@pytest.mark.django_db
def test_password_reset_by_link_logs_out_every_session(client):
    user = f.UserFactory()
    other_device = Client()
    _login(other_device, user.email, f.PASSWORD)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert not _is_logged_in(other_device)


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client):
    user = f.UserFactory()
    _login(client, user.email, f.PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.fixture
def staff_limits(settings):
    settings.DELAKTIG_STAFF_SESSION_LIMITS = True
    settings.DELAKTIG_STAFF_SESSION_IDLE = 2 * 3600
    settings.DELAKTIG_STAFF_SESSION_MAX_AGE = 12 * 3600


@pytest.mark.django_db
def test_a_staff_session_ends_after_two_idle_hours(client, municipality, staff_limits):
    import time_machine

    official = f.official(f.UnitFactory(municipality=municipality))
    with time_machine.travel("2026-11-02 08:00 +0000", tick=False) as clock:
        client.force_login(official)
        assert client.get(reverse("staff:dashboard")).status_code == 200
        clock.shift(3600)
        assert client.get(reverse("staff:dashboard")).status_code == 200
        clock.shift(2 * 3600 + 60)
        response = client.get(reverse("staff:dashboard"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_staff_session_ends_after_twelve_hours_even_in_use(client, municipality, staff_limits):
    import time_machine

    official = f.official(f.UnitFactory(municipality=municipality))
    with time_machine.travel("2026-11-02 07:00 +0000", tick=False) as clock:
        client.force_login(official)
        for _hour in range(12):
            assert client.get(reverse("staff:dashboard")).status_code == 200
            clock.shift(3600)
        clock.shift(60)
        assert client.get(reverse("staff:dashboard")).status_code == 302


@pytest.mark.django_db
def test_resident_sessions_keep_the_ordinary_lifetime(client, staff_limits):
    import time_machine

    resident = f.UserFactory()
    with time_machine.travel("2026-11-02 07:00 +0000", tick=False) as clock:
        client.force_login(resident)
        assert _is_logged_in(client)
        clock.shift(5 * 3600)
        assert _is_logged_in(client)
