from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "modellstadt.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # A person's data export (Meine Daten) includes what they wrote here.
        from modellstadt.accounts.services import register_exporters
        from modellstadt.moderation.exports import EXPORTERS

        register_exporters(EXPORTERS)
