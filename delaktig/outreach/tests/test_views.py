import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.municipality.tests import factories as f
from delaktig.outreach.models import OutreachEntry
from delaktig.outreach.tests.factories import DraftingGroupFactory, OutreachEntryFactory


@pytest.fixture
def group(municipality):
    return DraftingGroupFactory(municipality=municipality, name="Framtidsberedningen")


@pytest.fixture
def member(group):
    return f.representative(group, user__name="Maria Berg")


@pytest.fixture
def district(municipality):
    return f.DistrictFactory(municipality=municipality, name="Hamnen")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    client.cookies["delaktig_language"] = "en"
    return client


def form_data(group, district, **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "date": timezone.localdate().isoformat(),
        "kind": "street",
        "unit": str(group.pk),
        "district": str(district.pk),
        "place": "Stora torget",
        "people_met": "30",
        "conversations": "18",
        "notes": "Bussarna på kvällen.",
    }
    data.update(overrides)
    return data


# --- who gets in ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["outreach:new", "outreach:list", "reach:overview", "reach:population"]
)
def test_anonymous_goes_to_login(client, municipality, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_anonymous_goes_to_login_on_object_pages(client, municipality):
    entry = OutreachEntryFactory(municipality=municipality)
    for name, arg in [
        ("outreach:detail", entry.pk),
        ("outreach:edit", entry.pk),
        ("outreach:delete", entry.pk),
        ("reach:group_report", entry.unit_id),
        ("reach:group_report_pdf", entry.unit_id),
    ]:
        response = client.get(reverse(name, args=[arg]))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name


@pytest.mark.django_db
def test_resident_is_refused(client, municipality):
    entry = OutreachEntryFactory(municipality=municipality)
    client.force_login(f.UserFactory())
    urls = [
        reverse("outreach:new"),
        reverse("outreach:list"),
        reverse("outreach:detail", args=[entry.pk]),
        reverse("outreach:edit", args=[entry.pk]),
        reverse("outreach:delete", args=[entry.pk]),
        reverse("reach:overview"),
        reverse("reach:group_report", args=[entry.unit_id]),
        reverse("reach:group_report_pdf", args=[entry.unit_id]),
        reverse("reach:population"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("outreach:new"), {"people_met": "3"}).status_code == 403
    assert OutreachEntry.objects.count() == 1


@pytest.mark.django_db
def test_official_of_another_unit_cannot_touch_the_groups_entries(client, municipality, group):
    entry = OutreachEntryFactory(municipality=municipality, unit=group)
    client.force_login(f.official(f.UnitFactory(municipality=municipality)))
    for name in ("outreach:detail", "outreach:edit", "outreach:delete"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 403, name
    assert client.post(reverse("outreach:edit", args=[entry.pk]), {}).status_code == 403
    assert client.post(reverse("outreach:delete", args=[entry.pk])).status_code == 403
    assert client.get(reverse("reach:group_report", args=[group.pk])).status_code == 403
    assert client.get(reverse("reach:population")).status_code == 403
    # They see the reach totals and their own (empty) log, not the group's entries.
    assert client.get(reverse("reach:overview")).status_code == 200
    log = client.get(reverse("outreach:list"))
    assert log.status_code == 200
    assert reverse("outreach:detail", args=[entry.pk]) not in log.content.decode()
    assert OutreachEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_another_member_of_the_group_reads_but_does_not_change(client, municipality, group):
    entry = OutreachEntryFactory(municipality=municipality, unit=group)
    client.force_login(f.representative(group))
    assert client.get(reverse("outreach:detail", args=[entry.pk])).status_code == 200
    assert client.get(reverse("outreach:edit", args=[entry.pk])).status_code == 403


# --- the phone form ---------------------------------------------------------


@pytest.mark.django_db
def test_new_form_is_prefilled_for_the_phone(member_client, member, group, municipality):
    f.UnitFactory(municipality=municipality, name="Aaa-förvaltningen")  # not the member's
    other_unit = f.UnitFactory(municipality=municipality, name="Ab-nämnden")
    f.RoleAssignmentFactory(user=member, unit=other_unit, role="representative")
    html = member_client.get(reverse("outreach:new")).content.decode()
    assert 'inputmode="numeric"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    # The drafting group is offered first although another name sorts before it.
    assert html.index(f'<option value="{group.pk}"') < html.index(
        f'<option value="{other_unit.pk}"'
    )
    assert "Aaa-förvaltningen" not in html
    # The member is ticked among those who took part.
    box = html.split(f'name="staff" value="{member.pk}"')[1].split(">")[0]
    assert "checked" in box
    assert 'name="submission_key"' in html
    assert "js/outreach.js" in html


@pytest.mark.django_db
def test_double_submit_without_script_stores_once(member_client, group, district):
    data = form_data(group, district)
    first = member_client.post(reverse("outreach:new"), data)
    second = member_client.post(reverse("outreach:new"), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert OutreachEntry.objects.count() == 1
    entry = OutreachEntry.objects.get()
    assert entry.people_met == 30
    assert first.url == reverse("outreach:detail", args=[entry.pk])


@pytest.mark.django_db
def test_script_send_answers_json_and_a_resend_stores_once(member_client, group, district, member):
    data = form_data(group, district, staff=[str(member.pk)], tally_woman_18_25="4")
    headers = {"Accept": "application/json"}
    first = member_client.post(reverse("outreach:new"), data, headers=headers)
    second = member_client.post(reverse("outreach:new"), data, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json()["ok"] is True
    assert first.json()["url"] == second.json()["url"]
    entry = OutreachEntry.objects.get()
    assert entry.tallies.get().count == 4
    assert list(entry.staff.all()) == [member]


@pytest.mark.django_db
def test_script_send_with_errors_gets_400_json(member_client, group, district):
    data = form_data(group, district, people_met="2", conversations="5")
    response = member_client.post(
        reverse("outreach:new"), data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "conversations" in response.json()["errors"]
    assert not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_invalid_entry_keeps_input_and_key(member_client, group, district):
    data = form_data(group, district, people_met="abc", notes="Vi var vid torget.")
    response = member_client.post(reverse("outreach:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_people_met"' in html
    assert "Vi var vid torget." in html
    assert data["submission_key"] in html
    assert "data-bound" in html
    assert not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_future_date_and_foreign_group_are_refused(member_client, group, district, municipality):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = member_client.post(
        reverse("outreach:new"), form_data(group, district, date=tomorrow)
    )
    assert response.status_code == 200
    foreign = DraftingGroupFactory(municipality=municipality)
    response = member_client.post(
        reverse("outreach:new"), form_data(group, district, unit=str(foreign.pk))
    )
    assert response.status_code == 200
    assert not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_tally_error_is_shown_beside_the_form(member_client, group, district):
    data = form_data(group, district, people_met="3", conversations="2", tally_man_80plus="9")
    html = member_client.post(reverse("outreach:new"), data).content.decode()
    assert 'class="error-summary"' in html
    assert '<details class="outreach-details outreach-tallies" open' in html
    assert not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_map_point_with_decimal_comma(member_client, group):
    data = form_data(group, f.DistrictFactory())
    data.update(district="", place="", latitude="59,329312345", longitude="18,0686")
    response = member_client.post(reverse("outreach:new"), data)
    assert response.status_code == 302
    entry = OutreachEntry.objects.get()
    assert str(entry.latitude) == "59.329312"


# --- confirmation, log, corrections ------------------------------------------


@pytest.mark.django_db
def test_confirmation_shows_the_entry(member_client, group, district):
    response = member_client.post(reverse("outreach:new"), form_data(group, district), follow=True)
    html = response.content.decode()
    assert "The outreach has been saved." in html
    assert "Stora torget" in html
    assert reverse("outreach:new") in html


@pytest.mark.django_db
def test_recorder_edits_and_deletes(member_client, group, district, member):
    member_client.post(reverse("outreach:new"), form_data(group, district))
    entry = OutreachEntry.objects.get()
    edit_url = reverse("outreach:edit", args=[entry.pk])
    page = member_client.get(edit_url).content.decode()
    assert 'value="30"' in page
    response = member_client.post(
        edit_url, form_data(group, district, people_met="45", conversations="20")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.people_met == 45
    assert member_client.get(reverse("outreach:delete", args=[entry.pk])).status_code == 200
    response = member_client.post(reverse("outreach:delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not OutreachEntry.objects.exists()


@pytest.mark.django_db
def test_group_official_edits_anothers_entry(client, municipality, group, district):
    entry = OutreachEntryFactory(municipality=municipality, unit=group, district=district)
    client.force_login(f.official(group))
    response = client.post(
        reverse("outreach:edit", args=[entry.pk]),
        form_data(group, district, people_met="12", conversations="6"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.people_met == 12


@pytest.mark.django_db
def test_log_filters(member_client, municipality, group, district):
    other_district = f.DistrictFactory(municipality=municipality)
    OutreachEntryFactory(municipality=municipality, unit=group, district=district, place="Ett")
    OutreachEntryFactory(
        municipality=municipality, unit=group, district=other_district, place="Två", kind="school"
    )
    old = OutreachEntryFactory(
        municipality=municipality,
        unit=group,
        district=district,
        place="Gammal",
        date=datetime.date(2020, 5, 1),
    )
    url = reverse("outreach:list")
    html = member_client.get(url, {"kommundel": district.pk}).content.decode()
    assert ">Hamnen, Ett<" in html and "Två" not in html
    html = member_client.get(url, {"typ": "school"}).content.decode()
    assert "Två" in html and ", Ett<" not in html
    html = member_client.get(url, {"fran": "2020-01-01", "till": "2020-12-31"}).content.decode()
    assert reverse("outreach:detail", args=[old.pk]) in html
    assert "Två" not in html


def _log_queries(client, url):
    client.get(url)  # warm the per-process caches (the municipality, the session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_log_uses_a_constant_number_of_queries(member_client, municipality, group, member):
    url = reverse("outreach:list")
    OutreachEntryFactory.create_batch(2, municipality=municipality, unit=group, recorded_by=member)
    few = _log_queries(member_client, url)
    OutreachEntryFactory.create_batch(
        22, municipality=municipality, unit=group, recorded_by=f.official(group)
    )
    many = _log_queries(member_client, url)
    assert few == many


@pytest.mark.django_db
def test_reach_overview_uses_a_constant_number_of_queries(member_client, municipality, group):
    url = reverse("reach:overview")
    OutreachEntryFactory(municipality=municipality, unit=group)
    few = _log_queries(member_client, url)
    for _ in range(5):
        unit = DraftingGroupFactory(municipality=municipality)
        OutreachEntryFactory.create_batch(3, municipality=municipality, unit=unit)
    many = _log_queries(member_client, url)
    assert few == many
