"""Background tasks are retried and never lost.

django-tasks' database backend keeps every task as a row until it is pruned, so
nothing enqueued is lost when a worker or host goes down. What it does not do is
try again: a task that failed (the mail server was down) stays failed, and one
whose worker died mid-run stays "running". ``requeue_tasks`` (run every few
minutes by ``manage.py retry_tasks``, see docs/deploy.md) puts both back in the
queue, with a growing delay, up to ``MAX_ATTEMPTS`` runs; after that the task stays
failed and is logged as an error for operations to look at.

Tasks must therefore be safe to run again: ours check what they already did
(e.g. reminder timestamps) or do work whose repetition is harmless.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("delaktig.tasks")

MAX_ATTEMPTS = 4
# A run that has not finished after this long is taken to be from a dead worker.
STALE_AFTER = datetime.timedelta(minutes=30)


def _delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def requeue_tasks(*, now: datetime.datetime | None = None) -> dict:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    counts = {"retried": 0, "recovered": 0, "given_up": 0}
    with transaction.atomic():
        failed = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(days=2)
        )
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - STALE_AFTER
        )
        for task, kind in [*((t, "retried") for t in failed), *((t, "recovered") for t in stale)]:
            attempts = len(task.worker_ids)
            if attempts >= MAX_ATTEMPTS:
                if task.status == TaskResultStatus.RUNNING:
                    task.status = TaskResultStatus.FAILED
                    task.finished_at = now
                    task.save(update_fields=["status", "finished_at"])
                if task.return_value != "given-up":
                    logger.error(
                        "Task %s (%s) failed %s times; not retried again",
                        task.pk,
                        task.task_path,
                        attempts,
                    )
                    task.return_value = "given-up"
                    task.save(update_fields=["return_value"])
                    counts["given_up"] += 1
                continue
            task.status = TaskResultStatus.READY
            task.run_after = now + _delay(attempts)
            task.started_at = None
            task.finished_at = None
            task.save(update_fields=["status", "run_after", "started_at", "finished_at"])
            counts[kind] += 1
            logger.warning("Task %s (%s) queued again (%s)", task.pk, task.task_path, kind)
    return counts
