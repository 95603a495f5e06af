import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from delaktig.contributions.models import Contribution
from delaktig.dialogues.models import Dialogue, State
from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.meetings.tests.factories import MeetingFactory
from delaktig.municipality.tests import factories as f
from delaktig.records.archive import build_package, verify_package
from delaktig.records.models import Disposal
from delaktig.records.services import archive_export, dialogue_dispose


@pytest.fixture
def admin(municipality):
    return f.administrator(f.UnitFactory(municipality=municipality))


@pytest.fixture
def dialogue(municipality):
    dialogue = DialogueFactory(municipality=municipality, state=State.ARCHIVED)
    meeting = MeetingFactory(activity__dialogue=dialogue)
    author = f.UserFactory(email="anna@example.org", name="Anna Exempel")
    Contribution.objects.create(
        dialogue=dialogue,
        activity=meeting.activity,
        method_key="meetings",
        kind="note",
        text="Fler bänkar längs ån",
        author=author,
    )
    return dialogue


def _files(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_package_holds_plan_contributions_audit_with_checksums(dialogue, admin):
    data = build_package(dialogue, actor=admin)
    files = _files(data)
    assert {"manifest.json", "SHA256SUMS", "plan/plan.json", "plan/plan.pdf"} <= set(files)
    assert files["plan/plan.pdf"].startswith(b"%PDF")
    assert "contributions/contributions.json" in files and "audit/audit.json" in files
    manifest = json.loads(files["manifest.json"])
    assert manifest["dialogue"]["slug"] == dialogue.slug
    assert {item["path"] for item in manifest["files"]} == set(files) - {
        "manifest.json",
        "SHA256SUMS",
    }
    assert verify_package(data) == []


def test_package_keeps_no_resident_identity(dialogue, admin):
    files = _files(build_package(dialogue, actor=admin))
    contributions = json.loads(files["contributions/contributions.json"])
    assert contributions[0]["fields"]["text"] == "Fler bänkar längs ån"
    assert contributions[0]["fields"]["from_account"] is True
    everything = b"".join(body for name, body in files.items() if not name.endswith(".pdf"))
    assert b"anna@example.org" not in everything and b"Anna Exempel" not in everything


def test_a_changed_file_is_found_by_the_checksums(dialogue, admin):
    data = build_package(dialogue, actor=admin)
    files = _files(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, body in files.items():
            package.writestr(name, body + b" " if name == "plan/plan.json" else body)
    assert verify_package(buffer.getvalue()) == ["checksum differs: plan/plan.json"]


def test_export_is_recorded_and_only_for_administrators(dialogue, admin, municipality):
    export, data = archive_export(actor=admin, dialogue=dialogue)
    assert export.size == len(data) and len(export.sha256) == 64
    with pytest.raises(PermissionDenied):
        archive_export(actor=f.official(dialogue.unit), dialogue=dialogue)


def _dispose(actor, dialogue, **overrides):
    values = {
        "decision_reference": "KS 2026/123",
        "decided_by": "Kommunstyrelsen",
        "decided_on": datetime.date(2026, 11, 1),
    }
    values.update(overrides)
    return dialogue_dispose(actor=actor, dialogue=dialogue, **values)


def test_disposal_needs_an_exported_package_and_a_decision(dialogue, admin):
    with pytest.raises(ValidationError):
        _dispose(admin, dialogue)
    archive_export(actor=admin, dialogue=dialogue)
    with pytest.raises(ValidationError) as error:
        _dispose(admin, dialogue, decision_reference=" ")
    assert "decision_reference" in error.value.message_dict
    assert Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_disposal_removes_the_dialogue_and_records_the_decision(dialogue, admin):
    archive_export(actor=admin, dialogue=dialogue)
    disposal = _dispose(admin, dialogue)
    assert not Dialogue.objects.filter(pk=dialogue.pk).exists()
    assert not Contribution.objects.filter(text="Fler bänkar längs ån").exists()
    assert Disposal.objects.get() == disposal
    assert disposal.dialogue_title == dialogue.title and disposal.performed_by == admin


def test_only_archived_dialogues_can_be_disposed_of(municipality, admin):
    open_dialogue = DialogueFactory(municipality=municipality, state=State.OPEN)
    archive_export(actor=admin, dialogue=open_dialogue)
    with pytest.raises(ValidationError):
        _dispose(admin, open_dialogue)


def test_package_holds_published_reports_and_evaluations(dialogue, admin):
    from delaktig.evaluations.models import Evaluation
    from delaktig.reports.models import Report, ReportVersion

    report = Report.objects.create(dialogue=dialogue)
    ReportVersion.objects.create(report=report, number=1, snapshot={"summary": "Sammanfattning"})
    Evaluation.objects.create(dialogue=dialogue)
    files = _files(build_package(dialogue, actor=admin))
    assert json.loads(files["report/version-1.json"])["content"] == {"summary": "Sammanfattning"}
    assert json.loads(files["evaluation/evaluations.json"])[0]["model"] == "evaluations.evaluation"
