"""``modellstadt backup DIR``: database, public media and private files with a manifest (operations/backup.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from modellstadt.operations.backup import BackupError, backup
from modellstadt.operations.services import record_backup


class Command(BaseCommand):
    help = "Back up database, media and private files with a manifest of counts and SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Target folder; if it is not empty, a timestamped sub-folder is used.")

    def handle(self, *args, directory, **options):
        try:
            folder, manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        record_backup(folder, manifest)  # the office's "Betrieb" page shows the last backup
        rows = sum(manifest["row_counts"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(_("Sicherung fertig / backup done: %(folder)s") % {"folder": folder})
        self.stdout.write(_("Datenbank / database: %(vendor)s, %(tables)s Tabellen / tables, %(rows)s Zeilen / rows")
                          % {"vendor": manifest["database"]["vendor"], "tables": len(manifest["row_counts"]),
                             "rows": rows})
        self.stdout.write(_("Dateien / files: %(files)s, %(bytes)s Bytes") % {"files": len(manifest["files"]),
                                                                             "bytes": size})
