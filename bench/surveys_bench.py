"""Benchmark: storing survey submissions and summarising a large survey (not a test).

(a) 10,000 submissions stored through the bulk write path the demo uses
    (``surveys.demo.write_responses``: responses, answers and free-text
    contributions in bulk), and (b) every question summary plus one
    cross-tabulation for a survey of 100,000 responses × 20 questions
    (target: the full summary under 1 s).

    .venv/bin/python bench/surveys_bench.py                     # SQLite, a temporary file
    createdb delaktig_bench
    .venv/bin/python bench/surveys_bench.py --database-url postgres:///delaktig_bench
    dropdb delaktig_bench

``DATABASE_URL`` works too. The database is migrated and filled by the script,
so give it an empty one of its own (never the test database).
"""

import argparse
import atexit
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delaktig.settings.test")

TARGET_SECONDS = 1.0


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the large survey of an earlier run in the same database again",
    )
    return parser.parse_args()


def setup(database_url: str):
    if not database_url:
        folder = tempfile.mkdtemp()
        # The temporary database goes when the run ends.
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        database_url = f"sqlite:///{Path(folder) / 'surveys_bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database_url


# Twenty questions: (kind, how many options or rows).
PLAN = [
    ("single", 4),
    ("single", 5),
    ("single", 3),
    ("single", 6),
    ("single", 4),
    ("multiple", 6),
    ("multiple", 5),
    ("multiple", 8),
    ("scale", 0),
    ("scale", 0),
    ("scale", 0),
    ("scale", 0),
    ("matrix", 3),
    ("matrix", 4),
    ("ranking", 4),
    ("number", 0),
    ("number", 0),
    ("date", 0),
    ("district", 0),
    ("long_text", 0),
]


def build_survey(title):
    from delaktig.municipality.models import District
    from delaktig.surveys.models import MatrixItem, Option, Question
    from delaktig.surveys.tests.factories import SectionFactory, SurveyFactory

    survey = SurveyFactory(title=title, activity__title=title)
    municipality = survey.activity.dialogue.municipality
    districts = [
        District.objects.get_or_create(
            municipality=municipality, slug=f"del-{i}", defaults={"name": f"Kommundel {i}"}
        )[0].pk
        for i in range(8)
    ]
    section = SectionFactory(survey=survey)
    questions = []
    for position, (kind, width) in enumerate(PLAN):
        settings = {"min": 1, "max": 10, "dont_know": True} if kind == "scale" else {}
        if kind == "matrix":
            settings = {"min": 1, "max": 5}
        question = Question.objects.create(
            survey=survey,
            section=section,
            position=position,
            key=f"q{position + 1}",
            kind=kind,
            text=f"Fråga {position + 1}",
            settings=settings,
        )
        if kind in ("single", "multiple", "ranking"):
            Option.objects.bulk_create(
                Option(question=question, position=i, text=f"Alternativ {i + 1}")
                for i in range(width)
            )
        if kind == "matrix":
            MatrixItem.objects.bulk_create(
                MatrixItem(question=question, position=i, text=f"Påstående {i + 1}")
                for i in range(width)
            )
        question.option_ids = list(question.options.values_list("pk", flat=True))
        question.item_ids = list(question.items.values_list("pk", flat=True))
        questions.append(question)
    return survey, questions, districts


def answers_for(rng, questions, districts, day):
    """Answer field dicts for one response (about 29 atomic answers)."""
    rows = []
    for q in questions:
        kind = q.kind
        if kind == "single":
            rows.append({"question_id": q.pk, "option_id": rng.choice(q.option_ids)})
        elif kind == "multiple":
            for option in rng.sample(q.option_ids, 2):
                rows.append({"question_id": q.pk, "option_id": option})
        elif kind == "scale":
            if rng.random() < 0.05:
                rows.append({"question_id": q.pk, "dont_know": True})
            else:
                rows.append({"question_id": q.pk, "value": rng.randint(1, 10)})
        elif kind == "matrix":
            for item in q.item_ids:
                rows.append({"question_id": q.pk, "item_id": item, "value": rng.randint(1, 5)})
        elif kind == "ranking":
            order = q.option_ids[:]
            rng.shuffle(order)
            for rank, option in enumerate(order, start=1):
                rows.append({"question_id": q.pk, "option_id": option, "value": rank})
        elif kind == "number":
            rows.append({"question_id": q.pk, "number": rng.randint(0, 60)})
        elif kind == "date":
            rows.append(
                {"question_id": q.pk, "date": day - datetime.timedelta(rng.randint(0, 400))}
            )
        elif kind == "district":
            rows.append({"question_id": q.pk, "district_id": rng.choice(districts)})
        elif kind == "long_text" and rng.random() < 0.2:
            rows.append({"question_id": q.pk, "text": rng.choice(["Fler bänkar", "Bättre buss"])})
    return rows


GENDERS = ["woman", "man", "other", "unstated", ""]
BANDS = ["13-17", "18-25", "26-44", "45-64", "65-79", "80+", ""]


def bench_submissions(count):
    """(a): the demo's bulk write path, 10,000 responses in one call."""
    from delaktig.surveys.demo import GeneratedResponse, write_responses

    survey, questions, districts = build_survey("Bench: inskick")
    rng = random.Random(1)
    day = datetime.date(2026, 5, 1)
    generated = []
    for q in questions:  # write_responses takes model instances or ids alike
        q.survey = survey
    for _i in range(count):
        generated.append(
            GeneratedResponse(
                submitted_on=day,
                gender=rng.choice(GENDERS),
                age_band=rng.choice(BANDS),
                district_id=rng.choice(districts),
                answers=answers_for(rng, questions, districts, day),
            )
        )
    started = time.perf_counter()
    write_responses(survey, generated)
    return time.perf_counter() - started


ANSWER_COLUMNS = (
    "id",
    "survey_id",
    "response_id",
    "question_id",
    "option_id",
    "item_id",
    "value",
    "number",
    "dont_know",
    "text",
    "date",
    "district_id",
)
RESPONSE_COLUMNS = (
    "id",
    "survey_id",
    "status",
    "language",
    "resume_hash",
    "draft",
    "current_section",
    "submission_key",
    "submitted_on",
    "updated_at",
    "age_band",
    "gender",
    "district_id",
)


def fill_large(count):
    """(b)'s data: written with COPY (PostgreSQL) or executemany (SQLite), not the ORM,
    so that filling 100,000 responses does not dominate the run."""
    from django.db import connection, transaction
    from django.utils import timezone

    from delaktig.surveys.models import Answer, Response

    survey, questions, districts = build_survey("Bench: stor enkät")
    rng = random.Random(2)
    day = datetime.date(2026, 5, 1)
    now = timezone.now()
    answer_table, response_table = Answer._meta.db_table, Response._meta.db_table
    postgres = connection.vendor == "postgresql"
    next_id = 1 + (Answer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    rows = 0
    batch = 5000
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, batch):
            responses, answers = [], []
            for _i in range(min(batch, count - start)):
                rid = uuid.uuid4()
                rid_value = rid if postgres else rid.hex
                responses.append(
                    (
                        rid_value,
                        survey.pk,
                        "submitted",
                        "sv",
                        "",
                        "{}",
                        0,
                        "",
                        day,
                        now,
                        rng.choice(BANDS),
                        rng.choice(GENDERS),
                        rng.choice(districts) if rng.random() < 0.9 else None,
                    )
                )
                for a in answers_for(rng, questions, districts, day):
                    answers.append(
                        (
                            next_id,
                            survey.pk,
                            rid_value,
                            a["question_id"],
                            a.get("option_id"),
                            a.get("item_id"),
                            a.get("value"),
                            a.get("number"),
                            a.get("dont_know", False),
                            a.get("text", ""),
                            a.get("date"),
                            a.get("district_id"),
                        )
                    )
                    next_id += 1
            rows += len(answers)
            for table, columns, data in (
                (response_table, RESPONSE_COLUMNS, responses),
                (answer_table, ANSWER_COLUMNS, answers),
            ):
                names = ", ".join(columns)
                if postgres:
                    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in data:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    # Table and column names are the models' own, not input.
                    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                    cursor.executemany(sql, data)
        if postgres:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{answer_table}', 'id'), %s)", [next_id]
            )
    # Statistics (and, on PostgreSQL, the visibility map that index-only scans need),
    # as autovacuum would have them for a survey that has been collecting for weeks.
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(f"VACUUM ANALYZE {answer_table}")
            cursor.execute(f"VACUUM ANALYZE {response_table}")
        else:
            cursor.execute("ANALYZE")
    return survey, questions, rows


def timed(label, function, repeat=3):
    """Best wall-clock time of ``repeat`` runs, and this process's CPU time for that run
    (on a busy machine the wall time includes waiting for a core; for SQLite, which
    runs in this process, the CPU time is the work itself)."""
    best = None
    for _i in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
        if best is None or elapsed < best[0]:
            best = (elapsed, used)
    print(f"  {label}: {best[0]:.3f} s wall, {best[1]:.3f} s CPU here (best of {repeat})")
    return best[0], result


def main() -> int:
    args = parse()
    url = setup(args.database_url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from delaktig.audit.context import acting_as
    from delaktig.surveys.summaries import crosstab, survey_summary

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    if args.submissions:
        with acting_as(None):
            elapsed = bench_submissions(args.submissions)
        print(
            f"(a) {args.submissions} submissions via demo.write_responses: {elapsed:.2f} s "
            f"({1000 * elapsed / args.submissions:.1f} ms each)"
        )

    from delaktig.surveys.models import Answer, Survey

    survey = Survey.objects.filter(title="Bench: stor enkät").first() if args.reuse else None
    if survey is None:
        started = time.perf_counter()
        with acting_as(None):
            survey, questions, rows = fill_large(args.responses)
        print(
            f"(b) filled {args.responses} responses × {len(PLAN)} questions = {rows} answers "
            f"in {time.perf_counter() - started:.1f} s"
        )
    else:
        questions = list(survey.questions.all())
        rows = Answer.objects.filter(survey=survey).count()
        args.responses = survey.responses.count()
        print(f"(b) reusing {args.responses} responses, {rows} answers")
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        survey_summary(survey)
    summary_time, summary = timed("full survey summary", lambda: survey_summary(survey))
    single = next(q for q in questions if q.kind == "single")
    single.survey = survey
    scale = next(q for q in questions if q.kind == "scale")
    scale.survey = survey
    crosstab_time, _t = timed("cross-tab (single choice × gender)", lambda: crosstab(single))
    timed("cross-tab (scale × district)", lambda: crosstab(scale, "district"))
    survey_summary(survey, cached=True)
    timed("full survey summary, counts cached", lambda: survey_summary(survey, cached=True))
    crosstab(single, cached=True)
    timed("cross-tab, counts cached", lambda: crosstab(single, cached=True))
    total = summary_time + crosstab_time
    print(
        f"  {len(queries)} queries for the summary; summary + one cross-tab {total:.3f} s "
        f"(target < {TARGET_SECONDS:.0f} s for the summary)"
    )
    assert summary.responses.value == args.responses
    return 0 if summary_time < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
