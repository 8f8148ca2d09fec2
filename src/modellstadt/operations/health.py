"""Health checks for load balancers and monitoring: /healthz (the process answers) and /readyz (it can serve).

/readyz also asks for a recent task worker heartbeat when MODELLSTADT_EXPECT_WORKER is on (the default):
without a worker, e-mails and exports wait in the queue unseen.

Each readiness check raises when its dependency cannot be used. The result names only the check and
"ok" or "failed"; the reason goes to the log, never into the response (it may hold host names).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from modellstadt.operations.backup import file_storages
from modellstadt.operations.heartbeat import worker_alive

logger = logging.getLogger(__name__)

PROBE_FOLDER = "_readyz"


class CheckFailed(Exception):
    pass


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise CheckFailed("SELECT 1 did not return 1")


def check_cache():
    """Every configured cache stores and returns a value."""
    for alias in settings.CACHES:
        cache = caches[alias]
        key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, 30)
        if cache.get(key) != value:
            raise CheckFailed(f"cache {alias!r} did not return what was stored")
        cache.delete(key)


def check_storage():
    """Every file storage (public media, private files) accepts, returns and deletes a small file."""
    for key, storage in file_storages().items():
        name = storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        try:
            with storage.open(name, "rb") as handle:
                if handle.read() != b"ok":
                    raise CheckFailed(f"storage {key!r} did not return what was stored")
        finally:
            storage.delete(name)


def check_migrations():
    """Every migration of this code is applied (a new release whose migrations have not run is not ready)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CheckFailed(f"{len(plan)} unapplied migrations")


def check_worker():
    """A task worker recorded a heartbeat within MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE seconds."""
    if not worker_alive():
        raise CheckFailed(f"no task worker heartbeat in the last {settings.MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE} s")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}


def active_checks():
    """The checks of this installation: the worker check only where a worker is expected."""
    if settings.MODELLSTADT_EXPECT_WORKER:
        return {**CHECKS, "worker": check_worker}
    return CHECKS


def readiness():
    """{check name: "ok" | "failed"}."""
    results = {}
    for name, check in active_checks().items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure makes the instance not ready; the log has the reason
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results
