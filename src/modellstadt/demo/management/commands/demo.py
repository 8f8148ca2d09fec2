import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modellstadt.demo.loader import PASSWORD_ENV, DemoError, load_demo, login_file


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Stadt #WolfsburgDigital (Themenfelder, Projekte, Partner, Gremien, Nachrichten, "
        "Konten). Mehrfaches Ausführen aktualisiert, ohne etwas doppelt anzulegen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Nichts tun, wenn die Startseite schon Kooperationsfelder hat (für den Start mit `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        try:
            result = load_demo(if_empty=if_empty)
        except DemoError as error:
            raise CommandError(str(error)) from error
        counts = result.counts
        if result.loaded:
            self.stdout.write(self.style.SUCCESS(
                f"Demo-Stadt #WolfsburgDigital geladen: {counts['fields']} Kooperationsfelder, "
                f"{counts['projects']} Projekte, {counts['organisations']} Organisationen, {counts['news']} "
                f"Nachrichten, {counts['bodies']} Gremien, {counts['decisions']} Beschlüsse."
            ))
        else:
            self.stdout.write(
                "Es gibt bereits Kooperationsfelder – die Demo-Stadt wird nicht geladen (--if-empty)."
            )
        self._print_logins(result.logins)

    def _print_logins(self, logins):
        if not logins:
            return
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(
            f"\nDemo-Konten – Anmeldung unter {base_url}/konto/login/; Programmbüro und Feldleitung arbeiten "
            f"in {base_url}/verwaltung/, die Partnervertretung in {base_url}/partnerbereich/:"
        )
        for username, password in logins:
            self.stdout.write(f"  Benutzername: {username:<24} Passwort: {password}")
        self.stdout.write(
            "Beim ersten Aufruf des Redaktionsbereichs richten Sie die Zwei-Faktor-Anmeldung ein "
            "(eine Authenticator-App wie FreeOTP, Aegis oder die des Smartphones)."
        )
        if login_file().exists():
            self.stdout.write(f"Die Zugangsdaten stehen auch in {login_file()} (nur für Sie lesbar).")
        if os.environ.get(PASSWORD_ENV):
            self.stdout.write(f"Neue Konten erhalten das Passwort aus {PASSWORD_ENV}.")
