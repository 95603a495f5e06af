import pytest
from django.core import mail
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.municipality.tests import factories as f


def signup(client, **data):
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
def test_resident_signs_up_and_must_verify_email(client, municipality):
    response = signup(
        client,
        email="ny.invanare@exempel.example",
        password1="Ett-bra-losenord-22",
        password2="Ett-bra-losenord-22",
    )
    assert response.status_code == 302
    user = User.objects.get(email="ny.invanare@exempel.example")
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert "ny.invanare@exempel.example" in mail.outbox[0].to


@pytest.mark.django_db
def test_taken_email_gives_swedish_message_and_keeps_input(client, municipality):
    f.UserFactory(email="tagen@exempel.example")
    response = signup(
        client,
        email="tagen@exempel.example",
        password1="Ett-bra-losenord-22",
        password2="Ett-bra-losenord-22",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "redan registrerad" in html
    assert 'value="tagen@exempel.example"' in html
    assert 'href="#id_email"' in html


@pytest.mark.django_db
def test_weak_password_gives_swedish_message(client, municipality):
    response = signup(client, email="a@exempel.example", password1="12345678", password2="12345678")
    html = response.content.decode()
    assert "för kort" in html
    assert 'id="id_password1_error"' in html
    assert 'value="a@exempel.example"' in html


@pytest.mark.django_db
def test_mismatching_passwords_give_swedish_message(client, municipality):
    response = signup(
        client,
        email="b@exempel.example",
        password1="Ett-bra-losenord-22",
        password2="Ett-annat-losenord-33",
    )
    html = response.content.decode()
    assert "samma lösenord" in html
    assert 'class="error-summary"' in html
    assert 'value="b@exempel.example"' in html


@pytest.mark.django_db
def test_resident_edits_profile(client, municipality):
    district = f.DistrictFactory(municipality=municipality, name="Lillsjö")
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile_edit"),
        {"name": "Kim Andersson", "district": district.pk, "language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.district, user.language) == ("Kim Andersson", district, "en")
    assert "Lillsjö" in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_staff_lands_in_staff_area_and_resident_on_my_pages(client, municipality):
    resident = f.UserFactory()
    official = f.official(f.UnitFactory(municipality=municipality))
    for user, target in ((resident, "accounts:profile"), (official, "staff:dashboard")):
        client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
        assert client.get(reverse("core:after_login")).url == reverse(target)
        client.logout()
