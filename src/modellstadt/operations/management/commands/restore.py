"""``modellstadt restore DIR``: restore a backup onto an empty installation and verify it against the manifest."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from modellstadt.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by 'backup' onto an empty installation and verify counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The backup folder (the one holding manifest.json).")
        parser.add_argument("--force", action="store_true",
                            help="Restore even though the installation already has accounts (replaces the database).")

    def handle(self, *args, directory, force, **options):
        try:
            report = restore(directory, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Wiederhergestellt / restored: %(tables)s Tabellen / tables, %(rows)s Zeilen / rows, "
                            "%(files)s Dateien / files (%(bytes)s Bytes)")
                          % {"tables": report.tables, "rows": report.rows, "files": report.files,
                             "bytes": report.bytes})
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(_("Prüfung fehlgeschlagen / verification failed: %(count)s Abweichungen / mismatches")
                               % {"count": len(report.problems)})
        self.stdout.write(_("Prüfung bestanden / verified: Zeilen und Prüfsummen stimmen mit dem Manifest überein."))
