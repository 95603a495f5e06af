"""Resident actions for the HTTP benchmark: form posts that store something.

Each action is a wrk run with ``bench/post.lua``: the same POST body every time,
with a fresh one-time ``submission_key`` (and, where the form needs one, a unique
e-mail address) generated in Lua per request. CSRF: the harness fetches one form
page, and every POST sends that csrftoken cookie and that form token (Django
accepts one token for any number of posts).

- **meeting registration**: the public registration form of an upcoming meeting
  (one without a limit of places if there is one; a full one would still store the
  registration, on the waiting list).
- **survey submission**: the last page of the open anonymous survey, posted with
  "Send your answers". Answering is a session-bound flow (start, then one page
  per section), and wrk cannot keep a session per connection, so the data set
  holds a pool of started responses: each has the earlier pages filled in its
  draft, as a resident who reached the last page would, and its own session
  (``django_session`` row). Every POST uses the next session of the pool, so each
  one is the single request that validates and stores a complete answer.

Stored rows are counted before the first run and after the server has stopped;
every 2xx/3xx response must be a stored row (see ``check_stored``).

The posting limits (``core.ratelimit``) would refuse all but ten posts a minute
from the one address wrk sends from: ``bench/settings.py`` switches them off, as
the soak run does, and the results say so.
"""

from __future__ import annotations

import datetime
import secrets
import urllib.parse
import uuid
from dataclasses import dataclass

POOL_PREFIX = "benchpool"
DEFAULT_POOL_SIZE = 20_000
# In-process measurement takes its sessions from the end of the pool, wrk from the start.
IN_PROCESS_RESERVED = 4
KEY_PLACEHOLDER = "__KEY__"
UNIQUE_PLACEHOLDER = "__UNIQUE__"
CSRF_PLACEHOLDER = "__CSRF__"
SURVEY_TEXT = "Fler bänkar och träd längs kajen, och bättre belysning på kvällen."


@dataclass(frozen=True)
class Action:
    label: str
    key: str
    # Whether each request needs its own session from the pool.
    uses_pool: bool
    what_is_stored: str


ACTIONS = (
    Action(
        "survey submission",
        "survey",
        uses_pool=True,
        what_is_stored="surveys.Response (submitted) of the survey",
    ),
    Action(
        "meeting registration",
        "meeting",
        uses_pool=False,
        what_is_stored="meetings.Registration of the meeting",
    ),
)


def by_key(key: str) -> Action:
    return next(action for action in ACTIONS if action.key == key)


def encode_body(fields: list[tuple[str, str]]) -> str:
    """Form-encoded body; the placeholders survive encoding unchanged for Lua to fill."""
    return urllib.parse.urlencode(fields)


def fill(body: str, *, key: str | None = None, unique: str | None = None) -> str:
    """What the Lua script does per request, for the in-process measurement."""
    return body.replace(KEY_PLACEHOLDER, key or str(uuid.uuid4())).replace(
        UNIQUE_PLACEHOLDER, unique or secrets.token_hex(8)
    )


# --- targets (inside Django) -----------------------------------------------------------


def survey_target():
    """The open, anonymous, open-access survey residents answer (the demo's harbour survey)."""
    from delaktig.surveys import answering
    from delaktig.surveys.models import Survey

    candidates = (
        Survey.objects.select_related("activity__dialogue")
        .filter(state=Survey.State.OPEN, access=Survey.Access.OPEN, anonymous=True)
        .order_by("pk")
    )
    for survey in candidates:
        if answering.is_open(survey) and answering.pages_of(survey).total:
            return survey
    raise RuntimeError("No open, anonymous, open-access survey to submit to in the data set.")


def meeting_target():
    """An upcoming meeting of a public dialogue, without a limit of places if there is one."""
    from django.utils import timezone

    from delaktig.meetings.models import Meeting
    from delaktig.meetings.rules import registration_is_open

    soon = timezone.now() + datetime.timedelta(hours=2)
    meetings = [
        m
        for m in Meeting.objects.select_related("activity__dialogue")
        .filter(starts_at__gt=soon)
        .order_by("starts_at", "pk")
        if registration_is_open.test(None, m)
    ]
    if not meetings:
        raise RuntimeError("No upcoming meeting open for registration in the data set.")
    unlimited = [m for m in meetings if m.capacity is None]
    return (unlimited or meetings)[0]


# --- a complete, valid answer ---------------------------------------------------------


def _value_for(name, field):
    """A valid value for one form field, or None to leave it empty."""
    from django import forms

    if name.endswith(("__other", "__lat", "__lng")):
        return None  # "other" texts and map points: left out, as most do
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.order_by("pk").first()
        return [str(first.pk)] if first else None
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(v) for v, _label in field.choices if str(v)]
        return values[:1] or None
    if isinstance(field, forms.ChoiceField):
        # The middle choice: a plausible age band or grade, never "don't know" at the end.
        values = [str(v) for v, _label in field.choices if str(v)]
        return [values[(len(values) - 1) // 2]] if values else None
    if isinstance(field, forms.IntegerField):  # DecimalField too
        if not field.required:
            return None  # the year of birth when the age band is given
        return [str(field.min_value if field.min_value is not None else 1)]
    if isinstance(field, forms.DateField):
        return [datetime.date.today().isoformat()]
    if isinstance(field, forms.CharField):
        return [SURVEY_TEXT[: field.max_length or None]]
    return None


def _page_form(survey, pages, number, known, data=None):
    from delaktig.surveys import answering
    from delaktig.surveys import background as bg
    from delaktig.surveys.forms_answer import build_section_form

    if pages.is_background(number):
        return bg.BackgroundForm(data, municipality=answering.municipality_of(survey))
    section = pages.section(number)
    return build_section_form(
        section, "sv", data=data, answers_so_far=known, questions=section.questions.all()
    )


def survey_answer(survey) -> tuple[object, dict[str, dict[str, list[str]]], dict]:
    """(pages, draft of every page but the last, post data of the last page), each
    page checked with the form residents get."""
    from django.utils.datastructures import MultiValueDict

    from delaktig.surveys import answering

    pages = answering.pages_of(survey)
    known: dict = {}
    per_page = {}
    for number in range(1, pages.total + 1):
        unbound = _page_form(survey, pages, number, known)
        data = {}
        for name, field in unbound.fields.items():
            value = _value_for(name, field)
            if value is not None:
                data[name] = value
        bound = _page_form(survey, pages, number, known, data=MultiValueDict(data))
        if not bound.is_valid():
            raise RuntimeError(f"Survey {survey.pk} page {number}: no valid answer: {bound.errors}")
        if hasattr(bound, "condition_values"):
            known.update(bound.condition_values())
        per_page[pages.key(number)] = data
    last_key = pages.key(pages.total)
    last = per_page.pop(last_key)
    return pages, per_page, last


def load_pool(size: int = DEFAULT_POOL_SIZE, log=print) -> None:
    """Started responses, each on the last page with its own session (see the module doc)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from delaktig.surveys.models import Response

    if Session.objects.filter(session_key__startswith=POOL_PREFIX).exists():
        log("Survey session pool already loaded.")
        return
    survey = survey_target()
    pages, draft, _last = survey_answer(survey)
    # The data set is rebuilt every day (see dataset.py); the sessions outlive that.
    expires = timezone.now() + datetime.timedelta(days=30)
    store = SessionStore()
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            (
                Response(survey=survey, language="sv", draft=draft, current_section=pages.total - 1)
                for _ in range(size)
            ),
            batch_size=2_000,
        )
        Session.objects.bulk_create(
            (
                Session(
                    session_key=f"{POOL_PREFIX}{n:08d}{secrets.token_hex(7)}",
                    session_data=store.encode({f"survey-{survey.pk}": {"response": str(r.pk)}}),
                    expire_date=expires,
                )
                for n, r in enumerate(responses)
            ),
            batch_size=2_000,
        )
    log(f"Survey session pool: {size} started responses on survey {survey.pk}.")


def pool_keys() -> list[str]:
    from django.contrib.sessions.models import Session

    return list(
        Session.objects.filter(session_key__startswith=POOL_PREFIX)
        .order_by("session_key")
        .values_list("session_key", flat=True)
    )


# --- plans, counts, in-process measurement -----------------------------------------------


def plan(action: Action, *, csrf_token: str | None = None) -> dict:
    """Path and body template of one action (the CSRF token is filled in later)."""
    from django.urls import reverse

    csrf_token = csrf_token or CSRF_PLACEHOLDER

    if action.key == "survey":
        survey = survey_target()
        pages, _draft, last = survey_answer(survey)
        fields = [("csrfmiddlewaretoken", csrf_token), ("submission_key", KEY_PLACEHOLDER)]
        fields += [(name, value) for name, values in last.items() for value in values]
        fields.append(("action", "submit"))
        return {
            "path": reverse("surveys:page", kwargs={"pk": survey.pk, "page": pages.total}),
            "body": encode_body(fields),
            "target": f"survey {survey.pk}, page {pages.total} of {pages.total}",
        }
    meeting = meeting_target()
    fields = [
        ("csrfmiddlewaretoken", csrf_token),
        ("submission_key", KEY_PLACEHOLDER),
        ("name", "Bench Testsson"),
        ("email", f"bench-{UNIQUE_PLACEHOLDER}@example.org"),
        ("consent", "on"),
    ]
    return {
        "path": reverse("meetings:register", args=[meeting.pk]),
        "body": encode_body(fields),
        "target": f"meeting {meeting.pk}, capacity {meeting.capacity or 'unlimited'}",
    }


def stored(action: Action) -> int:
    if action.key == "survey":
        from delaktig.surveys.models import Response

        return Response.objects.filter(
            survey=survey_target(), status=Response.Status.SUBMITTED
        ).count()
    from delaktig.meetings.models import Registration

    return Registration.objects.filter(meeting=meeting_target()).count()


def measure_in_process(action: Action, *, plan_fn=None, stored_fn=None, pool_keys_fn=None) -> dict:
    """Queries of one POST with Django's test client, after one warm-up POST; both must
    be stored. Another set of actions (bench/more.py) passes its own plan, count and
    pool."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan_fn, stored_fn = plan_fn or plan, stored_fn or stored
    target = plan_fn(action, csrf_token="in-process")
    sessions = (pool_keys_fn or pool_keys)()[-IN_PROCESS_RESERVED:] if action.uses_pool else []
    before = stored_fn(action)
    statuses = []
    queries = None
    for attempt in range(2):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        if action.uses_pool:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[attempt]
        body = fill(target["body"], unique=f"inprocess-{secrets.token_hex(6)}")
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                target["path"], body, content_type="application/x-www-form-urlencoded"
            )
        statuses.append(response.status_code)
        queries = len(captured.captured_queries)
    added = stored_fn(action) - before
    return {
        "queries": queries,
        "status": statuses[-1],
        "in_process_stored": added,
        "in_process_ok": added == 2 and all(s in (302, 303) for s in statuses),
    }


def check_stored(*, ok: int, in_flight: int, stored_rows: int) -> str:
    """'' when the rows stored are exactly the posts that were answered 2xx/3xx plus
    those still on their way when wrk stopped, else what differs.

    When wrk stops, up to one request per connection has been sent but not answered:
    the server finishes (and stores) it, but wrk never counts its answer. The harness
    lets the server finish them before counting, so they are known exactly.
    """
    expected = ok + in_flight
    if stored_rows == expected:
        return ""
    return (
        f"{stored_rows} rows stored, expected {expected} "
        f"({ok} answered 2xx/3xx + {in_flight} in flight when wrk stopped)"
        + (": input was lost" if stored_rows < expected else ": rows without a request")
    )
