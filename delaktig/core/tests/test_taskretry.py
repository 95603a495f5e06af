import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from delaktig.core.taskretry import MAX_ATTEMPTS, requeue_tasks

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))


def _task(status, *, attempts, started_minutes_ago=5, finished=True):
    started = NOW - datetime.timedelta(minutes=started_minutes_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="delaktig.results.tasks.send_feedback",
        worker_ids=[f"w{i}" for i in range(attempts)],
        backend_name="default",
        run_after=started,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=1) if finished else None,
    )


@pytest.mark.django_db
def test_failed_task_is_queued_again_later():
    task = _task(TaskResultStatus.FAILED, attempts=1)
    assert requeue_tasks(now=NOW)["retried"] == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.run_after > NOW


@pytest.mark.django_db
def test_task_of_a_dead_worker_is_recovered_but_a_running_one_is_left():
    dead = _task(TaskResultStatus.RUNNING, attempts=1, started_minutes_ago=90, finished=False)
    busy = _task(TaskResultStatus.RUNNING, attempts=1, started_minutes_ago=2, finished=False)
    assert requeue_tasks(now=NOW)["recovered"] == 1
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_after_max_attempts_the_task_stays_failed_and_is_logged_once(caplog):
    task = _task(TaskResultStatus.FAILED, attempts=MAX_ATTEMPTS)
    assert requeue_tasks(now=NOW)["given_up"] == 1
    assert requeue_tasks(now=NOW)["given_up"] == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "not retried again" in caplog.text


@pytest.mark.django_db
def test_successful_tasks_are_not_touched():
    task = _task(TaskResultStatus.SUCCESSFUL, attempts=1)
    assert requeue_tasks(now=NOW) == {"retried": 0, "recovered": 0, "given_up": 0}
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
