"""The task worker that survives database faults (``modellstadt worker``).

django-tasks-db's ``Worker`` re-raises every database error that is not "database is locked", so the
process ends when PostgreSQL restarts or a connection is cut. This worker keeps the library's way of
claiming and running tasks and adds:

- on a database error: close the connections, wait with capped exponential backoff (1, 2, 4 … 30 s),
  log it, and carry on with a fresh connection;
- a task whose own database work failed with the database runs again once it is back (after a
  backoff delay, at most ``max_attempts`` times); a task that finished while its result could not be
  stored is not run again, its result is stored once the database answers;
- a heartbeat thread (operations.heartbeat) that /readyz reads;
- when it starts and every ``recover_seconds``: tasks left "running" by a worker whose heartbeat
  stopped go back into the queue (operations.recovery);
- every log record of a task carries the task's id and the id of the request that enqueued it
  (core.request_id).

A task can therefore run more than once; tasks must be idempotent (the e-mail tasks mark their rows
as sent before sending, see notifications.services.send_notification_email).
"""

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from modellstadt.core.request_id import bound, task_request_id
from modellstadt.operations.heartbeat import HEARTBEAT_SECONDS, HeartbeatThread
from modellstadt.operations.recovery import recover_orphaned_tasks

logger = logging.getLogger(__name__)

# The errors of a database that is down, restarting or has cut the connection.
DATABASE_ERRORS = (OperationalError, InterfaceError)

SUCCESSFUL, FAILED, RETRY = "successful", "failed", "retry"
RECOVER_SECONDS = 60


def backoff(attempt, *, base=1.0, cap=30.0):
    """Seconds to wait before attempt ``attempt + 1``: 1, 2, 4, 8, 16, 30, 30 … (``attempt`` from 1)."""
    return min(cap, base * 2 ** max(0, attempt - 1))


@dataclass
class Unfinished:
    """A task that ran (or was interrupted) whose outcome is not stored yet."""

    db_task_result: DBTaskResult
    outcome: str
    value: Any


class ResilientWorker(Worker):
    def __init__(self, *, max_backoff=30.0, max_attempts=5, heartbeat_seconds=HEARTBEAT_SECONDS,
                 recover_seconds=RECOVER_SECONDS, sleep=time.sleep, clock=time.monotonic, **kwargs):
        super().__init__(**kwargs)
        self.recover_seconds = recover_seconds
        self.clock = clock
        self.recovered_at = None  # clock() of the last look for tasks of lost workers; None: not yet
        self.quiet_until = None  # no recovery before this clock() (after a database fault, see recover_if_due)
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts
        self.heartbeat_seconds = heartbeat_seconds
        self.sleep = sleep
        self.failures = 0  # database errors in a row
        self.unfinished = None

    # --- the loop -------------------------------------------------------------------------------------
    def run(self):
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        heartbeat = HeartbeatThread(self.worker_id, self.heartbeat_seconds) if self.heartbeat_seconds else None
        if heartbeat:
            heartbeat.beat()  # at once, before any task: /readyz sees the worker as soon as it runs
            heartbeat.start()
        try:
            if self.startup_delay and self.interval:
                time.sleep(random.random())  # noqa: S311 - spreads the start of many workers
            while self.running:
                try:
                    if not self.poll():
                        return
                except DATABASE_ERRORS as error:
                    self.database_failed(error)
                else:
                    if self.failures:
                        logger.warning("Database reachable again after %d failed attempts; worker resumes",
                                       self.failures)
                    self.failures = 0
        finally:
            if heartbeat:
                heartbeat.stop()
                heartbeat.join(timeout=5)

    def poll(self):
        """One turn: store what is left from a fault, claim one task and run it, else wait. Returns False
        when the worker should stop (batch mode done, --max-tasks reached)."""
        close_old_connections()
        if self.unfinished is not None:
            self.store_outcome()
        self.recover_if_due()

        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)

        retrieved = True
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # so no other worker runs it
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                retrieved, task_result = False, None  # SQLite busy: try again next turn

        if task_result is not None:
            self.run_task(task_result)

        if self.batch and retrieved and task_result is None:
            logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
            return False
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id)
            return False

        close_old_connections()
        if self.running and task_result is None:
            self.sleep(self.interval)
        return True

    def recover_if_due(self):
        """At the first turn (tasks claimed under this worker's id by an earlier process count as lost too)
        and every ``recover_seconds``: put back the tasks of workers whose heartbeat stopped."""
        first = self.recovered_at is None
        if not first and (not self.recover_seconds or self.clock() - self.recovered_at < self.recover_seconds):
            return
        if not first and self.quiet_until is not None and self.clock() < self.quiet_until:
            return  # other workers' heartbeats may be stale only because the database was away
        recover_orphaned_tasks(max_attempts=self.max_attempts, own_worker_id=self.worker_id if first else None)
        self.recovered_at = self.clock()

    def database_failed(self, error):
        """Drop every connection (a broken one is never reused) and wait before the next turn."""
        self.failures += 1
        # After the database is back, give every worker one heartbeat age to beat again before their
        # running tasks are taken for lost.
        self.quiet_until = self.clock() + settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE
        delay = backoff(self.failures, cap=self.max_backoff)
        logger.warning("Database error in the task worker (%s: %s); retrying in %.0f s (attempt %d)",
                       type(error).__name__, str(error).strip().splitlines()[0] if str(error).strip() else "",
                       delay, self.failures)
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is dropped either way
                logger.debug("Closing a broken connection failed", exc_info=True)
        self.sleep(delay)

    # --- running one task -------------------------------------------------------------------------------
    def run_task(self, db_task_result):
        """Run the task and store its outcome. A database error inside the task leaves it to be run again;
        a database error while storing the outcome leaves the outcome to be stored on the next turn."""
        with bound(task_request_id(db_task_result), str(db_task_result.id)):
            self._run_task(db_task_result)

    def _run_task(self, db_task_result):
        try:
            self.running_task = True
            try:
                task = db_task_result.task
                task_result = db_task_result.task_result
                task_started.send(sender=type(task.get_backend()), task_result=task_result)
                args, kwargs = task_result.args, task_result.kwargs
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
                else:
                    value = task.call(*args, **kwargs)
            except DATABASE_ERRORS as error:
                self.unfinished = Unfinished(db_task_result, RETRY, error)
                raise
            except BaseException as error:  # noqa: BLE001 - like the library: any failure is the task's result
                self.unfinished = Unfinished(db_task_result, FAILED, error)
            else:
                self.unfinished = Unfinished(db_task_result, SUCCESSFUL, value)
            self.store_outcome()
        finally:
            self.running_task = False
            self._run_tasks += 1

    def store_outcome(self):
        unfinished = self.unfinished
        db_task_result = unfinished.db_task_result
        if unfinished.outcome == RETRY:
            self.requeue(db_task_result, unfinished.value)
            self.unfinished = None
            return
        if unfinished.outcome == SUCCESSFUL:
            try:
                db_task_result.set_successful(unfinished.value)
            except DATABASE_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 - e.g. a return value JSON cannot hold
                unfinished.outcome, unfinished.value = FAILED, error
        if unfinished.outcome == FAILED:
            db_task_result.set_failed(unfinished.value)
        self.unfinished = None
        try:
            task_finished.send(sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result)
        except DATABASE_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - the outcome is stored; a task that cannot be imported only logs
            logger.exception("Task id=%s failed unexpectedly", db_task_result.id)

    def requeue(self, db_task_result, error):
        """Put a task interrupted by a database fault back in the queue, after a delay; give up after
        ``max_attempts`` runs."""
        attempts = len(db_task_result.worker_ids)
        if attempts >= self.max_attempts:
            logger.error("Task id=%s path=%s met a database error in %d runs; marked as failed",
                         db_task_result.id, db_task_result.task_path, attempts)
            db_task_result.set_failed(error)
            return
        delay = backoff(attempts, cap=self.max_backoff)
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None, run_after=timezone.now() + timedelta(seconds=delay))
        logger.warning("Task id=%s path=%s was interrupted by a database error (%s); it runs again in %.0f s "
                       "(run %d of at most %d)", db_task_result.id, db_task_result.task_path,
                       type(error).__name__, delay, attempts + 1, self.max_attempts)
