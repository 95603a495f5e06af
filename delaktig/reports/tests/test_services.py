import uuid

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied

from delaktig.core.idempotency import run_once
from delaktig.reports import services
from delaktig.reports.models import Report, ReportVersion


@pytest.mark.django_db
def test_publish_freezes_numbered_versions(world, django_capture_on_commit_callbacks):
    dialogue = world["dialogue"]
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_publish(
            actor=world["official"],
            dialogue=dialogue,
            data={"summary": "Många vill ha en tryggare park.", "conclusions": "Bygg belysning."},
        )
    assert first.number == 1
    assert first.snapshot["texts"]["summary"] == "Många vill ha en tryggare park."
    assert first.snapshot["themes"][0]["name"] == "Trygghet i parken"
    assert first.snapshot["activities"][0]["title"] == "Parkkväll i Norrby"
    # Editing the draft does not change the published version.
    services.report_save(
        actor=world["official"], dialogue=dialogue, data={"summary": "Ny sammanfattning."}
    )
    first.refresh_from_db()
    assert first.snapshot["texts"]["summary"] == "Många vill ha en tryggare park."
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_publish(actor=world["official"], dialogue=dialogue)
    assert second.number == 2
    assert second.snapshot["texts"]["summary"] == "Ny sammanfattning."
    assert ReportVersion.objects.filter(report__dialogue=dialogue).count() == 2


@pytest.mark.django_db
def test_publish_mails_the_owner_committee_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_publish(actor=world["official"], dialogue=world["dialogue"])
    assert [m.to for m in mail.outbox] == [[world["representative"].email]]
    assert "Nya parken i Norrby" in mail.outbox[0].subject
    assert "/rapporter/nya-parken/version/1/" in mail.outbox[0].body
    from delaktig.reports.tasks import send_report

    assert send_report.call(version.pk) == 0  # already mailed
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_same_submission_key_publishes_one_version(world):
    key = uuid.uuid4()

    def publish():
        version = services.report_publish(actor=world["official"], dialogue=world["dialogue"])
        return f"/v/{version.number}"

    assert run_once(key=key, user=world["official"], action=publish) == "/v/1"
    assert run_once(key=key, user=world["official"], action=publish) == "/v/1"
    assert ReportVersion.objects.count() == 1


@pytest.mark.django_db
def test_only_the_dialogues_officials_write(world):
    for who in ("representative", "other_official"):
        with pytest.raises(PermissionDenied):
            services.report_save(actor=world[who], dialogue=world["dialogue"], data={})
        with pytest.raises(PermissionDenied):
            services.report_publish(actor=world[who], dialogue=world["dialogue"])
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_writes_are_audited(world):
    services.report_save(
        actor=world["official"], dialogue=world["dialogue"], data={"summary": "Utkast"}
    )
    services.report_publish(actor=world["official"], dialogue=world["dialogue"])
    entries = LogEntry.objects.filter(actor=world["official"])
    models = {entry.content_type.model for entry in entries}
    assert {"report", "reportversion"} <= models
