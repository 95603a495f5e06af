"""Soak run: tens of concurrent visitors for minutes, then count what was kept.

Against the same production stack as ``http_bench.py`` (gunicorn, 2 sync workers,
production settings), on SQLite or PostgreSQL: each simulated visitor reads
public pages and now and then registers for a meeting (a real form post with
CSRF and a one-time submission key). At the end:

- zero server errors (5xx) and zero failed connections are required;
- every registration the server accepted (redirect to the confirmation) must be
  in the database: count sent = count stored. Refusals (429 from rate limits,
  a full meeting's waiting list still counts as stored) are reported, not errors.

Run: ``make soak`` (10 minutes, 32 visitors) or
``.venv/bin/python bench/soak.py --duration 60 --users 16 --database sqlite``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_bench import PORT, PYTHON, ROOT, _wait_for, bench_env, reset_database  # noqa: E402

BASE = f"http://127.0.0.1:{PORT}"
EMAIL_PREFIX = "soak-"


class _BehindTLS(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over loopback HTTP: the requests carry
    X-Forwarded-Proto: https, as they would from the TLS-terminating proxy."""

    def return_ok_secure(self, cookie, request):
        return True

    def set_ok(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _targets(env) -> dict:
    script = (
        "import django, json; django.setup();"
        "from django.utils import timezone;"
        "from delaktig.meetings.models import Meeting;"
        "from bench.http_bench import _page_urls;"
        "m = Meeting.objects.filter(starts_at__gt=timezone.now(),"
        " activity__dialogue__state='open').order_by('starts_at').first();"
        "print(json.dumps({'pages': [u for _l, u in _page_urls()[1:]],"
        " 'meeting': m.pk if m else None}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stored(env) -> int:
    script = (
        "import django; django.setup();"
        "from delaktig.meetings.models import Registration;"
        f"print(Registration.objects.filter(email__startswith='{EMAIL_PREFIX}').count())"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return int(done.stdout.strip().splitlines()[-1])


class Visitor(threading.Thread):
    def __init__(self, pages, meeting, deadline, stats, lock, seed):
        super().__init__(daemon=True)
        self.pages, self.meeting, self.deadline = pages, meeting, deadline
        self.stats, self.lock = stats, lock
        self.rng = random.Random(seed)
        self.jar = http.cookiejar.CookieJar(policy=_BehindTLS())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _count(self, key):
        with self.lock:
            self.stats[key] = self.stats.get(key, 0) + 1

    def _open(self, url, data=None):
        request = urllib.request.Request(
            BASE + url,
            data=data,
            headers={"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{PORT}{url}"},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            self._count("connection_errors")
            return 0, ""

    def _register(self):
        url = f"/moten/{self.meeting}/anmalan/"
        status, body = self._open(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        key = re.search(r'name="submission_key" value="([^"]*)"', body)
        if status != 200 or not token:
            self._count("register_form_unavailable")
            return
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "submission_key": key.group(1) if key else str(uuid.uuid4()),
            "name": "Soak Testsson",
            "email": f"{EMAIL_PREFIX}{uuid.uuid4().hex}@example.org",
            "consent": "on",
        }
        status, _body = self._open(url, urllib.parse.urlencode(fields).encode())
        self._count("posts_sent")
        if status in (302, 303):
            self._count("accepted")
        elif status == 429:
            self._count("rate_limited")
        elif status >= 500:
            self._count("server_errors")
        else:
            self._count(f"refused_{status}")

    def run(self):
        while time.monotonic() < self.deadline:
            if self.meeting and self.rng.random() < 0.1:
                self._register()
                continue
            status, _body = self._open(self.rng.choice(self.pages))
            self._count("reads")
            if status >= 500:
                self._count("server_errors")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--database", default="postgresql", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    env = bench_env(args.database)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # One machine plays every visitor from one address: the posting limits would
    # refuse most of them, and what is measured here is that nothing accepted is lost.
    env["RATELIMIT_ENABLED"] = "false"
    print(f"Preparing {args.database} …", flush=True)
    reset_database(args.database, env)
    targets = _targets(env)
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "delaktig.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    stats: dict[str, int] = {}
    try:
        _wait_for(f"{BASE}/healthz")
        print(f"Soaking for {args.duration} s with {args.users} visitors …", flush=True)
        deadline = time.monotonic() + args.duration
        lock = threading.Lock()
        visitors = [
            Visitor(targets["pages"], targets["meeting"], deadline, stats, lock, seed)
            for seed in range(args.users)
        ]
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = _stored(env)
    stats["stored"] = stored
    print(json.dumps(stats, indent=2, sort_keys=True))
    problems = []
    if stats.get("server_errors"):
        problems.append(f"{stats['server_errors']} server errors")
    if stats.get("connection_errors"):
        problems.append(f"{stats['connection_errors']} failed connections")
    if stored != stats.get("accepted", 0):
        problems.append(f"accepted {stats.get('accepted', 0)} but stored {stored}")
    out = ROOT / "bench" / "results" / f"soak-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": vars(args), "stats": stats, "problems": problems}, indent=2))
    for problem in problems:
        print(f"FAILED: {problem}")
    print("OK" if not problems else "", f"(written to {out.relative_to(ROOT)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
