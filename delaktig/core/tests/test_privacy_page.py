"""The privacy page states what the configuration does, not fixed promises."""

import pytest
from django.urls import reverse

from delaktig.meetings.tests.factories import MeetingFactory


@pytest.mark.django_db
def test_privacy_page_follows_the_settings(client, municipality, settings):
    settings.DELAKTIG_SURVEY_INVITATION_RETENTION_DAYS = 45
    settings.DELAKTIG_DISCLOSURE_THRESHOLD = 7
    settings.SESSION_COOKIE_AGE = 3 * 86400
    text = client.get(reverse("core:privacy")).content.decode()
    assert "45 dagar efter att enkäten har stängt" in text
    assert "mindre än 7 personer" in text
    assert "i högst 3 dagar" in text
    assert "30 dagar efter mötet" in text
    assert "Vissa möten sparar dem längre" not in text


@pytest.mark.django_db
def test_privacy_page_says_when_a_meeting_keeps_registrations_longer(client, municipality):
    MeetingFactory(retention_days=90)
    text = client.get(reverse("core:privacy")).content.decode()
    assert "Vissa möten sparar dem längre" in text


@pytest.mark.django_db
def test_privacy_page_names_the_controller_and_the_rights(client, municipality):
    text = client.get(reverse("core:privacy")).content.decode()
    assert "Exempelkommun är ansvarig" in text
    assert reverse("privacy_account:index") in text
    assert "imy.se" in text


def test_privacy_page_states_the_survey_draft_retention(client, municipality, settings):
    settings.DELAKTIG_SURVEY_DRAFT_RETENTION_DAYS = 21
    response = client.get(reverse("core:privacy"))
    assert response.context["facts"].survey_draft_retention_days == 21
    assert "21" in response.content.decode()
