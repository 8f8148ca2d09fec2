"""Heartbeats of the task workers: a worker touches its row every few seconds; /readyz asks whether any
worker was seen recently.

The heartbeat runs in a thread of the worker process with its own database connection, so a task
that runs for minutes (a large dossier export) does not make the worker look dead.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from modellstadt.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
FORGET_AFTER = timedelta(days=1)


def record_heartbeat(worker_id, started_at=None):
    """Mark ``worker_id`` as alive now (one row per worker)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={"seen_at": now, "started_at": started_at or now,
                         "hostname": socket.gethostname()[:255], "pid": os.getpid()},
    )


def forget_stale_heartbeats(now=None):
    """Remove rows of workers not seen for a day (stopped or replaced workers)."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()[0]


def latest_heartbeat():
    """The time any worker was last seen, or None."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def worker_alive(now=None):
    """True when some worker was seen within MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE seconds."""
    now = now or timezone.now()
    seen = latest_heartbeat()
    return seen is not None and seen >= now - timedelta(seconds=settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE)


class HeartbeatThread(threading.Thread):
    """Records the worker's heartbeat every ``every`` seconds until ``stop()``; database errors are logged
    and the next beat tries again with a fresh connection."""

    def __init__(self, worker_id, every=HEARTBEAT_SECONDS):
        super().__init__(name=f"heartbeat-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.beats = 0
        self._stopped = threading.Event()

    def beat(self):
        try:
            record_heartbeat(self.worker_id, self.started_at)
            self.beats += 1
        except DatabaseError as error:
            logger.warning("Worker heartbeat not recorded: %s: %s", type(error).__name__, str(error).strip())
        finally:
            connection.close()  # this thread's own connection; a broken one must not be reused

    def run(self):
        try:
            forget_stale_heartbeats()
        except DatabaseError:
            logger.warning("Could not remove old worker heartbeats", exc_info=True)
        if self.beats:  # the worker recorded the first beat itself, before it started this thread
            self._stopped.wait(self.every)
        while not self._stopped.is_set():
            self.beat()
            self._stopped.wait(self.every)

    def stop(self):
        self._stopped.set()
