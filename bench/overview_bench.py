"""Benchmark: the municipality overview with many dialogues.

Builds a throw-away database with BENCH_DIALOGUES dialogues (default 2,000) over
five years, each with a documented meeting (attendance counts), an outreach entry
with tallies, contributions from residents and evaluation answers, then renders
the overview and its XLSX export as an administrator. Prints the time and the
number of queries of each (the query count must not grow with the dialogues).

    .venv/bin/python bench/overview_bench.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delaktig.settings.test")

DIALOGUES = int(os.environ.get("BENCH_DIALOGUES", "2000"))


def configure():
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    django.setup()


def build_world():
    import datetime

    from django.utils import timezone

    from delaktig.contributions.models import Contribution
    from delaktig.dialogues.models import Activity, Dialogue
    from delaktig.evaluations.models import Evaluation, Response
    from delaktig.meetings.models import AttendanceCount, EvaluationResponse, Meeting
    from delaktig.methods.tests.factories import MethodFactory
    from delaktig.municipality.models import PopulationFigure
    from delaktig.municipality.tests import factories as f
    from delaktig.outreach.models import OutreachEntry, OutreachTally
    from delaktig.results.models import Feedback

    municipality = f.MunicipalityFactory()
    units = [f.UnitFactory(municipality=municipality) for _ in range(8)]
    method = MethodFactory(slug="oppet-mote", name="Öppet möte", registry_key="meetings")
    residents = [f.UserFactory() for _ in range(50)]
    started = time.perf_counter()
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            municipality=municipality,
            unit=units[i % len(units)],
            title=f"Dialog {i}",
            slug=f"dialog-{i}",
            state=("open", "compiling", "fed_back", "evaluated", "archived")[i % 5],
            ladder_level=1 + i % 5,
            starts_on=datetime.date(2022 + i % 5, 1 + i % 12, 1),
            feedback_due_on=datetime.date(2022 + i % 5, 1 + i % 12, 28),
        )
        for i in range(DIALOGUES)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            dialogue=d, method=method, title="Möte", starts_on=d.starts_on, ends_on=d.starts_on
        )
        for d in dialogues
    )
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(activity=a, starts_at=now, ends_at=now, venue="Biblioteket") for a in activities
    )
    AttendanceCount.objects.bulk_create(
        AttendanceCount(meeting=m, gender=g, age_band=b, count=3 + i % 9)
        for i, m in enumerate(meetings)
        for g, b in (("woman", "26-44"), ("man", "45-64"), ("woman", "65-79"))
    )
    entries = OutreachEntry.objects.bulk_create(
        OutreachEntry(
            municipality=municipality,
            unit=d.unit,
            dialogue=d,
            kind="street",
            date=d.starts_on,
            place="Torget",
            people_met=20,
            conversations=12,
        )
        for d in dialogues
    )
    OutreachTally.objects.bulk_create(
        OutreachTally(entry=e, gender="man", age_band="18-25", count=4) for e in entries
    )
    Contribution.objects.bulk_create(
        Contribution(
            dialogue=d, author=residents[(i + k) % 50], method_key="ideas", kind="idea", text="Idé"
        )
        for i, d in enumerate(dialogues)
        for k in range(5)
    )
    Feedback.objects.bulk_create(
        Feedback(dialogue=d, text="Tack", published_at=now) for d in dialogues[::2]
    )
    evaluations = Evaluation.objects.bulk_create(Evaluation(dialogue=d) for d in dialogues)
    Response.objects.bulk_create(
        Response(evaluation=e, channel="phone", listened_to=1 + k % 5, take_part_again="yes")
        for e in evaluations
        for k in range(6)
    )
    EvaluationResponse.objects.bulk_create(
        EvaluationResponse(meeting=m, channel="paper", purpose_clear=4) for m in meetings
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(municipality=municipality, year=2026, gender=g, age_band=b, count=900)
        for g in ("woman", "man")
        for b in ("0-12", "13-17", "18-25", "26-44", "45-64", "65-79", "80+")
    )
    print(f"  built {DIALOGUES} dialogues in {time.perf_counter() - started:.1f} s")
    return f.administrator(units[0])


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
        admin = build_world()
        client = Client()
        client.force_login(admin)
        timed_get(client, reverse("overview:index"))  # warm up templates and caches
        for label, name, params in (
            ("page, all years", "overview:index", None),
            ("page, one year", "overview:index", {"year": 2024}),
            ("XLSX export", "overview:xlsx", None),
        ):
            runs = [timed_get(client, reverse(name), params) for _ in range(3)]
            best = min(seconds for seconds, _n in runs)
            print(
                f"overview ({connection.vendor}, {DIALOGUES} dialogues) {label}: "
                f"{best:.2f} s best of 3, {runs[0][1]} queries"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
