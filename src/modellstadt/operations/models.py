"""What the operations app stores itself: the task workers' heartbeats (read by /readyz) and one row
per finished backup (for the office's "Betrieb" page).

Both live in the database (not a file on one machine) so every app server sees the same. A backup's
row is written after the backup folder is complete; a backup restored elsewhere therefore holds the
rows of earlier backups, not its own.
"""

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


class BackupRecord(models.Model):
    started_at = models.DateTimeField(_("Begonnen"))
    finished_at = models.DateTimeField(_("Fertig"), db_index=True)
    folder = models.CharField(_("Ordner"), max_length=500)
    database_vendor = models.CharField(_("Datenbank"), max_length=20)
    tables = models.PositiveIntegerField(_("Tabellen"), default=0)
    rows = models.PositiveBigIntegerField(_("Zeilen"), default=0)
    files = models.PositiveIntegerField(_("Dateien"), default=0)
    bytes = models.PositiveBigIntegerField(_("Bytes der Dateien"), default=0)

    class Meta:
        verbose_name = _("Sicherung")
        verbose_name_plural = _("Sicherungen")
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M} {self.folder}"
