import pytest
from django.urls import reverse

from delaktig.contributions import services

from .images import upload

KEY = "contribution_view_tests"


@pytest.fixture
def photo(world):
    return services.contribution_create(
        actor=world["official"],
        dialogue=world["dialogue"],
        activity=world["activity"],
        method_key=KEY,
        kind="photo",
        data={"image": upload(), "image_description": "Duken från bord 1"},
    )


def url(contribution):
    return reverse("contributions:photo", args=[contribution.pk])


def test_anonymous_visitors_are_sent_to_login(client, photo):
    response = client.get(url(photo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["resident", "other_official"])
def test_residents_and_other_units_are_refused(client, world, photo, who):
    client.force_login(world[who])
    assert client.get(url(photo)).status_code == 403


@pytest.mark.parametrize("who", ["official", "representative", "administrator"])
def test_staff_who_may_view_the_dialogue_get_the_photo(client, world, photo, who):
    client.force_login(world[who])
    response = client.get(url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body[:2] == b"\xff\xd8"  # a JPEG
    assert b"Exif" not in body


def test_a_contribution_without_a_photo_is_not_found(client, world):
    note = services.contribution_create(
        actor=world["official"],
        dialogue=world["dialogue"],
        method_key=KEY,
        kind="note",
        data={"text": "Bara text"},
    )
    client.force_login(world["official"])
    assert client.get(url(note)).status_code == 404


def test_photos_have_no_public_media_address(client, photo):
    assert client.get(f"/media/{photo.image.name}").status_code == 404
