"""What the operations app stores itself: the task workers' heartbeats (read by /readyz)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running task worker, touched every few seconds while the worker lives.

    Kept in the database (not the cache) because every app server must see it and the worker cannot
    work without the database anyway; rows of workers gone for a day are removed at the next start.
    """

    worker_id = models.CharField(_("Worker-Kennung"), max_length=64, unique=True)
    hostname = models.CharField(_("Rechner"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("Prozessnummer"), null=True)
    started_at = models.DateTimeField(_("gestartet"))
    seen_at = models.DateTimeField(_("zuletzt gesehen"), db_index=True)

    class Meta:
        verbose_name = _("Lebenszeichen eines Task-Workers")
        verbose_name_plural = _("Lebenszeichen der Task-Worker")
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.worker_id} ({self.hostname})"
