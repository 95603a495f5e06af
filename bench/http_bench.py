"""HTTP benchmark of the public pages against the production stack, on SQLite and PostgreSQL.

One fixed method, so figures compare across runs and with other platforms:

- gunicorn, 2 sync workers, production settings (DEBUG off, Redis cache and
  sessions when Redis answers), bound to loopback;
- the demo municipality plus a large data set (bench/large_data.py);
- per page: ``wrk -t2 -c16 -d3s`` warm-up (discarded), then
  ``wrk -t2 -c16 -d20s --latency``;
- a bare Django view served the same way in the same run is the ceiling; each
  page's requests/s is also given as a ratio to it;
- SQL queries per request and HTML bytes are measured in-process with Django's
  test client against the same database.

Results go to ``bench/results/http-<time>.json`` with a description of the
machine, and a Markdown table to stdout (copied into docs/performance.md).

Run: ``make bench`` (or ``.venv/bin/python bench/http_bench.py --databases sqlite``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
PG_DATABASE = "delaktig_httpbench"
HEADERS = ["-H", "X-Forwarded-Proto: https"]
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
TARGET_QUERIES = 10


# --- in-process measurement (run as a subprocess with the bench environment) ------


def _page_urls() -> list[tuple[str, str]]:
    """The public pages that exist, with a real object for each detail page."""
    from django.urls import NoReverseMatch, reverse

    from delaktig.dialogues.models import Dialogue

    pages = [
        ("ceiling (bare Django view)", "/_bench/bare/"),
        ("home", reverse("core:home")),
        ("dialogue list", reverse("dialogues:public_list")),
    ]
    dialogue = Dialogue.objects.filter(slug="hamnomradet").first()
    if dialogue:
        pages.append(("dialogue page", reverse("dialogues:public_detail", args=[dialogue.slug])))
    pages.append(("meeting list", reverse("meetings:list")))

    def add(label, build):
        try:
            url = build()
        except (NoReverseMatch, LookupError, AttributeError, TypeError):
            return
        if url:
            pages.append((label, url))

    from delaktig.core.registry import registry

    for key, label in (
        ("meetings", "meeting page"),
        ("surveys", "survey page"),
        ("consultations", "consultation page"),
    ):
        manifest = registry.get(key)
        if manifest is None or manifest.participate_url is None:
            continue
        from delaktig.dialogues.models import PUBLIC_STATES, Activity

        activities = Activity.objects.filter(method__registry_key=key).order_by("pk")
        # An open dialogue's activity if there is one, else any public one.
        activity = (
            activities.filter(dialogue__state="open").first()
            or activities.filter(dialogue__state__in=PUBLIC_STATES).first()
        )
        if activity is not None:
            add(label, lambda a=activity, m=manifest: m.participate_url(a))
    add("citizen panel", lambda: reverse("panel:about"))

    def report_url():
        from delaktig.reports.models import ReportVersion

        version = ReportVersion.objects.select_related("report__dialogue").first()
        return reverse("reports:detail", args=[version.report.dialogue.slug]) if version else ""

    add("report", report_url)
    add("accessibility statement", lambda: reverse("core:accessibility"))
    add("privacy", lambda: reverse("core:privacy"))
    return pages


def measure() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    out = []
    for label, url in _page_urls():
        client.get(url)  # warm caches, as the wrk warm-up does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        out.append(
            {
                "page": label,
                "url": url,
                "status": response.status_code,
                "queries": len(queries.captured_queries),
                "bytes": len(response.content),
            }
        )
    print(json.dumps(out))


# --- orchestration ------------------------------------------------------------------


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def bench_env(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL=f"file://{ROOT / 'var' / 'bench-mail'}",
        PYTHONPATH=str(ROOT),
    )
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    if _redis_up():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
    else:
        env.pop("REDIS_URL", None)
    return env


def _manage(env, *args) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def reset_database(database: str, env: dict) -> None:
    if database == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{ROOT / 'var' / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    if env.get("REDIS_URL"):
        subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], capture_output=True, check=False)
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_demo")
    subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); import bench.large_data as d; d.load()"],
        env=env,
        check=True,
        cwd=ROOT,
    )


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer at {url}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return round(float(match.group(1)) * _UNITS[match.group(2)], 2) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:(.*)", output)
    return {
        "requests_per_second": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def run_wrk(url: str, duration: int, warmup: int) -> dict:
    subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{warmup}s", *HEADERS, url], capture_output=True, check=True
    )
    done = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", *HEADERS, url],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(done.stdout)


def bench_database(database: str, duration: int, warmup: int) -> list[dict]:
    env = bench_env(database)
    print(f"== {database}: preparing the database", flush=True)
    reset_database(database, env)
    measured = json.loads(
        subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--measure"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "delaktig.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        for page in measured:
            print(f"   {page['page']}: {page['url']}", flush=True)
            page.update(run_wrk(f"http://127.0.0.1:{PORT}{page['url']}", duration, warmup))
    finally:
        server.terminate()
        server.wait(timeout=30)
    ceiling = measured[0]["requests_per_second"] or 1.0
    for page in measured:
        page["ratio_to_ceiling"] = round(page["requests_per_second"] / ceiling, 3)
        page["database"] = database
    return measured


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    with contextlib.suppress(OSError, IndexError):
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
    }


def table(results: list[dict]) -> str:
    lines = [
        "| database | page | req/s | ratio to ceiling | p50 ms | p99 ms | queries | HTML bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['page']} | {r['requests_per_second']:.0f} | "
            f"{r['ratio_to_ceiling']:.2f} | {r['p50_ms']} | {r['p99_ms']} | {r['queries']} | "
            f"{r['bytes']} |"
        )
    return "\n".join(lines)


def misses(results: list[dict]) -> list[str]:
    found = []
    for r in results:
        name = f"{r['database']} {r['page']}"
        if r["status"] != 200 or r["non_2xx_3xx"]:
            found.append(f"{name}: errors (status {r['status']}, {r['non_2xx_3xx']} non-2xx)")
        if r["page"].startswith("ceiling"):
            continue
        if r["ratio_to_ceiling"] < TARGET_RATIO:
            found.append(f"{name}: {r['ratio_to_ceiling']:.2f} of the ceiling")
        if r["p99_ms"] is not None and r["p99_ms"] > TARGET_P99_MS:
            found.append(f"{name}: p99 {r['p99_ms']} ms")
        if r["queries"] > TARGET_QUERIES:
            found.append(f"{name}: {r['queries']} queries")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return 0
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package wrk; `make bench` installs it).")
        return 2
    started = time.monotonic()
    results = []
    for database in args.databases.split(","):
        results.extend(bench_database(database.strip(), args.duration, args.warmup))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = ROOT / "bench" / "results" / f"http-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "method": "gunicorn 2 sync workers, production settings; wrk -t2 -c16 -d20s --latency "
        "after a 3 s warm-up; loopback",
        "duration_s": args.duration,
        "machine": machine(),
        "results": results,
        "targets": {
            "ratio_to_ceiling": TARGET_RATIO,
            "p99_ms": TARGET_P99_MS,
            "max_queries": TARGET_QUERIES,
        },
        "misses": misses(results),
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(table(results))
    print(f"\nWritten to {out.relative_to(ROOT)} in {report['elapsed_s']} s.")
    for miss in report["misses"]:
        print(f"target missed: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
