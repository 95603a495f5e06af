import json

import pytest
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.municipality.tests import factories as f
from delaktig.privacy.models import Consent
from delaktig.privacy.services import consent_give


@pytest.fixture
def resident(municipality):
    return f.UserFactory(email="nils@example.org")


def test_download_is_a_json_attachment_of_ones_own_data(client, resident):
    client.force_login(resident)
    response = client.get(reverse("privacy_account:download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["account"]["email"] == "nils@example.org"


def test_delete_needs_the_right_email_and_keeps_what_was_typed(client, resident):
    client.force_login(resident)
    response = client.post(reverse("privacy_account:delete"), {"email": "fel@example.org"})
    assert response.status_code == 200
    assert "Det här är inte e-postadressen till ditt konto." in response.content.decode()
    assert 'value="fel@example.org"' in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()


def test_delete_removes_the_account_and_logs_out(client, resident):
    client.force_login(resident)
    response = client.post(reverse("privacy_account:delete"), {"email": "NILS@example.org"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in client.session


def test_staff_with_roles_are_told_why_they_cannot_delete(client, municipality):
    official = f.official(f.UnitFactory(municipality=municipality))
    client.force_login(official)
    response = client.post(reverse("privacy_account:delete"), {"email": official.email})
    assert response.status_code == 200
    assert User.objects.filter(pk=official.pk).exists()
    assert "administratör" in response.content.decode()


def test_withdrawing_anothers_consent_is_not_found(client, resident):
    consent = consent_give(user=f.UserFactory(), purpose="hear_back")
    client.force_login(resident)
    response = client.post(reverse("privacy_account:withdraw", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.active


def test_withdrawing_ones_own_consent(client, resident):
    consent = consent_give(user=resident, purpose="hear_back")
    client.force_login(resident)
    client.post(reverse("privacy_account:withdraw", args=[consent.pk]))
    assert not Consent.objects.get(pk=consent.pk).active
