"""Benchmark: the full compilation page of a dialogue with 100,000 contributions.

Builds a throw-away database, a dialogue with a documented meeting, a survey-like
activity and 100,000 contributions (some hidden, some in themes), then renders
the compilation page through the Django test client as a logged-in official:
first the plain page, then with a search and filters. Prints the time and the
number of queries of each.

    .venv/bin/python bench/compilation_bench.py                  # SQLite (in memory)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig_bench2 \
        .venv/bin/python bench/compilation_bench.py              # PostgreSQL

With PostgreSQL the database named in the URL is created, used and dropped;
it must not be a database anyone else uses.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delaktig.settings.test")

CONTRIBUTIONS = int(os.environ.get("BENCH_CONTRIBUTIONS", "100000"))
BATCH = 5_000


def configure():
    import dj_database_url
    import django
    from django.conf import settings

    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        database = dj_database_url.parse(url)
        # The test-database machinery creates and drops exactly this database.
        database["TEST"] = {"NAME": database["NAME"]}
        settings.DATABASES["default"] = database
    else:
        settings.DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    django.setup()


def build_world():
    import datetime

    from django.utils import timezone

    from delaktig.contributions.models import Contribution
    from delaktig.dialogues.models import Activity, State
    from delaktig.dialogues.tests.factories import DialogueFactory
    from delaktig.meetings.models import AttendanceCount, Meeting
    from delaktig.methods.models import Method
    from delaktig.municipality.models import Unit
    from delaktig.municipality.tests import factories as f
    from delaktig.themes.models import Theme, ThemeAssignment
    from delaktig.themes.tests.corpus import generate

    municipality = f.MunicipalityFactory()
    unit = f.UnitFactory(municipality=municipality)
    committee = f.UnitFactory(municipality=municipality, kind=Unit.Kind.COMMITTEE)
    districts = [f.DistrictFactory(municipality=municipality) for _ in range(8)]
    dialogue = DialogueFactory(
        municipality=municipality, unit=unit, owner_committee=committee, state=State.COMPILING
    )
    ended = timezone.now() - datetime.timedelta(days=3)
    activities = []
    for index, method in enumerate(Method.objects.order_by("pk")[:4]):
        activities.append(
            Activity.objects.create(
                dialogue=dialogue,
                method=method,
                title=f"Aktivitet {index + 1}",
                starts_on=ended.date(),
                ends_on=ended.date(),
                district=districts[index],
            )
        )
    meeting_activity = activities[0]
    meeting_activity.method = Method.objects.filter(registry_key="meetings").first()
    meeting_activity.save()
    meeting = Meeting.objects.create(
        activity=meeting_activity,
        starts_at=ended - datetime.timedelta(hours=2),
        ends_at=ended,
        venue="Biblioteket",
    )
    for gender, band, count in (("woman", "26-44", 40), ("man", "26-44", 31), ("man", "80+", 3)):
        AttendanceCount.objects.create(meeting=meeting, gender=gender, age_band=band, count=count)
    texts, _labels = generate(per_topic=250, seed=5)
    started = time.perf_counter()
    for offset in range(0, CONTRIBUTIONS, BATCH):
        Contribution.objects.bulk_create(
            [
                Contribution(
                    dialogue=dialogue,
                    activity=activities[i % len(activities)],
                    method_key="meetings" if i % len(activities) == 0 else "ideas",
                    kind="table_note" if i % len(activities) == 0 else "idea",
                    text=texts[i % len(texts)],
                    district=districts[i % len(districts)],
                    moderation="hidden" if i % 97 == 0 else "visible",
                )
                for i in range(offset, min(offset + BATCH, CONTRIBUTIONS))
            ]
        )
    themes = [
        Theme.objects.create(dialogue=dialogue, name=f"Tema {n}", published=True) for n in range(6)
    ]
    ids = list(Contribution.objects.filter(dialogue=dialogue).values_list("pk", flat=True)[:30000])
    for offset in range(0, len(ids), BATCH):
        ThemeAssignment.objects.bulk_create(
            [
                ThemeAssignment(theme=themes[i % len(themes)], contribution_id=pk, weight=0.5)
                for i, pk in enumerate(ids[offset : offset + BATCH], start=offset)
            ]
        )
    print(f"  built {CONTRIBUTIONS} contributions in {time.perf_counter() - started:.1f} s")
    return dialogue, f.official(unit), themes[0]


def timed_get(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, len(queries)


def main() -> int:
    configure()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        dialogue, official, theme = build_world()
        client = Client()
        client.force_login(official)
        url = reverse("compilation:dialogue", args=[dialogue.pk])
        timed_get(client, url)  # warm up templates and caches
        for label, params in (
            ("full page", None),
            ("search + filters", {"q": "belysning", "theme": theme.pk, "sida": 3}),
            ("last page", {"sida": 4000}),
        ):
            runs = [timed_get(client, url, params) for _ in range(3)]
            best = min(seconds for seconds, _n in runs)
            print(
                f"compilation ({vendor}, {CONTRIBUTIONS} contributions) {label}: "
                f"{best:.2f} s best of 3, {runs[0][1]} queries"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
