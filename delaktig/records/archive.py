"""A dialogue's complete record as one archive package for the registry and archive.

The package is a zip of JSON files (Django's serialisation of every row: model,
primary key, fields), the plan as PDF, each method's own exports, photos, and the
audit trail, with ``manifest.json`` listing every file with its size and SHA-256
and a ``SHA256SUMS`` file that ``sha256sum -c`` can check. It keeps no
residents' identities: contributions say only whether they came from an account.

Reports and evaluations are included here; a later app that holds more of a
dialogue's record adds files with ``register_part`` from its ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

FORMAT_VERSION = "1"

# name -> part(dialogue, actor) -> {path inside the package: bytes}
_parts: dict[str, Callable] = {}


def register_part(name: str, part: Callable) -> None:
    _parts[name] = part


def _json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _rows(*querysets, exclude: tuple[str, ...] = ()) -> bytes:
    objects = []
    for queryset in querysets:
        objects.extend(json.loads(serializers.serialize("json", queryset)))
    for obj in objects:
        for name in exclude:
            obj["fields"].pop(name, None)
    return _json(objects)


def _plan(dialogue, actor) -> dict[str, bytes]:
    from delaktig.dialogues.models import Dialogue
    from delaktig.dialogues.pdf import render_plan_pdf
    from delaktig.dialogues.views.plan_context import summary_context

    files = {
        "plan/plan.json": _rows(
            Dialogue.objects.filter(pk=dialogue.pk),
            dialogue.questions.all(),
            dialogue.target_groups.all(),
            dialogue.activities.all(),
            dialogue.communication_items.all(),
            dialogue.cost_items.all(),
            dialogue.transitions.all(),
        )
    }
    files["plan/plan.pdf"] = render_plan_pdf(context=summary_context(dialogue))
    return files


def _contributions(dialogue, actor) -> dict[str, bytes]:
    contributions = dialogue.contributions.order_by("pk")
    rows = json.loads(_rows(contributions, exclude=("author", "recorded_by")))
    from_account = set(contributions.filter(author__isnull=False).values_list("pk", flat=True))
    for row in rows:
        row["fields"]["from_account"] = row["pk"] in from_account
    files = {"contributions/contributions.json": _json(rows)}
    for contribution in contributions.exclude(image=""):
        try:
            with contribution.image.open("rb") as image:
                name = contribution.image.name.rsplit("/", 1)[-1]
                files[f"contributions/photos/{contribution.pk}-{name}"] = image.read()
        except (FileNotFoundError, OSError):
            continue  # the file's absence shows in the manifest as a missing photo
    return files


def _activities(dialogue, actor) -> dict[str, bytes]:
    from delaktig.core.registry import registry

    files = {}
    for activity in dialogue.activities.select_related("method").order_by("pk"):
        manifest = registry.get(activity.method.registry_key)
        if manifest is None:
            continue
        folder = f"activities/{activity.pk}-{manifest.key}"
        if manifest.summarise is not None:
            files[f"{folder}/summary.json"] = _json(summary_as_dict(manifest.summarise(activity)))
        for export in manifest.exports:
            try:
                response = export.export(activity, actor)
            except ObjectDoesNotExist:
                continue  # the activity was planned but its method never set up
            if response.status_code != 200:
                continue
            if getattr(response, "streaming", False):
                body = b"".join(
                    chunk if isinstance(chunk, bytes) else chunk.encode()
                    for chunk in response.streaming_content
                )
            else:
                body = response.content
            files[f"{folder}/export.{export.key}"] = body
    return files


def summary_as_dict(summary) -> dict:
    """An ActivitySummary as JSON-ready data (counts already through disclosure)."""

    def counts(disclosed, labels):
        if disclosed is None:
            return None
        return {
            "cells": {
                str(labels.get(key, key)): cell.as_dict() for key, cell in disclosed.cells.items()
            },
            "total": disclosed.total.as_dict(),
        }

    return {
        "figures": [
            {"key": f.key, "label": str(f.label), "value": f.value, "reason": f.reason}
            for f in summary.figures
        ],
        "blocks": [
            {
                "key": b.key,
                "title": str(b.title),
                "kind": b.kind,
                "counts": counts(b.counts, b.labels),
                "table": b.table.as_dict() if b.table is not None else None,
                "stats": dict(b.stats),
                "text_summary": str(b.text_summary),
            }
            for b in summary.blocks
        ],
    }


def _results(dialogue, actor) -> dict[str, bytes]:
    from delaktig.meetings.models import EvaluationResponse
    from delaktig.results.models import Decision, Feedback
    from delaktig.themes.models import Theme

    return {
        "results/decision.json": _rows(Decision.objects.filter(dialogue=dialogue)),
        "results/feedback.json": _rows(Feedback.objects.filter(dialogue=dialogue)),
        "results/themes.json": _rows(Theme.objects.filter(dialogue=dialogue)),
        "evaluation/meeting_evaluations.json": _rows(
            EvaluationResponse.objects.filter(meeting__activity__dialogue=dialogue)
        ),
    }


def _audit(dialogue, actor) -> dict[str, bytes]:
    from auditlog.models import LogEntry

    from delaktig.dialogues.models import Activity, Dialogue
    from delaktig.results.models import Decision, Feedback

    def pks(queryset):
        return list(queryset.values_list("pk", flat=True))

    objects = [
        (Dialogue, [dialogue.pk]),
        (Activity, pks(dialogue.activities.all())),
        (Decision, pks(Decision.objects.filter(dialogue=dialogue))),
        (Feedback, pks(Feedback.objects.filter(dialogue=dialogue))),
    ]
    entries = []
    for model, pks in objects:
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model)
        entries.extend(
            LogEntry.objects.filter(
                content_type=content_type, object_pk__in=[str(pk) for pk in pks]
            ).select_related("actor", "content_type")
        )
    entries.sort(key=lambda e: (e.timestamp, e.pk))
    return {
        "audit/audit.json": _json(
            [
                {
                    "when": e.timestamp,
                    "who": str(e.actor) if e.actor_id else None,
                    "action": e.get_action_display(),
                    "object_type": e.content_type.model,
                    "object_id": e.object_pk,
                    "object": e.object_repr,
                    "changes": e.changes_dict,
                }
                for e in entries
            ]
        )
    }


def _reports_and_evaluations(dialogue, actor) -> dict[str, bytes]:
    """Every published report version (its frozen snapshot, exactly what was
    published) and the participants' evaluations of any activity."""
    from delaktig.evaluations.models import Evaluation
    from delaktig.evaluations.models import Response as EvaluationAnswer
    from delaktig.reports.models import ReportVersion

    files = {}
    for version in ReportVersion.objects.filter(report__dialogue=dialogue).order_by("number"):
        files[f"report/version-{version.number}.json"] = _json(
            {
                "version": version.number,
                "published": version.published_at,
                "published_by": str(version.published_by) if version.published_by_id else None,
                "content": version.snapshot,
            }
        )
    evaluations = Evaluation.objects.filter(dialogue=dialogue)
    files["evaluation/evaluations.json"] = _rows(
        evaluations, EvaluationAnswer.objects.filter(evaluation__in=evaluations)
    )
    return files


BUILT_IN = {
    "plan": _plan,
    "contributions": _contributions,
    "activities": _activities,
    "results": _results,
    "reports_and_evaluations": _reports_and_evaluations,
    "audit": _audit,
}


def build_package(dialogue, *, actor, now: datetime.datetime | None = None) -> bytes:
    """The zip as bytes (a dialogue's record is megabytes, not gigabytes)."""
    now = now or timezone.now()
    files: dict[str, bytes] = {}
    for part in [*BUILT_IN.values(), *_parts.values()]:
        files.update(part(dialogue, actor))
    listing = [
        {"path": path, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
        for path, body in sorted(files.items())
    ]
    manifest = {
        "format": "delaktig-archive",
        "format_version": FORMAT_VERSION,
        "created": now,
        "municipality": str(dialogue.municipality),
        "dialogue": {
            "id": dialogue.pk,
            "slug": dialogue.slug,
            "title": dialogue.title,
            "state": dialogue.state,
        },
        "files": listing,
    }
    sums = "".join(f"{item['sha256']}  {item['path']}\n" for item in listing)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for path, body in sorted(files.items()):
            package.writestr(path, body)
        package.writestr("manifest.json", _json(manifest))
        package.writestr("SHA256SUMS", sums)
    return buffer.getvalue()


def verify_package(data: bytes) -> list[str]:
    """Problems found in a package (empty when every checksum matches)."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        manifest = json.loads(package.read("manifest.json"))
        names = set(package.namelist()) - {"manifest.json", "SHA256SUMS"}
        for item in manifest["files"]:
            if item["path"] not in names:
                problems.append(f"missing: {item['path']}")
                continue
            body = package.read(item["path"])
            if hashlib.sha256(body).hexdigest() != item["sha256"]:
                problems.append(f"checksum differs: {item['path']}")
            names.discard(item["path"])
        problems.extend(f"not in manifest: {name}" for name in sorted(names))
    return problems
