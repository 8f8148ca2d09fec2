"""Writes of the operations app: recording a finished backup, retrying a failed task."""

import dataclasses

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from modellstadt.operations.models import BackupRecord
from modellstadt.operations.selectors import RETRY_ACTION


class OperationsError(Exception):
    """An operation of the office cannot be done; the message says why (German)."""


def record_backup(folder, manifest):
    """One BackupRecord for a finished backup (``modellstadt backup``), from its manifest."""
    return BackupRecord.objects.create(
        started_at=parse_datetime(manifest["created"]),
        finished_at=parse_datetime(manifest["finished"]),
        folder=str(folder)[:500],
        database_vendor=manifest["database"]["vendor"],
        tables=len(manifest["row_counts"]),
        rows=sum(manifest["row_counts"].values()),
        files=len(manifest["files"]),
        bytes=sum(entry["size"] for entry in manifest["files"]),
    )


@transaction.atomic
def retry_task(*, user, result_id):
    """Enqueue a failed task again with the same arguments, once per failed run; audit-logged.

    Returns the new task result. The failed row stays as it is (its error remains visible)."""
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
