"""The HTTP benchmark's harness builds its page list and resident actions (no timing)."""

import datetime
import io

import pytest

from bench import actions, dataset, http_bench, more

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8765/moten/8/anmalan/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    95.20ms   20.10ms 210.00ms   70.00%
  Latency Distribution
     50%   93.10ms
     75%  101.00ms
     90%  120.00ms
     99%    1.20s
  320 requests in 2.00s, 1.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    159.80
Transfer/sec:    560.00KB
bench-action: sent=337 exhausted=0 next_offset=340
"""


def test_actions_are_defined():
    keys = [action.key for action in actions.ACTIONS]
    assert len(set(keys)) == len(keys)
    labels = {action.label for action in actions.ACTIONS}
    assert {"survey submission", "meeting registration"} <= labels
    assert actions.by_key("survey").uses_pool
    assert not actions.by_key("meeting").uses_pool


def test_lua_script_fills_what_the_bodies_hold():
    script = http_bench.LUA.read_text()
    for placeholder in (actions.KEY_PLACEHOLDER, actions.UNIQUE_PLACEHOLDER, "bench-action:"):
        assert placeholder in script
    body = actions.encode_body(
        [("submission_key", actions.KEY_PLACEHOLDER), ("email", "b-__UNIQUE__@example.org")]
    )
    assert actions.KEY_PLACEHOLDER in body and actions.UNIQUE_PLACEHOLDER in body
    filled = actions.fill(body, key="k", unique="u")
    assert filled == "submission_key=k&email=b-u%40example.org"


def test_wrk_output_is_read():
    parsed = http_bench.parse_wrk(WRK_OUTPUT)
    assert parsed["requests"] == 320
    assert parsed["non_2xx_3xx"] == 3
    assert parsed["p50_ms"] == 93.1 and parsed["p99_ms"] == 1200.0
    assert http_bench.parse_action_line(WRK_OUTPUT) == {
        "sent": 337,
        "exhausted": 0,
        "next_offset": 340,
    }


def test_stored_rows_are_checked():
    assert actions.check_stored(ok=100, in_flight=16, stored_rows=116) == ""
    assert "lost" in actions.check_stored(ok=100, in_flight=16, stored_rows=115)
    assert "without a request" in actions.check_stored(ok=100, in_flight=16, stored_rows=117)


def test_data_set_key_follows_the_sources():
    assert dataset.cache_key() == dataset.cache_key()
    assert any(p.name == "large_data.py" for p in dataset.key_sources())
    assert any(p.parent.name == "migrations" for p in dataset.key_sources())


def test_a_data_set_copy_is_used_for_a_few_days_only(tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "CACHE_DIR", tmp_path)
    built = datetime.date(2026, 11, 25)
    monkeypatch.setattr(dataset, "_today", lambda: built)
    assert not dataset._young_enough("k", "sqlite")  # never built
    dataset._record_build("k", "sqlite")
    days = datetime.timedelta(days=1)
    assert dataset._young_enough("k", "sqlite", built)
    assert dataset._young_enough("k", "sqlite", built + dataset.MAX_AGE_DAYS * days)
    assert not dataset._young_enough("k", "sqlite", built + (dataset.MAX_AGE_DAYS + 1) * days)
    assert not dataset._young_enough("other", "sqlite", built)
    assert not dataset._young_enough("k", "postgresql", built)


def test_smoke_durations_are_read():
    assert http_bench._seconds("2s") == 2
    assert http_bench._seconds(20) == 20


@pytest.mark.django_db
def test_page_list_starts_with_the_ceiling():
    pages = http_bench._page_urls()
    assert pages[0] == ("ceiling (bare Django view)", "/_bench/bare/")
    assert ("home", "/") in pages


@pytest.mark.django_db
def test_actions_build_and_store_one_post_each():
    from delaktig.meetings.tests.factories import MeetingFactory
    from delaktig.surveys.tests.factories import three_page_survey

    survey = three_page_survey()
    meeting = MeetingFactory(capacity=None)
    actions.load_pool(actions.IN_PROCESS_RESERVED + 2, log=lambda _message: None)
    assert len(actions.pool_keys()) == actions.IN_PROCESS_RESERVED + 2

    survey_plan = actions.plan(actions.by_key("survey"))
    assert survey_plan["path"] == f"/enkater/{survey.pk}/del/4/"  # 3 sections + background
    assert "action=submit" in survey_plan["body"]
    meeting_plan = actions.plan(actions.by_key("meeting"))
    assert meeting_plan["path"] == f"/moten/{meeting.pk}/anmalan/"
    assert actions.UNIQUE_PLACEHOLDER in meeting_plan["body"]

    for action in actions.ACTIONS:
        measured = actions.measure_in_process(action)
        assert measured["in_process_ok"], (action.key, measured)
        assert measured["queries"] > 0


def test_the_sets_are_defined():
    assert set(http_bench.SETS) == {"default", "more"}
    assert http_bench.SETS["default"].ACTIONS == actions.ACTIONS
    keys = [action.key for action in more.ACTIONS]
    assert len(set(keys)) == len(keys)
    assert not set(keys) & {action.key for action in actions.ACTIONS}
    assert {more.by_key(key).uses_pool for key in ("follow", "panel")} == {True}


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    more.prepare(log=lambda _message: None, pool_size=actions.IN_PROCESS_RESERVED + 2)


@pytest.mark.django_db
def test_more_pages_resolve(demo):
    from django.test import Client

    pages = http_bench.SETS["more"].page_urls()
    assert pages[0] == ("ceiling (bare Django view)", "/_bench/bare/")
    labels = {label for label, _url in pages}
    assert {"report version", "dialogue feed (Atom)", "login", "signup"} <= labels
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    for label, url in pages[1:]:
        assert client.get(url).status_code == 200, (label, url)


@pytest.mark.django_db
def test_more_actions_build_and_store_one_post_each(demo):
    from django.core import mail

    mail.outbox = []
    assert len(more.pool_keys()) == actions.IN_PROCESS_RESERVED + 2
    for action in more.ACTIONS:
        planned = more.plan(action)
        assert planned["path"].startswith("/") and actions.CSRF_PLACEHOLDER in planned["body"]
        measured = more.measure_in_process(action)
        assert measured["in_process_ok"], (action.key, measured)
        assert measured["queries"] > 0
