from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "modellstadt.comments"
    label = "comments"
    verbose_name = _("Kommentare")

    def ready(self):
        # A person's data export (Meine Daten) includes what they wrote here.
        from modellstadt.accounts.services import register_exporters
        from modellstadt.comments.exports import EXPORTERS

        register_exporters(EXPORTERS)

        from modellstadt.comments import receivers

        receivers.connect()
