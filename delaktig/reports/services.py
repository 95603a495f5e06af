"""Every write to reports: saving the texts and publishing a version.

Each function takes the acting user, checks ``reports.write_report`` on the
dialogue, writes in one transaction inside ``acting_as`` (so the audit log names
the actor) and mails the owner committee only after commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from delaktig.audit.context import acting_as
from delaktig.dialogues.models import Dialogue

from .models import Report, ReportVersion
from .snapshot import build_snapshot

TEXT_FIELDS = ("summary", "conclusions", "activities_note", "themes_note", "participation_note")


def _require(actor, dialogue):
    if actor is None or not actor.has_perm("reports.write_report", dialogue):
        raise PermissionDenied


def report_save(*, actor, dialogue: Dialogue, data: dict) -> Report:
    """Save the texts of the draft; the published versions do not change."""
    _require(actor, dialogue)
    with transaction.atomic(), acting_as(actor):
        report = Report.objects.select_for_update().filter(dialogue=dialogue).first()
        if report is None:
            report = Report(dialogue=dialogue)
        changed = report.pk is None
        for name in TEXT_FIELDS:
            if name in data:
                value = (data[name] or "").strip()
                changed |= getattr(report, name) != value
                setattr(report, name, value)
        if changed:
            report.updated_by = actor
            report.full_clean()
            report.save()
    return report


def report_publish(*, actor, dialogue: Dialogue, data: dict | None = None) -> ReportVersion:
    """Save the texts (when given) and publish them with the generated parts as
    the next version, then send it to the owner committee's representatives.

    A double submit is answered by the view's one-time key (``run_once``), so it
    makes one version; a deliberate second publication makes version n + 1.
    """
    from .tasks import send_report

    _require(actor, dialogue)
    with transaction.atomic(), acting_as(actor):
        report = report_save(actor=actor, dialogue=dialogue, data=data or {})
        report = Report.objects.select_for_update().get(pk=report.pk)
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion(
            report=report,
            number=number,
            snapshot=build_snapshot(dialogue=dialogue, report=report),
            published_by=actor,
        )
        version.full_clean()
        version.save()
        version_id = version.pk
        transaction.on_commit(lambda: send_report.enqueue(version_id))
    return version
