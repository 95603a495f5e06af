import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from delaktig.municipality.tests import factories as f
from delaktig.reports import services
from delaktig.reports.models import ReportVersion


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def edit_url(world):
    return reverse("report_staff:edit", args=[world["dialogue"].pk])


@pytest.mark.django_db
def test_who_may_open_the_report_editor(client, world):
    url = edit_url(world)
    client.force_login(world["official"])
    assert client.get(url).status_code == 200
    for who in ("representative", "other_official"):
        client.force_login(world[who])
        assert client.get(url).status_code == 403, who
        assert client.post(url, {"action": "publish"}).status_code == 403, who
    assert not ReportVersion.objects.exists()


@pytest.mark.django_db
def test_publish_from_the_form_once_per_key(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["official"])
    page = client.get(edit_url(world))
    key = page.context["form"]["submission_key"].value()
    data = {
        "summary": "Boende vill ha en trygg park.",
        "conclusions": "Nämnden bör prioritera belysning.",
        "submission_key": key,
        "action": "publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(edit_url(world), data)
        again = client.post(edit_url(world), data)
    assert first.status_code == again.status_code == 302
    assert ReportVersion.objects.count() == 1
    assert len(mail.outbox) == 1
    page = client.get(first.url)
    assert "Version 1" in page.content.decode()


@pytest.mark.django_db
def test_public_report_latest_and_old_versions(client, world, django_capture_on_commit_callbacks):
    dialogue = world["dialogue"]
    services.report_publish(
        actor=world["official"], dialogue=dialogue, data={"summary": "Första sammanfattningen."}
    )
    services.report_publish(
        actor=world["official"], dialogue=dialogue, data={"summary": "Andra sammanfattningen."}
    )
    latest = client.get(reverse("reports:detail", args=[dialogue.slug])).content.decode()
    assert "Andra sammanfattningen." in latest
    assert "Trygghet i parken" in latest
    assert 'role="img"' in latest  # the theme chart
    old = client.get(reverse("reports:version", args=[dialogue.slug, 1])).content.decode()
    assert "Första sammanfattningen." in old
    assert client.get(reverse("reports:version", args=[dialogue.slug, 3])).status_code == 404
    assert client.get(reverse("reports:detail", args=["finns-inte"])).status_code == 404


@pytest.mark.django_db
def test_downloads(client, world):
    dialogue = world["dialogue"]
    services.report_publish(
        actor=world["official"], dialogue=dialogue, data={"conclusions": "Satsa på belysning."}
    )
    args = [dialogue.slug, 1]
    pdf = client.get(reverse("reports:pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Nya parken i Norrby" in text
    assert "Satsa på belysning." in text
    csv_text = client.get(reverse("reports:csv", args=args)).content.decode()
    assert csv_text.startswith("section,activity,item,row,column,value,suppressed,reason")
    assert "Trygghet i parken" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:xlsx", args=args)).content))
    assert workbook["figures"]["A1"].value == "section"
    data = client.get(reverse("reports:json", args=args)).json()
    assert data["version"] == 1
    assert data["dialogue"]["title"] == "Nya parken i Norrby"


@pytest.mark.django_db
def test_committee_list_shows_my_committees_reports(client, world):
    services.report_publish(actor=world["official"], dialogue=world["dialogue"])
    url = reverse("report_staff:list")
    client.force_login(world["representative"])
    assert "Nya parken i Norrby" in client.get(url).content.decode()
    client.force_login(world["other_official"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Nya parken i Norrby" not in response.content.decode()
    client.force_login(f.UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 40])
def test_committee_list_query_count(client, world, n, django_assert_max_num_queries):
    from delaktig.dialogues.tests.factories import DialogueFactory

    for _ in range(n):
        dialogue = DialogueFactory(
            municipality=world["dialogue"].municipality,
            unit=world["dialogue"].unit,
            owner_committee=world["committee"],
        )
        services.report_publish(actor=world["official"], dialogue=dialogue)
    client.force_login(world["representative"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("report_staff:list")).status_code == 200
