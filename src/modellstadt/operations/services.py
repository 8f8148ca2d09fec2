"""Writes of the operations app: recording a finished backup, retrying a failed task."""

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_tasks_db.compat import BaseTaskResult
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from modellstadt.accounts.models import User
from modellstadt.operations.models import BackupRecord
from modellstadt.operations.selectors import RETRY_ACTION


class OperationsError(Exception):
    """An operation of the office cannot be done; the message says why (German)."""


def _moment(text: str) -> datetime:
    """A manifest time; the backup writes them with isoformat(), so None means a damaged manifest."""
    moment = parse_datetime(text)
    if moment is None:
        raise ValueError(f"Not a date and time in the backup manifest: {text!r}")
    return moment


# Any: the manifest is JSON written by operations.backup.backup(), whose shape is owned there.
def record_backup(folder: Path | str, manifest: Mapping[str, Any]) -> BackupRecord:
    """One BackupRecord for a finished backup (``modellstadt backup``), from its manifest."""
    return BackupRecord.objects.create(
        started_at=_moment(manifest["created"]),
        finished_at=_moment(manifest["finished"]),
        folder=str(folder)[:500],
        database_vendor=manifest["database"]["vendor"],
        tables=len(manifest["row_counts"]),
        rows=sum(manifest["row_counts"].values()),
        files=len(manifest["files"]),
        bytes=sum(entry["size"] for entry in manifest["files"]),
    )


@transaction.atomic
def retry_task(*, user: User, result_id: str) -> BaseTaskResult[Any, Any]:
    """Enqueue a failed task again with the same arguments, once per failed run; audit-logged.

    Returns the new task result (typed through django-tasks-db's compat name for Django's or
    django-tasks' TaskResult, whichever is installed). The failed row stays as it is (its error remains visible)."""
    failed = DBTaskResult.objects.select_for_update().filter(pk=result_id, status="FAILED").first()
    if failed is None:
        raise OperationsError(_("Diese fehlgeschlagene Aufgabe gibt es nicht (mehr)."))
    already = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(DBTaskResult), object_id=str(failed.pk), action=RETRY_ACTION,
    ).exists()
    if already:
        raise OperationsError(_("Diese Aufgabe wurde bereits erneut ausgeführt."))
    try:
        task = failed.task
    except (ImportError, SuspiciousOperation):
        raise OperationsError(
            _("Die Aufgabe „%(name)s“ gibt es in dieser Version nicht mehr.") % {"name": failed.task_path}
        ) from None
    task = dataclasses.replace(task, run_after=None)  # now, not at the failed run's original time
    arguments = failed.args_kwargs or {}
    result = task.enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
    log(instance=failed, action=RETRY_ACTION, user=user,
        title=_("Aufgabe %(name)s") % {"name": failed.task_path.rsplit(".", 1)[-1]},
        data={"task": failed.task_path, "new_id": str(result.id)})
    return result
