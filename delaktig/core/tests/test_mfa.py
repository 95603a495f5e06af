import pytest
from django.urls import reverse

from delaktig.municipality.tests import factories as f


@pytest.mark.django_db
def test_staff_without_two_factor_is_stopped_when_required(client, municipality, settings):
    settings.DELAKTIG_STAFF_MFA_REQUIRED = True
    user = f.official(f.UnitFactory(municipality=municipality))
    client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("core:mfa_required")
    # allauth asks for the password again before security settings change.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": f.PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()


@pytest.mark.django_db
def test_staff_with_totp_enters_staff_area(client, municipality, settings):
    from allauth.mfa.models import Authenticator

    settings.DELAKTIG_STAFF_MFA_REQUIRED = True
    user = f.official(f.UnitFactory(municipality=municipality))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    assert client.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.django_db
def test_not_required_by_default_locally(client, municipality):
    client.force_login(f.official(f.UnitFactory(municipality=municipality)))
    assert client.get(reverse("staff:dashboard")).status_code == 200


@pytest.mark.django_db
def test_staff_pages_outside_the_staff_area_also_need_two_factor(client, municipality, settings):
    from delaktig.meetings.tests.factories import MeetingFactory

    settings.DELAKTIG_STAFF_MFA_REQUIRED = True
    meeting = MeetingFactory()
    client.force_login(f.administrator(f.UnitFactory(municipality=municipality)))
    response = client.get(reverse("meeting_evaluation:results", args=[meeting.pk]))
    assert response.status_code == 302
    assert response.url == reverse("core:mfa_required")


@pytest.mark.django_db
def test_system_admin_login_goes_through_the_ordinary_login(client):
    response = client.get("/systemadmin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
