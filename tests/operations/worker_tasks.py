"""Tasks for the worker tests (importable by path, as the database queue stores them)."""

import logging
import time
from collections import Counter

from django.db import OperationalError
from django_tasks import task

runs = Counter()


@task()
def echo(value):
    runs[value] += 1
    return value


@task()
def fails_with_the_database(key, times=1):
    """Raises OperationalError on its first ``times`` runs, like a query cut off by a database restart."""
    runs[key] += 1
    if runs[key] <= times:
        raise OperationalError("terminating connection due to administrator command")
    return runs[key]


@task()
def fails(key):
    runs[key] += 1
    raise ValueError("not a database problem")


@task()
def logs(value):
    """Logs one line, to show which request and task the worker's records name."""
    logging.getLogger(__name__).warning("task says %s", value)
    runs[value] += 1
    return value


@task()
def sleeps(marker, seconds):
    """Writes ``marker`` and then sleeps ``seconds``; a second run (the marker exists) returns at once."""
    from pathlib import Path

    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        time.sleep(seconds)
    runs[marker] += 1
    return marker


def make_worker(**options):
    """A worker that runs the queue in this process without pauses or heartbeat waits."""
    from modellstadt.operations.worker import ResilientWorker

    return ResilientWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=options.pop("worker_id", "live-worker"),
        excluded_queue_names=[],
        heartbeat_seconds=0,
        sleep=lambda s: None,
        **options,
    )
