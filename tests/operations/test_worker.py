"""`modellstadt worker` keeps running through database faults: it closes the connections, waits with capped
exponential backoff and carries on; a task cut off by the database runs again, a finished task is not run
twice; its heartbeat tells /readyz that a worker lives. The last test cuts a real PostgreSQL database off."""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from modellstadt.operations.heartbeat import HeartbeatThread, worker_alive
from modellstadt.operations.models import WorkerHeartbeat
from modellstadt.operations.worker import ResilientWorker, backoff
from tests.operations import worker_tasks

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = DB_TASKS
    worker_tasks.runs.clear()


def make_worker(cls=ResilientWorker, **options):
    """A worker that works off the queue and stops; its waits are recorded, not slept."""
    sleeps = []
    extra = {"heartbeat_seconds": 0, "sleep": sleeps.append} if cls is ResilientWorker else {}
    worker = cls(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                 max_tasks=None, worker_id="test-worker", excluded_queue_names=[], **extra, **options)
    return worker, sleeps


@pytest.fixture
def database_fails(monkeypatch):
    """Claiming a task raises OperationalError the given number of times, as while PostgreSQL restarts."""
    get_locked = DBTaskResultQuerySet.get_locked
    left = []

    def flaky(self):
        if left:
            left.pop()
            raise OperationalError("server closed the connection unexpectedly")
        return get_locked(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky)
    return lambda times: left.extend([None] * times)


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert [backoff(n, cap=5) for n in range(1, 5)] == [1, 2, 4, 5]


def test_the_library_worker_ends_on_a_database_error(database_fails):
    """Why `modellstadt worker` exists: django-tasks-db's own loop re-raises and the process ends."""
    database_fails(1)
    worker, _sleeps = make_worker(Worker)
    with pytest.raises(OperationalError):
        worker.run()


def test_worker_waits_longer_after_each_database_error_and_resumes(database_fails, monkeypatch, caplog):
    closed = []
    close = BaseDatabaseWrapper.close
    monkeypatch.setattr(BaseDatabaseWrapper, "close", lambda self: (closed.append(self.alias), close(self))[1])
    result = worker_tasks.echo.enqueue("a")
    database_fails(6)
    worker, sleeps = make_worker()
    with caplog.at_level(logging.INFO, logger="modellstadt.operations.worker"):
        worker.run()
    assert sleeps == [1, 2, 4, 8, 16, 30]
    assert len(closed) >= 6  # a broken connection is never reused
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value == "a"
    assert worker_tasks.runs["a"] == 1
    messages = [record.getMessage() for record in caplog.records]
    assert sum("Database error in the task worker" in m for m in messages) == 6
    assert any("retrying in 30 s (attempt 6)" in m for m in messages)
    assert any("reachable again after 6 failed attempts" in m for m in messages)


def test_a_task_cut_off_by_the_database_runs_again_later(database_fails):
    result = worker_tasks.fails_with_the_database.enqueue("b")
    worker, sleeps = make_worker()
    worker.run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY" and len(row.worker_ids) == 1  # back in the queue, not lost, not failed
    assert 0 < (row.run_after - row.enqueued_at).total_seconds() < 60  # after its backoff delay
    assert sleeps == [1]

    DBTaskResult.objects.filter(pk=result.id).update(run_after=row.enqueued_at)  # the delay is over
    make_worker()[0].run()
    result.refresh()
    assert result.status == "SUCCESSFUL" and result.return_value == 2
    assert worker_tasks.runs["b"] == 2


def test_a_task_that_keeps_failing_with_the_database_is_marked_failed():
    result = worker_tasks.fails_with_the_database.enqueue("c", times=10)
    worker, sleeps = make_worker(max_backoff=0, max_attempts=3)
    worker.run()
    result.refresh()
    assert result.status == "FAILED" and worker_tasks.runs["c"] == 3
    assert result.errors[0].exception_class_path == "django.db.utils.OperationalError"


def test_a_finished_task_whose_result_could_not_be_stored_is_not_run_again(monkeypatch):
    set_successful = DBTaskResult.set_successful
    calls = []

    def flaky(self, value):
        calls.append(value)
        if len(calls) == 1:
            raise OperationalError("the database system is shutting down")
        return set_successful(self, value)

    monkeypatch.setattr(DBTaskResult, "set_successful", flaky)
    result = worker_tasks.echo.enqueue("d")
    worker, sleeps = make_worker()
    worker.run()
    result.refresh()
    assert result.status == "SUCCESSFUL" and worker_tasks.runs["d"] == 1 and len(calls) == 2
    assert sleeps == [1]


def test_an_ordinary_task_error_is_its_result_not_a_retry():
    result = worker_tasks.fails.enqueue("e")
    worker, sleeps = make_worker()
    worker.run()
    result.refresh()
    assert result.status == "FAILED" and worker_tasks.runs["e"] == 1 and sleeps == []


def test_heartbeat_thread_records_the_worker_and_survives_a_database_error(monkeypatch, settings):
    settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE = 120
    assert not worker_alive()
    thread = HeartbeatThread("beating-worker", every=60)
    from django.db.models import QuerySet

    update_or_create = QuerySet.update_or_create
    monkeypatch.setattr(QuerySet, "update_or_create", lambda *a, **k: (_ for _ in ()).throw(
        OperationalError("no connection")))
    thread.beat()  # logged, not raised
    assert thread.beats == 0 and not WorkerHeartbeat.objects.exists()
    monkeypatch.setattr(QuerySet, "update_or_create", update_or_create)
    thread.beat()
    thread.beat()
    row = WorkerHeartbeat.objects.get()
    assert row.worker_id == "beating-worker" and row.pid == os.getpid() and thread.beats == 2
    assert worker_alive()


def test_worker_command_runs_the_queue_and_records_a_heartbeat():
    from django.core.management import call_command

    result = worker_tasks.echo.enqueue("f")
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "command-worker",
                 verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert WorkerHeartbeat.objects.filter(worker_id="command-worker").exists()


# --- A real outage on PostgreSQL -------------------------------------------------------------------


def _wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _status(result_id):
    return DBTaskResult.objects.filter(pk=result_id).values_list("status", flat=True).first()


def _set_connections_allowed(db, allowed):
    """Like a database restart as the worker sees it: open sessions are cut, new ones refused."""
    import psycopg

    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db.get("PASSWORD") or None,
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')
        if not allowed:  # every session of the test database but the test's own, the worker's included
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                          [db["NAME"], connection.connection.info.backend_pid])


WORKER_COMMAND = "worker"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts a PostgreSQL database off")
def test_worker_process_survives_a_database_outage_and_runs_what_was_queued_meanwhile(tmp_path):
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.operations.worker_settings",
           "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "CONN_MAX_AGE": "60"}
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "django", WORKER_COMMAND, "--queue-name", "*", "--interval", "0.2", "--no-reload",
         "--no-startup-delay", *(["--max-backoff", "1", "--heartbeat-interval", "1"] if WORKER_COMMAND == "worker"
                                 else [])],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        before = worker_tasks.echo.enqueue("before")
        assert _wait_for(lambda: _status(before.id) == "SUCCESSFUL", 30), "the worker did not start"

        _set_connections_allowed(db, False)
        try:
            during = worker_tasks.echo.enqueue("during the outage")  # accepted by the still open connection
            time.sleep(4)  # several reconnection attempts fail
            assert process.poll() is None, "the worker ended during the outage"
            assert _status(during.id) == "READY"
        finally:
            _set_connections_allowed(db, True)

        assert _wait_for(lambda: _status(during.id) == "SUCCESSFUL", 30), "the worker did not resume"
        assert process.poll() is None
        after = worker_tasks.echo.enqueue("after")
        assert _wait_for(lambda: _status(after.id) == "SUCCESSFUL", 30)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert process.returncode == 0, output
    assert "Database error in the task worker" in output
    assert "worker resumes" in output
    assert db.get("PASSWORD") in (None, "") or db["PASSWORD"] not in output
