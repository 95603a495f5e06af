"""The membership's consent as the privacy app lists it, and withdrawing it."""

import pytest

from delaktig.municipality.tests.factories import UserFactory
from delaktig.panel.models import PanelMember
from delaktig.panel.services import member_consent_withdraw, member_consents
from delaktig.panel.tests.factories import PanelMemberFactory, panel
from delaktig.privacy.providers import consent_provider

pytestmark = pytest.mark.django_db


def test_the_panel_offers_its_consents_to_the_privacy_app():
    provider = consent_provider("panel")
    assert provider is not None
    assert provider.consents is member_consents and provider.withdraw is member_consent_withdraw


def test_a_member_has_one_consent_with_the_version_agreed_to(municipality):
    the_panel = panel(municipality)
    member = PanelMemberFactory(panel=the_panel)
    first = member.consent_text
    the_panel.consent_texts.create(version=first.version + 1, text="Ny text")
    [entry] = member_consents(member.user)
    assert entry.version == str(first.version) and entry.wording == first.text
    assert entry.ref == str(member.pk)
    assert member_consents(UserFactory()) == []


def test_withdrawing_is_leaving_and_only_for_ones_own_membership(municipality):
    member = PanelMemberFactory(panel=panel(municipality))
    stranger = UserFactory()
    assert member_consent_withdraw(stranger, str(member.pk)) is False
    assert member_consent_withdraw(member.user, "not-a-number") is False
    assert PanelMember.objects.filter(pk=member.pk).exists()
    assert member_consent_withdraw(member.user, str(member.pk)) is True
    assert not PanelMember.objects.filter(pk=member.pk).exists()
