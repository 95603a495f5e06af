import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from delaktig.core.models import AccessibilityStatement, Submission
from delaktig.municipality.tests import factories as f


@pytest.fixture
def statement(municipality):
    return AccessibilityStatement.objects.create(
        municipality=municipality,
        compliance=AccessibilityStatement.Compliance.PARTIAL,
        known_gaps="Kartan kräver mus.\n- Gamla PDF-filer saknar rubriker.\n\n",
        assessment_method="Självskattning och automatiska tester.",
        assessed_on=datetime.date(2026, 9, 15),
        published_on=datetime.date(2026, 3, 1),
        updated_on=datetime.date(2026, 9, 20),
        contact_email="tillganglighet@exempelkommun.example",
    )


@pytest.mark.django_db
def test_the_page_shows_level_gaps_assessment_dates_and_digg(client, statement):
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "Kartan kräver mus." in html
    assert "<li>Gamla PDF-filer saknar rubriker.</li>" in html
    assert "Självskattning och automatiska tester." in html
    assert 'datetime="2026-09-15"' in html and 'datetime="2026-03-01"' in html
    assert 'datetime="2026-09-20"' in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert "mailto:tillganglighet@exempelkommun.example" in html
    # The form has a page of its own, linked from the statement, so that the
    # statement itself carries no form (and can be served from the page cache).
    assert 'name="message"' not in html
    assert f'href="{reverse("core:accessibility_feedback")}"' in html
    form_page = client.get(reverse("core:accessibility_feedback")).content.decode()
    assert 'name="message"' in form_page
    assert "tillganglighet@exempelkommun.example" in form_page


@pytest.mark.django_db
def test_the_page_works_before_any_statement_is_written(client, municipality):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "https://www.digg.se/tdosanmalan" in response.content.decode()


@pytest.mark.django_db
def test_every_page_links_to_the_statement_in_the_footer(client, municipality):
    for url in (reverse("core:home"), reverse("dialogues:public_list"), reverse("meetings:list")):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{reverse("core:accessibility")}"' in footer


@pytest.mark.django_db
def test_feedback_is_emailed_and_not_stored(client, statement):
    before = {AccessibilityStatement: AccessibilityStatement.objects.count()}
    response = client.post(
        reverse("core:accessibility_feedback"),
        {
            "name": "Ada Exempel",
            "email": "ada@example.org",
            "page": "Mötessidan",
            "message": "Knappen Anmäl syns inte i mörkt läge.",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["tillganglighet@exempelkommun.example"]
    assert sent.reply_to == ["ada@example.org"]
    assert "Knappen Anmäl syns inte i mörkt läge." in sent.body
    assert "Mötessidan" in sent.body
    assert {m: m.objects.count() for m in before} == before
    # The message is nowhere in the database (the task queue is not used either).
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            assert "Knappen Anmäl" not in repr(cursor.fetchall()), table


@pytest.mark.django_db
def test_feedback_needs_only_a_message(client, statement):
    response = client.post(
        reverse("core:accessibility_feedback"), {"message": "Texten är för liten."}
    )
    assert response.status_code == 302
    assert mail.outbox[0].reply_to == []


@pytest.mark.django_db
def test_feedback_without_message_is_refused_and_typed_input_kept(client, statement):
    response = client.post(reverse("core:accessibility_feedback"), {"name": "Ada", "message": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert 'value="Ada"' in html
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_double_submit_sends_one_email(client, statement):
    data = {"message": "Dubbelklick.", "submission_key": "0b7c1a32-58f3-4f3c-9c39-1f1d4c1f2a11"}
    client.post(reverse("core:accessibility_feedback"), data)
    client.post(reverse("core:accessibility_feedback"), data)
    assert len(mail.outbox) == 1
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_a_mail_server_failure_is_told_and_not_a_server_error(client, statement, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = client.post(reverse("core:accessibility_feedback"), {"message": "Hej"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_feedback_is_rate_limited(client, statement, settings):
    settings.DELAKTIG_RATELIMIT_ENABLED = True
    cache.clear()
    for _ in range(5):
        assert (
            client.post(reverse("core:accessibility_feedback"), {"message": "x"}).status_code == 302
        )
    response = client.post(reverse("core:accessibility_feedback"), {"message": "x"})
    assert response.status_code == 429
    assert len(mail.outbox) == 5
    cache.clear()


@pytest.mark.django_db
def test_administrator_edits_the_statement(client, municipality):
    admin = f.administrator(f.UnitFactory(municipality=municipality))
    client.force_login(admin)
    url = reverse("core:accessibility_edit")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "compliance": "full",
            "known_gaps": "",
            "assessment_method": "Extern granskning av Granskarbyrån AB.",
            "assessed_on": "2026-10-01",
            "published_on": "2026-03-01",
            "contact_email": "",
            "contact_phone": "",
            "response_time": "",
        },
    )
    assert response.status_code == 302
    statement = AccessibilityStatement.objects.get(municipality=municipality)
    assert statement.compliance == "full"
    assert statement.updated_on == timezone.localdate()
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "Extern granskning av Granskarbyrån AB." in html
    from auditlog.models import LogEntry as AuditEntry

    assert AuditEntry.objects.get_for_object(statement).filter(actor=admin).exists()


@pytest.mark.django_db
def test_invalid_edit_keeps_typed_input(client, municipality):
    client.force_login(f.administrator(f.UnitFactory(municipality=municipality)))
    response = client.post(
        reverse("core:accessibility_edit"),
        {"compliance": "full", "assessment_method": "Kvar", "published_on": ""},
    )
    assert response.status_code == 200
    assert "Kvar" in response.content.decode()
    assert not AccessibilityStatement.objects.exists()


@pytest.mark.django_db
def test_only_administrators_edit_the_statement(client, municipality):
    url = reverse("core:accessibility_edit")
    assert client.get(url).status_code == 302
    client.force_login(f.official(f.UnitFactory(municipality=municipality)))
    assert client.get(url).status_code == 403
    client.force_login(f.UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_demo_statement_is_loaded_once(municipality):
    from delaktig.core import demo

    municipality.slug = "exempelkommun"
    municipality.save()
    demo.load(log=lambda _msg: None)
    demo.load(log=lambda _msg: None)
    statement = AccessibilityStatement.objects.get()
    assert len(statement.known_gap_list) == 3
