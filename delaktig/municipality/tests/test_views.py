import uuid

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from delaktig.municipality.models import District, RoleAssignment, Unit
from delaktig.municipality.tests import factories as f


@pytest.fixture
def admin_client(client, municipality):
    admin = f.administrator(f.UnitFactory(municipality=municipality))
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.mark.django_db
def test_official_reaches_own_unit_page(client, municipality):
    unit = f.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    user = f.official(unit)
    client.force_login(user)
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert unit.name in dashboard
    page = client.get(reverse("staff:unit_detail", args=[unit.slug]))
    assert page.status_code == 200
    assert user.name in page.content.decode()


@pytest.mark.django_db
def test_representative_sees_committee_page(client, municipality):
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    client.force_login(f.representative(committee))
    assert client.get(reverse("staff:unit_detail", args=[committee.slug])).status_code == 200


@pytest.mark.django_db
def test_create_district_double_submit_stores_one(admin_client):
    key = str(uuid.uuid4())
    data = {"name": "Lillsjö", "code": "0005", "submission_key": key}
    first = admin_client.post(reverse("staff:district_create"), data)
    second = admin_client.post(reverse("staff:district_create"), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert District.objects.filter(name="Lillsjö").count() == 1


@pytest.mark.django_db
def test_invalid_unit_form_keeps_input_and_shows_summary(admin_client):
    response = admin_client.post(
        reverse("staff:unit_create"), {"name": "", "short_name": "MN", "kind": "committee"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_name"' in html
    assert 'value="MN"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_duplicate_unit_name_gives_message_beside_field(admin_client, municipality):
    f.UnitFactory(municipality=municipality, name="Socialnämnden")
    response = admin_client.post(
        reverse("staff:unit_create"), {"name": "Socialnämnden", "kind": "committee"}
    )
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    assert Unit.objects.filter(name="Socialnämnden").count() == 1


@pytest.mark.django_db
def test_give_role_by_email(admin_client, municipality):
    person = f.UserFactory(email="ny.kollega@exempel.example")
    unit = f.UnitFactory(municipality=municipality)
    response = admin_client.post(
        reverse("staff:role_create"),
        {"email": "Ny.Kollega@exempel.example", "unit": unit.pk, "role": "official"},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=person, unit=unit, role="official").exists()


@pytest.mark.django_db
def test_give_role_to_unknown_email_says_so(admin_client, municipality):
    unit = f.UnitFactory(municipality=municipality)
    response = admin_client.post(
        reverse("staff:role_create"),
        {"email": "okand@exempel.example", "unit": unit.pk, "role": "official"},
    )
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert 'value="okand@exempel.example"' in response.content.decode()


@pytest.mark.django_db
def test_remove_role(admin_client, municipality):
    assignment = f.RoleAssignmentFactory(unit=f.UnitFactory(municipality=municipality))
    url = reverse("staff:role_delete", args=[assignment.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_staff_change_appears_in_audit_log_with_diff(admin_client, municipality):
    district = f.DistrictFactory(municipality=municipality, name="Norrby")
    admin_client.post(
        reverse("staff:district_edit", args=[district.slug]),
        {"name": "Norrby strand", "code": "", "is_active": "on"},
    )
    html = admin_client.get(reverse("audit:log")).content.decode()
    assert "Norrby strand" in html
    assert "<del>Norrby</del>" in html
    assert admin_client.admin.name in html
    entry = LogEntry.objects.get_for_object(district).filter(action=LogEntry.Action.UPDATE).get()
    detail = admin_client.get(reverse("audit:entry", args=[entry.pk])).content.decode()
    assert "Norrby strand" in detail


@pytest.mark.django_db
def test_audit_log_filters_by_person(admin_client, municipality):
    other_admin = f.administrator(f.UnitFactory(municipality=municipality))
    from delaktig.municipality import services

    services.district_create(
        actor=other_admin, municipality=municipality, data={"name": "Ekbacken"}
    )
    services.district_create(
        actor=admin_client.admin, municipality=municipality, data={"name": "Björkdalen"}
    )
    html = admin_client.get(reverse("audit:log"), {"who": other_admin.email}).content.decode()
    assert "Ekbacken" in html
    assert "Björkdalen" not in html


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["staff:role_list", "staff:unit_list", "staff:district_list", "audit:log"]
)
def test_list_pages_use_constant_queries(admin_client, municipality, url_name):
    from delaktig.municipality import services

    def add(n, start):
        for i in range(start, start + n):
            unit = f.UnitFactory(municipality=municipality)
            f.RoleAssignmentFactory(unit=unit, role="official")
            f.RoleAssignmentFactory(unit=unit, role="representative")
            services.district_create(
                actor=admin_client.admin, municipality=municipality, data={"name": f"Del {i}"}
            )

    add(3, 0)
    _count_queries(admin_client, reverse(url_name))  # warm the per-process caches
    few = _count_queries(admin_client, reverse(url_name))
    add(30, 100)
    many = _count_queries(admin_client, reverse(url_name))
    assert len(few) == len(many), "\n".join(q[:120] for q in many)


@pytest.mark.django_db
def test_double_submit_shows_the_saved_message_once(admin_client):
    data = {"name": "Ekbacken", "code": "", "submission_key": str(uuid.uuid4())}
    admin_client.cookies["delaktig_language"] = "en"
    admin_client.post(reverse("staff:district_create"), data)
    response = admin_client.post(reverse("staff:district_create"), data, follow=True)
    assert response.content.decode().count("The district has been created.") == 1
