from django.core.management.base import BaseCommand

from modellstadt.notifications.services import send_digests


class Command(BaseCommand):
    help = (
        "Sendet die tägliche Zusammenfassung der Benachrichtigungen an alle, die sie gewählt haben. "
        "Einmal am Tag ausführen (z. B. per Cron); ein zweiter Lauf sendet nichts doppelt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Nicht selbst senden, sondern als Hintergrundaufgabe in die Warteschlange stellen.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from modellstadt.notifications.tasks import send_digests as task

            result = task.enqueue()
            self.stdout.write(f"Aufgabe {result.id} eingereiht.")
            return
        emails, items = send_digests()
        self.stdout.write(f"{emails} Zusammenfassung(en) mit {items} Benachrichtigung(en) gesendet.")
