"""CSRF protection on every view (ASVS V4.2.2, V13.2.3).

The test client skips CSRF checks unless asked, so the other tests do not prove it;
these do: no view is exempt, and a POST without the token is refused.
"""

import pytest
from django.test import Client
from django.urls import reverse

from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f

from .test_url_permissions import all_patterns


def test_no_view_is_exempt_from_csrf():
    exempt = [
        name or route
        for route, name, pattern in all_patterns()
        if getattr(pattern.callback, "csrf_exempt", False)
    ]
    assert exempt == []


@pytest.mark.django_db
def test_a_post_without_the_token_is_refused(municipality):
    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    dialogue = DialogueFactory(municipality=municipality, state="open")
    resident = f.UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    for url in (
        reverse("meetings:register", args=[meeting.pk]),
        reverse("dialogues:follow", args=[dialogue.slug]),
        reverse("core:accessibility_feedback"),
        reverse("accounts:profile_edit"),
        reverse("account_logout"),
        reverse("account_change_password"),
        reverse("set_language"),
    ):
        assert client.post(url, {"message": "x", "name": "x"}).status_code == 403, url
    anonymous = Client(enforce_csrf_checks=True)
    for url in (reverse("account_login"), reverse("account_signup")):
        assert anonymous.post(url, {"login": resident.email}).status_code == 403, url


@pytest.mark.django_db
def test_the_token_from_the_page_is_accepted(municipality):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("core:accessibility_feedback"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("core:accessibility_feedback"), {"csrfmiddlewaretoken": token, "message": ""}
    )
    assert response.status_code == 200  # the form, with its error: past the CSRF check
