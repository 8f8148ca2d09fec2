"""Reads for the "Betrieb" page: the task queue (django-tasks-db's DBTaskResult), failed tasks, the last backup.

Each function is one query whatever the size of the queue.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.models import ModelLogEntry

from modellstadt.operations.models import BackupRecord

RETRY_ACTION = "modellstadt.task_retry"
FAILED_SHOWN = 10
SUMMARY_CHARS = 300
ARGUMENTS_CHARS = 120

READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"


@dataclass(frozen=True)
class QueueState:
    waiting: int  # ready to run now
    scheduled: int  # ready, but only later (run_after in the future)
    running: int
    failed: int
    successful: int
    oldest_waiting_since: datetime | None

    @property
    def oldest_waiting_seconds(self) -> int | None:
        if self.oldest_waiting_since is None:
            return None
        return max(0, int((timezone.now() - self.oldest_waiting_since).total_seconds()))


def queue_state() -> QueueState:
    """Counts per status and since when the longest-waiting task that could run waits (one query).

    A task without a start time waits since it was enqueued; one with a start time since that time."""
    now = timezone.now()
    never = get_date_max()
    due = Q(status=READY) & (Q(run_after=never) | Q(run_after__lte=now))
    figures = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=due),
        scheduled=Count("pk", filter=Q(status=READY, run_after__gt=now) & ~Q(run_after=never)),
        running=Count("pk", filter=Q(status=RUNNING)),
        failed=Count("pk", filter=Q(status=FAILED)),
        successful=Count("pk", filter=Q(status=SUCCESSFUL)),
        oldest_enqueued=Min("enqueued_at", filter=due & Q(run_after=never)),
        oldest_due=Min("run_after", filter=due & ~Q(run_after=never)),
    )
    oldest = [moment for moment in (figures.pop("oldest_enqueued"), figures.pop("oldest_due")) if moment]
    return QueueState(oldest_waiting_since=min(oldest) if oldest else None, **figures)


def error_summary(result: DBTaskResult) -> str:
    """The exception's last line ("ValueError: …"), shortened; the full traceback stays in the database."""
    lines = [line.strip() for line in (result.traceback or "").strip().splitlines() if line.strip()]
    summary = lines[-1] if lines else result.exception_class_path or "?"
    return summary if len(summary) <= SUMMARY_CHARS else summary[: SUMMARY_CHARS - 1] + "…"


def arguments_text(result: DBTaskResult) -> str:
    args_kwargs = result.args_kwargs or {}
    parts = [json.dumps(value, ensure_ascii=False) for value in args_kwargs.get("args", [])]
    parts += [f"{name}={json.dumps(value, ensure_ascii=False)}"
              for name, value in args_kwargs.get("kwargs", {}).items()]
    text = ", ".join(parts)
    return text if len(text) <= ARGUMENTS_CHARS else text[: ARGUMENTS_CHARS - 1] + "…"


@dataclass(frozen=True)
class FailedTask:
    id: str
    name: str
    arguments: str
    finished_at: datetime | None
    summary: str
    retried: bool


def failed_tasks(limit: int = FAILED_SHOWN) -> list[FailedTask]:
    """The latest failed tasks with their error summary and whether they were already retried (two queries)."""
    rows = list(DBTaskResult.objects.failed().order_by("-finished_at")[:limit])
    retried = set()
    if rows:
        retried = set(
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(DBTaskResult),  # cached after the first use
                action=RETRY_ACTION, object_id__in=[str(row.pk) for row in rows],
            ).values_list("object_id", flat=True)
        )
    return [
        FailedTask(id=str(row.pk), name=row.task_path.rsplit(".", 1)[-1], arguments=arguments_text(row),
                   finished_at=row.finished_at, summary=error_summary(row), retried=str(row.pk) in retried)
        for row in rows
    ]


def last_backup() -> BackupRecord | None:
    return BackupRecord.objects.order_by("-finished_at").first()
