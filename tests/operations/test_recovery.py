"""A task whose worker was killed mid-run does not stay "running" for ever: a worker puts it back when it
starts and every minute (once its heartbeat is stale), or marks it failed after too many lost runs."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from modellstadt.operations import worker as worker_module
from modellstadt.operations.models import WorkerHeartbeat
from modellstadt.operations.recovery import LOST_CLASS_PATH, recover_orphaned_tasks
from modellstadt.operations.selectors import failed_tasks
from tests.operations import worker_tasks
from tests.operations.worker_tasks import make_worker

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE = 120
    worker_tasks.runs.clear()


def left_running(value, *, by=("dead-worker",), started_ago=timedelta(minutes=5)):
    """A task claimed by ``by`` (the last one ran it) and never finished, as after a kill -9."""
    result = worker_tasks.echo.enqueue(value)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=list(by), started_at=timezone.now() - started_ago
    )
    return result.id


def heartbeat(worker_id, seen_ago):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=now - timedelta(hours=1), seen_at=now - seen_ago)


def row(result_id):
    return DBTaskResult.objects.get(pk=result_id)


def test_a_starting_worker_runs_again_what_a_dead_worker_left_running():
    heartbeat("dead-worker", seen_ago=timedelta(minutes=10))
    orphan = left_running("orphan")
    make_worker().run()
    task = row(orphan)
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["dead-worker", "live-worker"]
    assert worker_tasks.runs["orphan"] == 1


def test_tasks_of_a_worker_with_a_fresh_heartbeat_are_left_alone():
    heartbeat("busy-worker", seen_ago=timedelta(seconds=5))
    busy = left_running("long export", by=["busy-worker"], started_ago=timedelta(hours=2))
    assert recover_orphaned_tasks() == (0, 0)
    assert row(busy).status == "RUNNING"


def test_a_worker_restarted_under_the_same_id_takes_back_its_own_tasks():
    heartbeat("fixed-id", seen_ago=timedelta(seconds=1))  # the new process already beats under the old id
    own = left_running("own", by=["fixed-id"])
    make_worker(worker_id="fixed-id").run()
    assert row(own).status == "SUCCESSFUL"


def test_without_a_heartbeat_row_only_tasks_older_than_a_day_are_taken():
    recent = left_running("recent", by=["no-heartbeat"], started_ago=timedelta(hours=3))
    ancient = left_running("ancient", by=["no-heartbeat"], started_ago=timedelta(days=2))
    assert recover_orphaned_tasks() == (1, 0)
    assert row(recent).status == "RUNNING" and row(ancient).status == "READY"


def test_after_too_many_lost_runs_the_task_is_failed_with_a_readable_reason():
    heartbeat("w3", seen_ago=timedelta(minutes=10))
    lost = left_running("cursed", by=["w1", "w2", "w3"])
    assert recover_orphaned_tasks(max_attempts=3) == (0, 1)
    task = row(lost)
    assert task.status == "FAILED" and task.exception_class_path == LOST_CLASS_PATH and task.finished_at
    shown = failed_tasks()[0]
    assert "w3" in shown.summary and "3-mal" in shown.summary


def test_a_task_finished_meanwhile_is_not_touched(monkeypatch):
    """The owner stores its result between the look and the update: the conditional update misses."""
    from modellstadt.operations import recovery

    heartbeat("slow-worker", seen_ago=timedelta(minutes=10))
    done = left_running("done", by=["slow-worker"])
    looked = recovery.orphaned_tasks

    def look_then_finish(**kwargs):
        found = looked(**kwargs)
        DBTaskResult.objects.filter(pk=done).update(status="SUCCESSFUL", finished_at=timezone.now())
        return found

    monkeypatch.setattr(recovery, "orphaned_tasks", look_then_finish)
    assert recover_orphaned_tasks() == (0, 0)
    assert row(done).status == "SUCCESSFUL"


def test_the_worker_looks_again_every_interval_but_not_right_after_a_database_fault(monkeypatch, settings):
    calls = []
    monkeypatch.setattr(worker_module, "recover_orphaned_tasks", lambda **kw: calls.append(kw["own_worker_id"]))
    now = [1000.0]
    worker = make_worker(recover_seconds=60, clock=lambda: now[0])
    worker.recover_if_due()
    assert calls == ["live-worker"]  # at the start, its own earlier claims count too
    now[0] += 30
    worker.recover_if_due()
    assert len(calls) == 1
    now[0] += 31
    worker.recover_if_due()
    assert calls == ["live-worker", None]
    worker.database_failed(OperationalError("gone"))  # others' heartbeats may be stale only because of this
    now[0] += 61
    worker.recover_if_due()
    assert len(calls) == 2
    now[0] += settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE
    worker.recover_if_due()
    assert len(calls) == 3


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_worker_process_leaves_a_task_that_the_next_worker_finishes(settings, tmp_path):
    """The real thing: a `modellstadt worker` process is killed with SIGKILL in the middle of a task."""
    from django.db import connection

    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{connection.settings_dict['NAME']}"
    else:
        db = connection.settings_dict
        database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.operations.worker_settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "MODELLSTADT_VAR_DIR": str(tmp_path),
    }
    marker = tmp_path / "started"
    result = worker_tasks.sleeps.enqueue(str(marker), 60)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "worker",
            "--queue-name",
            "*",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
            "--worker-id",
            "doomed",
            "--heartbeat-interval",
            "1",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert marker.exists(), "the worker did not start the task"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert row(result.id).status == "RUNNING"  # what happens today without recovery: for ever

    settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE = 2
    time.sleep(3)  # the dead worker's heartbeat grows stale
    make_worker().run()  # the rerun finds the marker and returns at once
    task = row(result.id)
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["doomed", "live-worker"]
