"""What the operations app remembers: one row per finished backup, for the office's "Betrieb" page.

The row lives in the database (not a file on one machine) so every app server shows the same last
backup. It is written after the backup folder is complete; a backup restored elsewhere therefore
holds the rows of earlier backups, not its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
