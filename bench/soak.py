"""Soak run: tens of concurrent visitors for minutes, then count what was kept.

Against the same production stack as ``http_bench.py`` (gunicorn, 2 sync workers,
production settings), on SQLite or PostgreSQL: each simulated visitor reads
public pages, now and then registers for a meeting (a real form post with
CSRF and a one-time submission key) and now and then answers a survey page by
page from its start page, as a browser would (own session, a POST per page,
"Send your answers" on the last). At the end:

- zero server errors (5xx) and zero failed connections are required;
- every registration and every survey answer the server accepted (redirect to
  the confirmation or the thank-you page) must be in the database: count sent =
  count stored. Refusals (429 from rate limits; a full meeting's waiting list
  still counts as stored) are reported, not errors.

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
        "from django.urls import reverse;"
        "from django.utils import timezone;"
        "from delaktig.meetings.models import Meeting;"
        "from bench import actions;"
        "from bench.http_bench import _page_urls;"
        "m = Meeting.objects.filter(starts_at__gt=timezone.now(),"
        " activity__dialogue__state='open').order_by('starts_at').first();"
        "s = actions.survey_target();"
        "pages, drafts, last = actions.survey_answer(s);"
        "posts = [drafts[pages.key(n)] for n in range(1, pages.total)] + [last];"
        "print(json.dumps({'pages': [u for _l, u in _page_urls()[1:]],"
        " 'meeting': m.pk if m else None,"
        " 'survey': {'pk': s.pk, 'start': reverse('surveys:start', args=[s.pk]),"
        " 'pages': [[reverse('surveys:page', args=[s.pk, n + 1]), post]"
        " for n, post in enumerate(posts)]}}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stored(env, survey_pk: int) -> dict:
    script = (
        "import django, json; django.setup();"
        "from delaktig.meetings.models import Registration;"
        "from delaktig.surveys.models import Response;"
        "print(json.dumps({'registrations': Registration.objects.filter("
        f"email__startswith='{EMAIL_PREFIX}').count(),"
        f" 'survey_answers': Response.objects.filter(survey_id={survey_pk},"
        " status='submitted').count()}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class Visitor(threading.Thread):
    def __init__(self, pages, meeting, survey, deadline, stats, lock, seed):
        super().__init__(daemon=True)
        self.pages, self.meeting, self.survey, self.deadline = pages, meeting, survey, deadline
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
        self._count("registrations_sent")
        self._tally(status, "registrations_accepted")

    def _tally(self, status, accepted_key):
        if status in (302, 303):
            self._count(accepted_key)
        elif status == 429:
            self._count("rate_limited")
        elif status >= 500:
            self._count("server_errors")
        else:
            self._count(f"refused_{status}")

    def _answer_survey(self):
        """From the start page through every page to "Send", in a fresh session."""
        self.jar.clear()
        status, body = self._open(self.survey["start"])
        if status >= 500:
            self._count("server_errors")
        token = ""
        for number, (url, answers) in enumerate(self.survey["pages"], start=1):
            if number == 1:
                status, body = self._open(f"{url}?language=sv")
                found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
                if status != 200 or not found:
                    self._count("survey_unavailable")
                    return
                token = found.group(1)
            key = re.search(r'name="submission_key" value="([^"]*)"', body)
            fields = [("csrfmiddlewaretoken", token), ("language", "sv")]
            fields += [(name, value) for name, values in answers.items() for value in values]
            last = number == len(self.survey["pages"])
            fields.append(("action", "submit" if last else "next"))
            if last:
                fields.append(("submission_key", key.group(1) if key else str(uuid.uuid4())))
                self._count("survey_answers_sent")
            status, body = self._open(url, urllib.parse.urlencode(fields).encode())
            if last:
                self._tally(status, "survey_answers_accepted")
            elif status not in (302, 303):
                self._tally(status, "survey_pages_accepted")
                return
            elif number < len(self.survey["pages"]):
                status, body = self._open(self.survey["pages"][number][0])
                if status >= 500:
                    self._count("server_errors")

    def run(self):
        while time.monotonic() < self.deadline:
            roll = self.rng.random()
            if self.meeting and roll < 0.08:
                self._register()
                continue
            if self.survey and roll > 0.95:
                self._answer_survey()
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
    before = _stored(env, targets["survey"]["pk"])
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
            Visitor(
                targets["pages"], targets["meeting"], targets["survey"], deadline, stats, lock, seed
            )
            for seed in range(args.users)
        ]
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = _stored(env, targets["survey"]["pk"])
    stats["registrations_stored"] = after["registrations"] - before["registrations"]
    stats["survey_answers_stored"] = after["survey_answers"] - before["survey_answers"]
    print(json.dumps(stats, indent=2, sort_keys=True))
    problems = []
    if stats.get("server_errors"):
        problems.append(f"{stats['server_errors']} server errors")
    if stats.get("connection_errors"):
        problems.append(f"{stats['connection_errors']} failed connections")
    for kind in ("registrations", "survey_answers"):
        accepted, stored = stats.get(f"{kind}_accepted", 0), stats[f"{kind}_stored"]
        if accepted != stored:
            problems.append(f"{kind}: accepted {accepted} but stored {stored}")
    if not stats.get("registrations_accepted") or not stats.get("survey_answers_accepted"):
        problems.append("no registration or no survey answer was accepted: nothing was tested")
    out = ROOT / "bench" / "results" / f"soak-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": vars(args), "stats": stats, "problems": problems}, indent=2))
    for problem in problems:
        print(f"FAILED: {problem}")
    print("OK" if not problems else "", f"(written to {out.relative_to(ROOT)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
