"""Daily housekeeping of the open data platform: tell people whose access to restricted data ends soon."""

from django.core.management.base import BaseCommand

from modellstadt.opendata.services import notify_expiring_access


class Command(BaseCommand):
    help = "Benachrichtigt Personen, deren Zugang zu eingeschränkten Daten in 7 Tagen endet (einmal je Zugang)."

    def handle(self, *args, **options):
        sent = notify_expiring_access()
        self.stdout.write(f"{sent} Benachrichtigung(en) vorgemerkt.")
