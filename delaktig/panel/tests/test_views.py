"""The panel's pages: joining through the form, the profile, leaving, and staff pages."""

import pytest
from django.urls import reverse

from delaktig.core.demographics import Gender
from delaktig.municipality.tests import factories as f
from delaktig.panel.models import PanelMember
from delaktig.surveys.models import Survey
from delaktig.surveys.tests.factories import SurveyFactory

from .factories import PanelMemberFactory, panel
from .helpers import add_members, add_population

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(municipality):
    return f.DistrictFactory(municipality=municipality, name="Norrby", slug="norrby")


@pytest.fixture
def the_panel(municipality):
    return panel(municipality)


def join_post(district, key="3b1a8e0e-1111-4d3c-9f00-000000000001", **changes):
    return {
        "submission_key": key,
        "consent_version": 1,
        "birth_year": "1975",
        "gender": Gender.UNSTATED.value,
        "district": district.pk,
        "languages": "svenska",
        "consent": "on",
        **changes,
    }


def test_the_recruitment_page_explains_the_panel(client, the_panel):
    response = client.get(reverse("panel:about"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Medborgarpanelen" in text or "medborgarpanel" in text.lower()
    assert reverse("panel:join") in text


def test_joining_needs_an_account(client, the_panel):
    response = client.get(reverse("panel:join"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_resident_joins_once_even_when_the_form_is_sent_twice(client, the_panel, district):
    resident = f.UserFactory()
    client.force_login(resident)
    page = client.get(reverse("panel:join"))
    assert page.status_code == 200
    assert the_panel.current_consent.text[:40] in page.content.decode()
    for _ in range(2):
        response = client.post(reverse("panel:join"), join_post(district))
        assert response.status_code == 302
        assert response.url == reverse("panel:profile")
    member = PanelMember.objects.get()
    assert member.user == resident and member.consent_text.version == 1
    assert member.gender == Gender.UNSTATED
    profile = client.get(reverse("panel:profile"))
    assert "Välkommen till medborgarpanelen" in profile.content.decode()


def test_invalid_input_keeps_what_was_typed(client, the_panel, district):
    client.force_login(f.UserFactory())
    response = client.post(
        reverse("panel:join"), join_post(district, consent="", birth_year="19x", languages="nord")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="nord"' in html
    assert "Kryssa i rutan" in html  # the consent message
    assert not PanelMember.objects.exists()


def test_a_member_updates_and_leaves(client, the_panel, district):
    member = PanelMemberFactory(panel=the_panel, district=district)
    client.force_login(member.user)
    response = client.post(
        reverse("panel:edit"),
        {"birth_year": "1990", "gender": Gender.OTHER.value, "district": district.pk},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.birth_year, member.gender) == (1990, Gender.OTHER)
    assert client.get(reverse("panel:leave")).status_code == 200
    response = client.post(reverse("panel:leave"))
    assert response.status_code == 302
    assert not PanelMember.objects.exists()
    # A second click answers the same.
    assert client.post(reverse("panel:leave")).status_code == 302


# --- Staff ------------------------------------------------------------------------------


@pytest.fixture
def survey(municipality):
    unit = f.UnitFactory(municipality=municipality)
    return SurveyFactory(
        activity__dialogue__municipality=municipality, activity__dialogue__unit=unit
    )


STAFF_PAGES = ["panel_staff:overview", "panel_staff:members", "panel_staff:settings"]


def test_staff_pages_send_anonymous_visitors_to_login(client, the_panel, survey):
    for url in [reverse(n) for n in STAFF_PAGES] + [
        reverse("panel_staff:survey", args=[survey.pk]),
        reverse("panel_staff:remind", args=[survey.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_residents_are_refused_on_staff_pages(client, the_panel, survey):
    client.force_login(PanelMemberFactory(panel=the_panel).user)
    for url in [reverse(n) for n in STAFF_PAGES] + [
        reverse("panel_staff:survey", args=[survey.pk])
    ]:
        assert client.get(url).status_code == 403


def test_another_units_official_sees_counts_but_not_members_or_the_survey(
    client, the_panel, survey
):
    client.force_login(f.official())
    assert client.get(reverse("panel_staff:overview")).status_code == 200
    assert client.get(reverse("panel_staff:members")).status_code == 403
    assert client.get(reverse("panel_staff:settings")).status_code == 403
    assert client.get(reverse("panel_staff:survey", args=[survey.pk])).status_code == 403
    assert client.post(reverse("panel_staff:survey", args=[survey.pk])).status_code == 403
    assert client.post(reverse("panel_staff:remind", args=[survey.pk])).status_code == 403


def test_a_representative_reads_the_counts_only(client, the_panel, survey):
    client.force_login(f.representative(survey.activity.dialogue.owner_committee))
    assert client.get(reverse("panel_staff:overview")).status_code == 200
    assert client.get(reverse("panel_staff:members")).status_code == 403
    assert client.get(reverse("panel_staff:survey", args=[survey.pk])).status_code == 403


def test_the_overview_hides_small_counts(client, the_panel, district):
    add_members(the_panel, "26-44", Gender.WOMAN.value, district, 3)
    add_members(the_panel, "45-64", Gender.MAN.value, district, 12)
    client.force_login(f.official())
    html = client.get(reverse("panel_staff:overview")).content.decode()
    assert "färre än 5" in html
    assert ">3<" not in html


def test_the_official_draws_and_sees_the_sample(client, the_panel, survey, municipality):
    district = f.DistrictFactory(municipality=municipality)
    add_population(
        municipality, {("26-44", "woman", district): 100, ("26-44", "man", district): 300}
    )
    add_members(the_panel, "26-44", "woman", district, 2)
    add_members(the_panel, "26-44", "man", district, 30)
    client.force_login(f.official(survey.activity.dialogue.unit))
    url = reverse("panel_staff:survey", args=[survey.pk])
    assert client.get(url).status_code == 200
    key = "3b1a8e0e-1111-4d3c-9f00-000000000002"
    for _ in range(2):
        response = client.post(url, {"submission_key": key, "size": "20"})
        assert response.status_code == 302
    assert survey.panel_samples.count() == 1
    html = client.get(url).content.decode()
    assert "kunde inte fyllas" in html  # the woman stratum was short: 5 wanted, 2 there
    assert str(survey.panel_samples.get().seed) in html


def test_drawing_for_a_closed_survey_is_refused_with_a_message(client, the_panel, survey):
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    client.force_login(f.administrator())
    response = client.post(reverse("panel_staff:survey", args=[survey.pk]), {"size": "5"})
    assert response.status_code == 200
    assert not survey.panel_samples.exists()


def test_the_administrator_changes_the_rules_and_the_consent_text(client, the_panel):
    client.force_login(f.administrator())
    url = reverse("panel_staff:settings")
    response = client.post(url, {"is_open": "on", "invitation_limit": "3", "limit_months": "6"})
    assert response.status_code == 302
    the_panel.refresh_from_db()
    assert (the_panel.invitation_limit, the_panel.limit_months) == (3, 6)
    client.post(url, {"text": "Version två av texten."})
    assert the_panel.current_consent.version == 2


@pytest.mark.parametrize("count", [2, 30])
def test_the_member_list_makes_the_same_number_of_queries(
    client, the_panel, district, count, django_assert_max_num_queries
):
    add_members(the_panel, "26-44", "woman", district, count)
    client.force_login(f.administrator())
    client.get(reverse("panel_staff:members"))  # warm the caches (municipality, roles)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("panel_staff:members"))
    assert response.status_code == 200
    assert response.content.decode().count("@panel.example") == min(count, 25)
