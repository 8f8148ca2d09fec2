from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from modellstadt.accounts.roles import ensure_field_lead_group, ensure_office_group
from modellstadt.portal.services import ensure_portal_structure
from modellstadt.strategy.models import CooperationFieldPage


class Command(BaseCommand):
    help = (
        "Legt das Gerüst des Portals an (Startseite mit festen Bereichen), die Gruppe Programmbüro mit "
        "Freigabe-Workflow und je Kooperationsfeld eine Feldleitungs-Gruppe. Kann gefahrlos wiederholt "
        "werden; vorhandene Seiten bleiben unverändert."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", default="Modellstadt", help="Name der Stadt (nur für eine neue Startseite).")
        parser.add_argument(
            "--programme", default="",
            help="Name des Programms, z. B. „Digitale Musterstadt“ (nur für eine neue Startseite).",
        )
        parser.add_argument("--hostname", default="", help="Host-Name der Website, z. B. modellstadt.example.de.")
        parser.add_argument("--port", type=int, default=443, help="Port der öffentlichen Adresse (Standard 443).")

    @transaction.atomic
    def handle(self, *args, city, programme, hostname, port, **options):
        home = ensure_portal_structure(city=city, programme_name=programme or f"Digitale {city}")
        office = ensure_office_group(home)
        self.stdout.write(f"Startseite: {home.title}; Gruppe: {office.name}")
        for field in CooperationFieldPage.objects.all():
            self.stdout.write(f"Gruppe: {ensure_field_lead_group(field).name}")
        if hostname:
            Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
            self.stdout.write(f"Website-Adresse: {hostname}:{port}")
