from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_reports_503_when_database_fails(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_home_is_swedish_even_when_the_browser_asks_for_english(client, municipality):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert response.headers["Content-Language"] == "sv"
    assert "Exempelkommun" in html


@pytest.mark.django_db
def test_language_switch_sets_english_and_back(client, municipality):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_swedish(client, municipality):
    client.cookies["delaktig_language"] = "xx"
    assert '<html lang="sv">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_base_layout_has_landmarks_skip_link_and_one_h1(client, municipality):
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert reverse("core:accessibility") in html


@pytest.mark.django_db
def test_not_found_page_is_swedish(client, municipality):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert '<html lang="sv">' in response.content.decode()


def test_no_asset_is_loaded_from_another_host(client, db):
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<body")[0]


@pytest.mark.django_db
def test_language_switch_is_a_plain_link_that_goes_back(client, municipality):
    """A GET form: pages need no CSRF token for it, and so set no cookie."""
    home = client.get("/")
    assert 'class="language-switch" action="/sprak/" method="get"' in home.content.decode()
    assert "csrftoken" not in home.cookies
    response = client.get(reverse("set_language"), {"language": "en", "next": "/dialoger/?q=a"})
    assert response.status_code == 302
    assert response["Location"] == "/dialoger/?q=a"
    assert response.cookies["delaktig_language"].value == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x", ""])
def test_language_switch_only_goes_back_to_this_site(client, municipality, target):
    response = client.get(reverse("set_language"), {"language": "en", "next": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_ignores_unknown_languages(client, municipality):
    response = client.get(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert "delaktig_language" not in response.cookies
