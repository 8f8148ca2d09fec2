"""Compute indicator values from registered sources and record today's programme snapshot.

Run it once a month (or daily) from a timer, like `send_digests`; see docs/operator-guide.md."""

from django.core.management.base import BaseCommand

from modellstadt.progress import services


class Command(BaseCommand):
    help = "Berechnet Indikatorwerte aus registrierten Quellen und hält den Stand der Projekte fest."

    def handle(self, *args, **options):
        recorded, skipped = services.compute_values()
        snapshot = services.take_snapshot()
        for indicator, reason in skipped:
            self.stderr.write(f"{indicator.slug}: {reason}")
        self.stdout.write(f"{len(recorded)} Werte berechnet, {len(skipped)} übersprungen; Stand vom "
                          f"{snapshot.date:%d.%m.%Y} gespeichert.")
