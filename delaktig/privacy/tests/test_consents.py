"""The consent list on "Mina uppgifter" shows every consent, wherever it is kept:
following and hearing back (recorded here) and the citizen panel (kept by the
panel, through its provider), each withdrawable by its owner only."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from delaktig.contributions.models import Contribution
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f
from delaktig.panel.models import PanelMember
from delaktig.panel.tests.factories import PanelMemberFactory, panel
from delaktig.privacy.models import Consent
from delaktig.privacy.selectors import account_export, consent_list, hear_back_withdrawn
from delaktig.privacy.texts import HEAR_BACK_TAKING_PART

INDEX = "privacy_account:index"


@pytest.fixture
def resident(municipality):
    return f.UserFactory(email="karin@example.org")


@pytest.fixture
def dialogue(municipality):
    return DialogueFactory(municipality=municipality, state="open", title="Parken vid ån")


def _contribute(dialogue, author):
    return Contribution.objects.create(
        dialogue=dialogue, method_key="meetings", kind="note", text="Fler bänkar", author=author
    )


# --- Hearing back -------------------------------------------------------------------


def test_taking_part_logged_in_records_hearing_back_once(resident, dialogue):
    _contribute(dialogue, resident)
    _contribute(dialogue, resident)
    _contribute(dialogue, None)
    consent = Consent.objects.get()
    assert (consent.user, consent.purpose, consent.reference) == (
        resident,
        Consent.Purpose.HEAR_BACK,
        dialogue.slug,
    )
    assert consent.text_version == HEAR_BACK_TAKING_PART and consent.active


def test_hearing_back_is_listed_with_wording_version_and_date(client, resident, dialogue):
    _contribute(dialogue, resident)
    client.force_login(resident)
    page = client.get(reverse(INDEX))
    [row] = page.context["consents"]
    assert row.concerns == "Parken vid ån"
    assert row.version == HEAR_BACK_TAKING_PART and row.wording and row.active
    html = page.content.decode()
    assert "Parken vid ån" in html and HEAR_BACK_TAKING_PART in html
    assert row.withdraw_url in html


def test_withdrawing_hearing_back_ends_it_and_taking_part_again_does_not_renew_it(
    client, resident, dialogue
):
    _contribute(dialogue, resident)
    consent = Consent.objects.get(user=resident)
    client.force_login(resident)
    response = client.post(reverse("privacy_account:withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert not consent.active
    assert hear_back_withdrawn(dialogue) == {resident.pk}
    _contribute(dialogue, resident)
    assert Consent.objects.filter(user=resident).count() == 1
    assert hear_back_withdrawn(dialogue) == {resident.pk}


def test_withdrawing_anothers_hearing_back_is_not_found(client, resident, dialogue):
    other = f.UserFactory()
    _contribute(dialogue, other)
    consent = Consent.objects.get(user=other)
    client.force_login(resident)
    response = client.post(reverse("privacy_account:withdraw", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.active and hear_back_withdrawn(dialogue) == set()


def test_authors_from_before_get_their_hearing_back_recorded(resident, dialogue):
    first = _contribute(dialogue, resident)
    Consent.objects.all().delete()
    migration = importlib.import_module("delaktig.privacy.migrations.0002_hear_back_for_authors")
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    consent = Consent.objects.get()
    assert (consent.user, consent.reference) == (resident, dialogue.slug)
    assert consent.given_at == first.created_at


# --- The citizen panel ------------------------------------------------------------------


@pytest.fixture
def member(resident, municipality):
    return PanelMemberFactory(panel=panel(municipality), user=resident)


def _withdraw_url(member):
    return reverse("privacy_account:withdraw_other", kwargs={"source": "panel", "ref": member.pk})


def test_panel_membership_is_listed_with_its_consent_text_and_version(client, resident, member):
    client.force_login(resident)
    page = client.get(reverse(INDEX))
    [row] = page.context["consents"]
    assert row.wording == member.consent_text.text
    assert row.version == str(member.consent_text.version)
    assert row.given_at == member.consented_at
    assert row.withdraw_url == _withdraw_url(member)
    assert _withdraw_url(member) in page.content.decode()


def test_withdrawing_panel_consent_leaves_the_panel(client, resident, member):
    client.force_login(resident)
    response = client.post(_withdraw_url(member))
    assert response.status_code == 302
    assert not PanelMember.objects.filter(pk=member.pk).exists()
    assert consent_list(resident) == []


def test_withdrawing_anothers_panel_consent_is_refused(client, resident, municipality):
    others = PanelMemberFactory(panel=panel(municipality))
    client.force_login(resident)
    assert client.post(_withdraw_url(others)).status_code == 404
    assert PanelMember.objects.filter(pk=others.pk).exists()


@pytest.mark.parametrize("source, ref", [("panel", "x1"), ("okand", "1"), ("meetings", "1")])
def test_unknown_consents_are_not_found(client, resident, member, source, ref):
    client.force_login(resident)
    url = reverse("privacy_account:withdraw_other", kwargs={"source": source, "ref": ref})
    assert client.post(url).status_code == 404
    assert PanelMember.objects.filter(pk=member.pk).exists()


def test_withdrawing_needs_a_post_and_a_login(client, resident, member):
    assert client.post(_withdraw_url(member)).status_code == 302
    client.force_login(resident)
    assert client.get(_withdraw_url(member)).status_code == 405
    assert PanelMember.objects.filter(pk=member.pk).exists()


def test_export_holds_every_consent(resident, member, dialogue):
    _contribute(dialogue, resident)
    consents = account_export(resident)["consents"]
    assert {c["version"] for c in consents} == {
        HEAR_BACK_TAKING_PART,
        str(member.consent_text.version),
    }
