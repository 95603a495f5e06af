"""Benchmark: the PDF of a published report (target < 5 s).

Publishes a report on a dialogue with a documented meeting, several survey-like
activities with a chart per question, published themes with quotes and the
"who took part" tables, then times rendering its PDF (the download view's work)
and publishing itself.

    .venv/bin/python bench/report_bench.py                       # SQLite (in memory)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig_bench2 \
        .venv/bin/python bench/report_bench.py                   # PostgreSQL
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delaktig.settings.test")

from compilation_bench import configure  # noqa: E402

TARGET_SECONDS = 5.0
ACTIVITIES = 6
QUESTIONS = 5


def build_world():
    import datetime

    from django.utils import timezone

    from delaktig.contributions.models import Contribution
    from delaktig.core.registry import (
        ActivitySummary,
        MethodManifest,
        SummaryBlock,
        SummaryFigure,
        registry,
    )
    from delaktig.dialogues.models import Activity, State
    from delaktig.dialogues.tests.factories import DialogueFactory
    from delaktig.meetings.models import AttendanceCount, Meeting
    from delaktig.methods.models import Method
    from delaktig.municipality.models import Unit
    from delaktig.municipality.tests import factories as f
    from delaktig.results.disclosure import suppress_counts
    from delaktig.themes.models import Theme, ThemeAssignment
    from delaktig.themes.tests.corpus import generate

    def summarise(activity):
        labels = {f"o{n}": f"Alternativ {n}" for n in range(1, 7)}
        blocks = [
            SummaryBlock(
                key=f"q{q}",
                title=f"Fråga {q}: vad tycker du om förslaget?",
                kind="counts",
                counts=suppress_counts({k: (37 * q + 11 * i) % 90 for i, k in enumerate(labels)}),
                labels=labels,
                text_summary="Svaren fördelade sig över alla alternativ.",
            )
            for q in range(1, QUESTIONS + 1)
        ]
        return ActivitySummary(
            figures=[SummaryFigure(key="responses", label="Svar", value=812)], blocks=blocks
        )

    registry.register(
        MethodManifest(
            key="benchsurvey",
            name="Enkät",
            ladder_levels=frozenset({2}),
            online=True,
            summarise=summarise,
        )
    )
    municipality = f.MunicipalityFactory()
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state=State.COMPILING
    )
    for _ in range(8):
        f.DistrictFactory(municipality=municipality)
    f.representative(committee)
    ended = timezone.now() - datetime.timedelta(days=3)
    survey = Method.objects.filter(registry_key="").first()
    survey.registry_key = "benchsurvey"
    survey.save()
    for n in range(ACTIVITIES):
        Activity.objects.create(
            dialogue=dialogue,
            method=survey,
            title=f"Enkät {n + 1}",
            starts_on=ended.date(),
            ends_on=ended.date(),
        )
    meeting_activity = Activity.objects.create(
        dialogue=dialogue,
        method=Method.objects.filter(registry_key="meetings").first(),
        title="Stormöte",
        starts_on=ended.date(),
        ends_on=ended.date(),
    )
    meeting = Meeting.objects.create(
        activity=meeting_activity,
        starts_at=ended - datetime.timedelta(hours=2),
        ends_at=ended,
        venue="Stadshuset",
    )
    for gender, band, count in (("woman", "26-44", 40), ("man", "45-64", 31), ("man", "80+", 3)):
        AttendanceCount.objects.create(meeting=meeting, gender=gender, age_band=band, count=count)
    texts, _labels = generate(per_topic=100, seed=9)
    notes = Contribution.objects.bulk_create(
        [
            Contribution(
                dialogue=dialogue,
                activity=meeting_activity,
                method_key="meetings",
                kind="table_note",
                text=text,
            )
            for text in texts
        ]
    )
    themes = [
        Theme.objects.create(dialogue=dialogue, name=f"Tema {n}", published=True, top_words=["ord"])
        for n in range(8)
    ]
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(theme=themes[i % len(themes)], contribution=note, weight=0.5)
            for i, note in enumerate(notes)
        ]
    )
    return dialogue, f.official(unit)


def main() -> int:
    configure()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from delaktig.reports import services
    from delaktig.reports.exports import render_pdf

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        dialogue, official = build_world()
        started = time.perf_counter()
        version = services.report_publish(
            actor=official,
            dialogue=dialogue,
            data={"summary": "Sammanfattning. " * 40, "conclusions": "Slutsatser. " * 40},
        )
        published = time.perf_counter() - started
        render_pdf(version)  # warm up WeasyPrint and its fonts
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            pdf = render_pdf(version)
            runs.append(time.perf_counter() - started)
        best = min(runs)
        print(
            f"report ({connection.vendor}): publish {published:.2f} s; PDF "
            f"{len(pdf) // 1024} KiB with {ACTIVITIES * QUESTIONS} charts in {best:.2f} s "
            f"best of 3 (target < {TARGET_SECONDS:.0f} s)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if best < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
