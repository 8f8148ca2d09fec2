"""Tasks left "running" by a worker that died (killed, machine lost) go back into the queue.

django-tasks-db marks a claimed task RUNNING and only the worker that claimed it ever finishes it; if
that process is killed mid-task, the row stays RUNNING for ever and the e-mail or export never
happens. Every ``modellstadt worker`` therefore looks, when it starts and then every minute, for
running tasks whose worker (the last id in ``worker_ids``) no longer records a heartbeat:

- its heartbeat row is older than MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE seconds, or
- the task was claimed under this worker's own id by an earlier process (a restart with a fixed
  ``--worker-id``: a worker that is just starting runs nothing), or
- the worker has no heartbeat row and the task started more than a day ago (rows of workers gone for
  a day are removed; a worker started with ``--heartbeat-interval 0`` records none, so its tasks are
  only taken back after that long).

Such a task is put back (READY, to run at once) while it has run fewer than ``max_attempts`` times,
else marked failed with a message naming the lost worker (the "Betrieb" page offers a retry). Each
change is one conditional UPDATE on the task's ``started_at``, so two workers recovering at the same
time, or the owner finishing at that moment, never both win. Tasks are idempotent (see worker.py), so
running the interrupted part again is safe.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from modellstadt.operations.heartbeat import FORGET_AFTER
from modellstadt.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST_CLASS_PATH = "modellstadt.operations.recovery.WorkerLost"


def _owner(task):
    return task.worker_ids[-1] if task.worker_ids else None


def orphaned_tasks(*, own_worker_id=None, now=None):
    """Running tasks whose worker is gone (see the module's docstring); two queries."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE)
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path"))
    if not running:
        return []
    owners = {_owner(task) for task in running} - {None}
    seen = dict(WorkerHeartbeat.objects.filter(worker_id__in=owners).values_list("worker_id", "seen_at"))
    orphans = []
    for task in running:
        owner = _owner(task)
        if own_worker_id is not None and owner == own_worker_id:
            orphans.append(task)
        elif owner in seen:
            if seen[owner] < stale_before:
                orphans.append(task)
        elif task.started_at is None or task.started_at < now - FORGET_AFTER:
            orphans.append(task)
    return orphans


def recover_orphaned_tasks(*, max_attempts=5, own_worker_id=None, now=None):
    """Put back or fail the tasks of lost workers; returns (put back, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    for task in orphaned_tasks(own_worker_id=own_worker_id, now=now):
        owner, attempts = _owner(task), len(task.worker_ids)
        same_claim = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if attempts < max_attempts:
            if same_claim.update(status=TaskResultStatus.READY, started_at=None, run_after=now):
                requeued += 1
                logger.warning(
                    "Task id=%s path=%s was left running by worker %s, which stopped recording its "
                    "heartbeat; it runs again (run %d of at most %d)",
                    task.pk,
                    task.task_path,
                    owner,
                    attempts + 1,
                    max_attempts,
                )
        else:
            message = (
                f"Der Task-Worker {owner} meldet sich nicht mehr; die Aufgabe wurde {attempts}-mal "
                "begonnen und nicht beendet."
            )
            if same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=LOST_CLASS_PATH,
                traceback=f"{LOST_CLASS_PATH}: {message}\n",
            ):
                failed += 1
                logger.error(
                    "Task id=%s path=%s was left running by lost workers %d times; marked as failed",
                    task.pk,
                    task.task_path,
                    attempts,
                )
    return requeued, failed
