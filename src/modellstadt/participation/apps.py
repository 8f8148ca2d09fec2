from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "modellstadt.participation"
    label = "participation"
    verbose_name = _("Beteiligung")

    def ready(self):
        # A person's data export (Meine Daten) includes their ideas, comments, supports and reports.
        from modellstadt.accounts.services import EXPORTERS, register_exporter
        from modellstadt.participation.exports import EXPORTERS as OURS

        for exporter in OURS:
            if exporter not in EXPORTERS:
                register_exporter(exporter)

        # Notifications about other apps' events (a project's new status update), and the anonymous page
        # cache retired when what the public sees changes.
        from modellstadt.participation import signals

        signals.connect()
