from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "modellstadt.partners"
    label = "partners"
    verbose_name = _("Partner")

    def ready(self):
        # A person's data export (Meine Daten) includes their memberships, letters and pledges.
        from modellstadt.accounts.services import EXPORTERS, register_exporter
        from modellstadt.partners.exports import export_partner_data

        if export_partner_data not in EXPORTERS:
            register_exporter(export_partner_data)
