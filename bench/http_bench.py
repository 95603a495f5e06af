"""HTTP benchmark of the public pages and resident actions against the production
stack, on SQLite and PostgreSQL.

One fixed method, so figures compare across runs and with other platforms:

- gunicorn, 2 sync workers, production settings (DEBUG off, Redis cache and
  sessions when Redis answers), bound to loopback;
- the demo municipality plus a large data set (bench/large_data.py), built once
  and restored for every run (bench/dataset.py);
- per stack, one 3 s warm-up with ``wrk -t2 -c16`` cycling through every page
  (bench/rotate.lua; discarded), then per page ``wrk -t2 -c16 -d20s --latency``;
- a bare Django view served the same way in the same run is the ceiling; each
  page's requests/s is also given as a ratio to it;
- SQL queries per request and HTML bytes are measured in-process with Django's
  test client against the same database: the queries to render the page (the page
  cache for anonymous visitors off; the target is about these) and, for pages the
  cache stores, the queries of a stored page;
- resident actions (bench/actions.py) after the pages, the same way but with
  ``-s bench/post.lua``: every request is a form post that stores something. The
  rows are counted before and after, and every 2xx/3xx answer must be a stored
  row. The posting limits are off in bench/settings.py (one address sends it all).

Results go to ``bench/results/http-<time>.json`` with a description of the
machine, and Markdown tables to stdout (copied into docs/performance.md).

``--set more`` (``make bench-more``) runs the same method on the other resident
actions and secondary pages (bench/more.py), to ``bench/results/http-more-<time>.json``;
the default set is what ``make bench`` measures, kept within 10 minutes.

Run: ``make bench-http`` (or ``.venv/bin/python bench/http_bench.py --databases sqlite``).
``BENCH_DURATION=2s BENCH_WARMUP=1s`` makes a short smoke run, marked as not
comparable in the JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import actions, dataset, more  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
PG_DATABASE = dataset.PG_DATABASE
HEADERS = ["-H", "X-Forwarded-Proto: https"]
THREADS = 2
CONNECTIONS = 16
DURATION_S = 20
WARMUP_S = 3
LUA = ROOT / "bench" / "post.lua"
ROTATE = ROOT / "bench" / "rotate.lua"
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
TARGET_QUERIES = 10
RATE_LIMITS = (
    "off (bench/settings.py): every request comes from one address, which the "
    "posting limits would hold to 10-30 posts a minute"
)


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


class _DefaultSet:
    """``make bench``: the main pages and the two most used actions (bench/actions.py)."""

    name = "default"
    ACTIONS = actions.ACTIONS
    plan = staticmethod(actions.plan)
    stored = staticmethod(actions.stored)
    measure_in_process = staticmethod(actions.measure_in_process)
    pool_keys = staticmethod(actions.pool_keys)
    page_urls = staticmethod(_page_urls)

    @staticmethod
    def prepare():
        pass

    @staticmethod
    def csrf_path(plans):
        return plans["meeting"]["path"]


class _MoreSet:
    """``make bench-more``: the other actions and secondary pages (bench/more.py)."""

    name = "more"
    ACTIONS = more.ACTIONS
    plan = staticmethod(more.plan)
    stored = staticmethod(more.stored)
    measure_in_process = staticmethod(more.measure_in_process)
    pool_keys = staticmethod(more.pool_keys)
    page_urls = staticmethod(more.page_urls)

    @staticmethod
    def prepare():
        more.prepare(log=lambda message: print(message, file=sys.stderr))

    @staticmethod
    def csrf_path(plans):
        return more.csrf_path()


SETS = {"default": _DefaultSet, "more": _MoreSet}


def measure(pool_file: str, set_name: str = "default") -> None:
    """Before the server: queries and bytes of every page, the actions' targets and
    rows already stored, and the session pool for the pooled actions."""
    import django

    django.setup()
    bench_set = SETS[set_name]
    bench_set.prepare()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    pages = []
    for label, url in bench_set.page_urls():
        # Queries to render the page (the page cache off), which the target is about,
        # then what an anonymous visitor costs once the page is stored.
        # (Counted at once: the next request empties the connection's query log.)
        with override_settings(DELAKTIG_PAGE_CACHE_SECONDS=0):
            client.get(url)  # warm caches, as the wrk warm-up does
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            rendered = len(queries.captured_queries)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            stored = client.get(url)
        from_cache = len(queries.captured_queries)
        pages.append(
            {
                "page": label,
                "url": url,
                "status": response.status_code,
                "queries": rendered,
                "queries_page_cache": from_cache,
                "page_cache": stored.headers.get("X-Delaktig-Cache", "not stored"),
                "bytes": len(response.content),
            }
        )
    plans = {}
    for action in bench_set.ACTIONS:
        plans[action.key] = {**bench_set.plan(action), "stored_before": bench_set.stored(action)}
    keys = bench_set.pool_keys()[: -actions.IN_PROCESS_RESERVED]
    Path(pool_file).write_text("".join(f"{key}\n" for key in keys))
    print(
        json.dumps(
            {
                "pages": pages,
                "actions": plans,
                "pool": len(keys),
                "csrf_path": bench_set.csrf_path(plans),
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
            }
        )
    )


def measure_after(set_name: str = "default") -> None:
    """After the server has stopped: rows stored by the actions, then one post of each
    in-process for its queries."""
    import django

    django.setup()
    bench_set = SETS[set_name]
    out = {}
    for action in bench_set.ACTIONS:
        out[action.key] = {"stored_after": bench_set.stored(action)}
    for action in bench_set.ACTIONS:
        out[action.key].update(bench_set.measure_in_process(action))
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
        env["DATABASE_URL"] = f"sqlite:///{dataset.SQLITE_FILE}"
    else:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    if _redis_up():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
    else:
        env.pop("REDIS_URL", None)
    return env


def _manage(env, *args) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def collect_static(env: dict) -> None:
    """collectstatic (about 10 s with compression) only when a static file is newer
    than the manifest; ``make`` keeps it current through var/.static-stamp anyway."""
    manifest = ROOT / "var" / "static" / "staticfiles.json"
    if manifest.exists():
        built = manifest.stat().st_mtime
        sources = [ROOT / "pyproject.toml", *(ROOT / "delaktig" / "static").rglob("*")]
        if all(path.stat().st_mtime <= built for path in sources if path.is_file()):
            return
    _manage(env, "collectstatic", "--noinput", "-v", "0")


def reset_database(database: str, env: dict) -> dict:
    """The demo and the large data set, fresh, in the bench database (a restored copy)."""
    (ROOT / "var").mkdir(exist_ok=True)
    collect_static(env)
    return dataset.restore(database, env)


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"The server did not answer at {url}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return round(float(match.group(1)) * _UNITS[match.group(2)], 2) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:(.*)", output)
    complete = re.search(r"^\s*(\d+) requests in ", output, re.M)
    return {
        "requests_per_second": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "requests": int(complete.group(1)) if complete else 0,
    }


def parse_action_line(output: str) -> dict:
    found = re.search(r"bench-action: sent=(\d+) exhausted=(\d+) next_offset=(\d+)", output)
    if not found:
        raise RuntimeError(f"post.lua printed no summary:\n{output}")
    sent, exhausted, next_offset = (int(v) for v in found.groups())
    return {"sent": sent, "exhausted": exhausted, "next_offset": next_offset}


def _wrk(url: str, seconds: int, *, latency: bool, script_args: list[str] | None = None) -> str:
    # wrk gives up on an answer after 2 s by default and counts it as an error; a
    # signup (password hashing) queued behind 15 others can take that long.
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    if latency:
        command.append("--latency")
    if script_args is not None:
        command += ["-s", str(LUA)]
    command += [*HEADERS, url]
    if script_args is not None:
        command += ["--", *script_args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def run_wrk(url: str, duration: int) -> dict:
    return parse_wrk(_wrk(url, duration, latency=True))


def warm_up(base: str, paths: list[str], seconds: int) -> None:
    """The stack's warm-up: ``seconds`` of wrk cycling through every page, so code,
    templates, database caches and stored pages are warm before the first measured
    run (one warm-up per stack, not one per page: that keeps ``make bench`` within
    10 minutes, see docs/performance.md)."""
    if seconds:
        command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(ROTATE)]
        subprocess.run([*command, base, "--", *paths], capture_output=True, check=True)


def fetch_csrf(path: str, cookie_name: str) -> tuple[str, str]:
    """One GET of a form: its csrftoken cookie and the form's token."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        html = response.read().decode("utf-8", "replace")
    cookie = next((c.split(";", 1)[0] for c in cookies if c.startswith(f"{cookie_name}=")), "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not cookie or not token:
        raise RuntimeError(f"No CSRF cookie or form token on {path}")
    return cookie, token.group(1)


def run_action(plan: dict, *, cookie, token, pool, duration) -> dict:
    """The measured wrk run of one action (the stack is warm from the pages); the
    pool offset moves on so that no session is used twice."""
    url = f"http://127.0.0.1:{PORT}{plan['path']}"
    body = plan["body"].replace(actions.CSRF_PLACEHOLDER, token)
    referer = f"https://127.0.0.1:{PORT}{plan['path']}"
    args = [
        plan["path"],
        body,
        cookie,
        referer,
        pool["file"] if plan["uses_pool"] else "-",
        str(pool["offset"]),
        str(THREADS),
        secrets.token_hex(4),
        pool["session_cookie"],
    ]
    output = _wrk(url, duration, latency=True, script_args=args)
    result, lua = parse_wrk(output), parse_action_line(output)
    if plan["uses_pool"]:
        pool["offset"] = lua["next_offset"]
    # wrk calls request() once more on its first thread to check the script.
    sent = lua["sent"] - 1
    result.update(
        ok_responses=result["requests"] - result["non_2xx_3xx"],
        sent=sent,
        in_flight_at_stop=sent - result["requests"],
        pool_exhausted=lua["exhausted"],
    )
    return result


def _gunicorn(env) -> subprocess.Popen:
    return subprocess.Popen(
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


def _last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def bench_database(
    database: str, duration: int, warmup: int, previous=None, set_name: str = "default"
):
    """Pages then actions on one database. Returns (results, pending): the count of
    stored rows and the in-process posts run after the server stops, in a subprocess
    that ``finish`` collects; it overlaps the next database's preparation, never a
    wrk run."""
    env = bench_env(database)
    print(f"== {database}: restoring the data set", flush=True)
    data_set = reset_database(database, env)
    print(f"   data set {data_set['data_set']} in {data_set['seconds']} s", flush=True)
    bench_set = SETS[set_name]
    prefix = "bench-pool" if set_name == "default" else f"bench-{set_name}-pool"
    pool_file = ROOT / "var" / f"{prefix}-{database}.txt"
    # The server boots while the in-process measurement runs (nothing is timed then).
    server = _gunicorn(env)
    try:
        before = _last_json(
            subprocess.run(
                [
                    PYTHON,
                    str(Path(__file__).resolve()),
                    "--measure",
                    str(pool_file),
                    "--set",
                    set_name,
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
        )
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        if previous is not None:
            previous = finish(previous)
        measured = before["pages"]
        print(f"   warm-up, {warmup} s over every page", flush=True)
        warm_up(f"http://127.0.0.1:{PORT}/", [page["url"] for page in measured], warmup)
        for page in measured:
            print(f"   {page['page']}: {page['url']}", flush=True)
            page.update(run_wrk(f"http://127.0.0.1:{PORT}{page['url']}", duration))
            page["kind"] = "page"
        plans = before["actions"]
        cookie, token = fetch_csrf(before["csrf_path"], before["csrf_cookie"])
        pool = {
            "file": str(pool_file),
            "offset": 0,
            "size": before["pool"],
            "session_cookie": before["session_cookie"],
        }
        done = []
        for action in bench_set.ACTIONS:
            plan = {**plans[action.key], "uses_pool": action.uses_pool}
            if set_name != "default":
                # Each action of this set uses every account of the pool once (one
                # follow and one membership per account), so each starts at the top.
                pool["offset"] = 0
            print(f"   {action.label}: POST {plan['path']} ({plan['target']})", flush=True)
            row = {
                "page": action.label,
                "kind": "action",
                "key": action.key,
                "url": plan["path"],
                "target": plan["target"],
                "stored_before": plan["stored_before"],
                "what_is_stored": action.what_is_stored,
                "pool_size": before["pool"] if action.uses_pool else None,
            }
            row.update(run_action(plan, cookie=cookie, token=token, pool=pool, duration=duration))
            done.append(row)
        measured.extend(done)
        # Requests still queued when wrk stopped are finished before the server stops
        # (the answer to this one comes after theirs), so that their rows are counted.
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
    finally:
        server.terminate()
        server.wait(timeout=30)
    ceiling = measured[0]["requests_per_second"] or 1.0
    for row in measured:
        row["ratio_to_ceiling"] = round(row["requests_per_second"] / ceiling, 3)
        row["database"] = database
        row["data_set"] = data_set
    after = subprocess.Popen(
        [PYTHON, str(Path(__file__).resolve()), "--measure-after", "--set", set_name],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    return measured, (after, measured, pool)


def finish(pending) -> None:
    """Stored rows and in-process queries of the actions, added to their result rows."""
    process, measured, pool = pending
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError("The measurement after the run failed.")
    after = _last_json(output)
    for row in measured:
        if row.get("kind") != "action":
            continue
        got = after[row["key"]]
        row["stored"] = got["stored_after"] - row["stored_before"]
        row["queries"] = got["queries"]
        row["status"] = got["status"]
        row["in_process_ok"] = got["in_process_ok"]
        row["stored_check"] = actions.check_stored(
            ok=row["ok_responses"], in_flight=row["in_flight_at_stop"], stored_rows=row["stored"]
        )


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
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "load_average_at_start": load,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
    }


def table(results: list[dict]) -> str:
    lines = [
        "| database | page | req/s | ratio to ceiling | p50 ms | p99 ms | queries to render "
        "| queries when stored | HTML bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("kind") == "action":
            continue
        lines.append(
            f"| {r['database']} | {r['page']} | {r['requests_per_second']:.0f} | "
            f"{r['ratio_to_ceiling']:.2f} | {r['p50_ms']} | {r['p99_ms']} | {r['queries']} | "
            f"{r.get('queries_page_cache', '–') if r.get('page_cache') == 'hit' else '–'} | "
            f"{r['bytes']} |"
        )
    return "\n".join(lines)


def action_table(results: list[dict]) -> str:
    lines = [
        "| database | action | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx/3xx | "
        "2xx/3xx | stored | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("kind") != "action":
            continue
        lines.append(
            f"| {r['database']} | {r['page']} | {r['requests_per_second']:.0f} | "
            f"{r['ratio_to_ceiling']:.2f} | {r['p50_ms']} | {r['p99_ms']} | {r['non_2xx_3xx']} | "
            f"{r['ok_responses']} | {r.get('stored')} | {r.get('queries')} |"
        )
    return "\n".join(lines)


def misses(results: list[dict]) -> list[str]:
    """Targets of issue #7, for the pages (the actions have none yet)."""
    found = []
    for r in results:
        if r.get("kind") == "action":
            continue
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


def failures(results: list[dict]) -> list[str]:
    """What makes the run fail: an action lost or invented rows, was refused, or ran
    out of prepared sessions."""
    found = []
    for r in results:
        if r.get("kind") != "action":
            continue
        name = f"{r['database']} {r['page']}"
        if r.get("stored_check"):
            found.append(f"{name}: {r['stored_check']}")
        if r["non_2xx_3xx"] or r["socket_errors"]:
            found.append(
                f"{name}: {r['non_2xx_3xx']} non-2xx/3xx, socket errors {r['socket_errors']!r}"
            )
        if r.get("pool_exhausted"):
            found.append(
                f"{name}: the session pool ran out ({r['pool_exhausted']} requests without "
                "one); raise DEFAULT_POOL_SIZE in bench/actions.py (the data set is then rebuilt), "
                "or USER_POOL_SIZE in bench/more.py for the accounts of `--set more`"
            )
        if not r.get("in_process_ok"):
            found.append(f"{name}: the in-process post was not stored (status {r.get('status')})")
    return found


def _seconds(value: str | int) -> int:
    text = str(value).strip().lower()
    return int(text[:-1]) if text.endswith("s") else int(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--duration", type=_seconds, default=_seconds(os.environ.get("BENCH_DURATION", DURATION_S))
    )
    parser.add_argument(
        "--warmup", type=_seconds, default=_seconds(os.environ.get("BENCH_WARMUP", WARMUP_S))
    )
    parser.add_argument(
        "--set",
        choices=sorted(SETS),
        default="default",
        help="default: `make bench`; more: the other actions and pages (`make bench-more`)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the data set anew")
    parser.add_argument("--measure", metavar="POOL_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--measure-after", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.set)
        return 0
    if args.measure_after:
        measure_after(args.set)
        return 0
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package wrk; `make bench` installs it).")
        return 2
    if args.rebuild:
        os.environ["BENCH_REBUILD"] = "1"
    started = time.monotonic()
    machine_info = machine()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    results = []
    pending = None
    for database in databases:
        measured, pending = bench_database(
            database, args.duration, args.warmup, pending, set_name=args.set
        )
        results.extend(measured)
    finish(pending)
    wall = round(time.monotonic() - started, 1)
    runs = len(results)
    floor = runs * args.duration + len(databases) * args.warmup
    comparable = args.duration == DURATION_S and args.warmup == WARMUP_S
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kind = "http" if args.set == "default" else f"http-{args.set}"
    out = ROOT / "bench" / "results" / f"{kind}-{stamp}{'' if comparable else '-smoke'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "method": f"gunicorn 2 sync workers, production settings; wrk -t{THREADS} "
        f"-c{CONNECTIONS} -d{args.duration}s --latency per page and action, after one "
        f"{args.warmup} s warm-up of each stack over every page; loopback; actions with "
        "-s bench/post.lua",
        "set": args.set,
        "comparable": comparable,
        "note": ""
        if comparable
        else f"SMOKE RUN ({args.duration} s runs, {args.warmup} s warm-up): not comparable "
        f"with the {DURATION_S} s method; check that it works, not how fast",
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "rate_limits": RATE_LIMITS,
        "machine": machine_info,
        "results": results,
        "targets": {
            "ratio_to_ceiling": TARGET_RATIO,
            "p99_ms": TARGET_P99_MS,
            "max_queries": TARGET_QUERIES,
        },
        "misses": misses(results),
        "failures": failures(results),
        "wrk_runs": runs,
        "floor_s": floor,
        "wall_time_s": wall,
        "overhead_s": round(wall - floor, 1),
        "elapsed_s": wall,
    }
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(table(results))
    print()
    print(action_table(results))
    print(f"\nPosting limits: {RATE_LIMITS}.")
    for miss in report["misses"]:
        print(f"target missed: {miss}")
    for failure in report["failures"]:
        print(f"FAILED: {failure}")
    if not comparable:
        print(f"\n{report['note']}")
    print(
        f"\nWritten to {out.relative_to(ROOT)}. Total wall time {wall} s "
        f"({runs} wrk runs x {args.duration} s + {len(databases)} warm-ups x {args.warmup} s "
        f"= {floor} s floor, "
        f"{report['overhead_s']} s overhead)."
    )
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
