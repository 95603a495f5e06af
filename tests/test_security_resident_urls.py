"""A resident reaches only their own things, however they guess addresses (ASVS V4.2).

The staff side is walked by test_url_permissions.py; this file covers what a
resident can open: every page under Mina sidor, the registration links sent by
e-mail, contribution photos and the follow buttons.
"""

import re
import uuid

import pytest
from django.urls import reverse

from delaktig.contributions.models import Contribution
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.models import Registration
from delaktig.meetings.tests.factories import MeetingFactory, RegistrationFactory
from delaktig.municipality.tests import factories as f

from .test_url_permissions import all_patterns


@pytest.fixture
def two_residents(municipality):
    anna = f.UserFactory(email="anna.hemlig@exempel.example", name="Anna Hemligsson")
    bo = f.UserFactory(email="bo@exempel.example", name="Bo Exempel")
    meeting = MeetingFactory(activity__dialogue__municipality=municipality)
    contribution = Contribution.objects.create(
        dialogue=meeting.activity.dialogue,
        activity=meeting.activity,
        method_key="meetings",
        kind="note",
        text="Annas hemliga synpunkt om parken",
        author=anna,
        image="contributions/annas-foto.jpg",
    )
    registration = RegistrationFactory(
        meeting=meeting, name="Anna Hemligsson", email=anna.email, user=anna
    )
    return {
        "anna": anna,
        "bo": bo,
        "meeting": meeting,
        "contribution": contribution,
        "registration": registration,
    }


ANNAS_SECRETS = ("anna.hemlig@exempel.example", "Anna Hemligsson", "Annas hemliga synpunkt")


def _own_account_urls():
    urls = []
    for route, name, _pattern in all_patterns():
        if route.startswith("mina-sidor/") and "<" not in route and name:
            urls.append(reverse(name))
    return urls


@pytest.mark.django_db
def test_no_page_under_my_pages_shows_another_residents_data(client, two_residents):
    urls = _own_account_urls()
    assert reverse("accounts:profile") in urls
    client.force_login(two_residents["bo"])
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 302, 405}, url
        body = response.content.decode(errors="replace")
        for secret in ANNAS_SECRETS:
            assert secret not in body, (url, secret)


@pytest.mark.django_db
def test_my_pages_show_my_own_contributions(client, two_residents):
    client.force_login(two_residents["anna"])
    assert "Annas hemliga synpunkt" in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_registration_links_are_long_random_tokens_not_numbers(two_residents):
    token = two_residents["registration"].token
    assert len(token) >= 32
    assert not token.isdigit()
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    tokens = {RegistrationFactory(meeting=two_residents["meeting"]).token for _ in range(20)}
    assert len(tokens) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["meetings:registered", "meetings:cancel"])
def test_a_guessed_or_numeric_registration_link_opens_nothing(client, two_residents, name):
    registration = two_residents["registration"]
    client.force_login(two_residents["bo"])
    for guess in (str(registration.pk), registration.token[:-1], uuid.uuid4().hex, "1"):
        assert client.get(reverse(name, args=[guess])).status_code == 404, guess
    # Even logged in as Bo, POSTing to a guessed cancel link changes nothing.
    client.post(reverse("meetings:cancel", args=[str(registration.pk)]))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_another_residents_registration_is_not_cancelled_through_my_own_link(client, two_residents):
    bos = RegistrationFactory(meeting=two_residents["meeting"], email="bo@exempel.example")
    client.post(reverse("meetings:cancel", args=[bos.token]))
    annas = two_residents["registration"]
    annas.refresh_from_db()
    assert annas.status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_contribution_photos_are_not_reachable_by_residents(client, two_residents):
    contribution = two_residents["contribution"]
    client.force_login(two_residents["anna"])  # even the author: photos are staff documentation
    assert client.get(reverse("contributions:photo", args=[contribution.pk])).status_code == 403
    # Uploaded files are not served from a guessable public path by the application.
    assert client.get(f"/media/{contribution.image.name}").status_code == 404


@pytest.mark.django_db
def test_follow_acts_on_the_logged_in_resident_only(client, two_residents, municipality):
    from delaktig.dialogues.models import Follow

    dialogue = DialogueFactory(municipality=municipality, state="open")
    Follow.objects.create(user=two_residents["anna"], dialogue=dialogue)
    client.force_login(two_residents["bo"])
    client.post(
        reverse("dialogues:unfollow", args=[dialogue.slug]), {"user": two_residents["anna"].pk}
    )
    assert Follow.objects.filter(user=two_residents["anna"], dialogue=dialogue).exists()


@pytest.mark.django_db
def test_a_non_public_dialogue_cannot_be_followed_by_guessing_its_slug(
    client, two_residents, municipality
):
    from delaktig.dialogues.models import Follow

    draft = DialogueFactory(municipality=municipality, state="draft")
    client.force_login(two_residents["bo"])
    assert client.post(reverse("dialogues:follow", args=[draft.slug])).status_code == 404
    assert not Follow.objects.filter(dialogue=draft).exists()
