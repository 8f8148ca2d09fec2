"""Daily housekeeping of uploads: delete idea images that belong to no idea (ideas/services.py)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from modellstadt.ideas.services import delete_orphaned_images


class Command(BaseCommand):
    help = (
        "Löscht hochgeladene Bilder zu Ideen, die zu keiner Idee (mehr) gehören und älter als einen Tag sind, "
        "samt Dateien und Vorschaubildern. Einmal am Tag ausführen; ein zweiter Lauf findet nichts mehr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours", type=int, default=24,
            help="Nur Bilder löschen, die vor mehr als so vielen Stunden hochgeladen wurden (Standard: 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, older_than_hours=24, dry_run=False, **options):
        if older_than_hours < 1:
            raise CommandError("--older-than-hours muss mindestens 1 sein.")
        count = delete_orphaned_images(older_than=datetime.timedelta(hours=older_than_hours), dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{count} verwaiste(s) Bild(er) gefunden, nichts gelöscht (--dry-run).")
        else:
            self.stdout.write(f"{count} verwaiste(s) Bild(er) gelöscht.")
