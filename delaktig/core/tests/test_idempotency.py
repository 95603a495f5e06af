import uuid

import pytest

from delaktig.core.idempotency import run_once
from delaktig.core.models import Submission


@pytest.mark.django_db
def test_same_key_runs_action_once_and_returns_first_result():
    calls = []

    def action():
        calls.append(1)
        return f"/done/{len(calls)}/"

    key = uuid.uuid4()
    assert run_once(key=key, user=None, action=action) == "/done/1/"
    assert run_once(key=key, user=None, action=action) == "/done/1/"
    assert len(calls) == 1
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_failed_action_leaves_no_key_so_a_retry_runs():
    key = uuid.uuid4()

    def failing():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        run_once(key=key, user=None, action=failing)
    assert not Submission.objects.filter(key=key).exists()
    assert run_once(key=key, user=None, action=lambda: "/ok/") == "/ok/"


@pytest.mark.django_db
def test_without_key_action_always_runs():
    calls = []
    run_once(key=None, user=None, action=lambda: calls.append(1) or "/a/")
    run_once(key=None, user=None, action=lambda: calls.append(1) or "/a/")
    assert len(calls) == 2
