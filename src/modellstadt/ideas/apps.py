from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "modellstadt.ideas"
    label = "ideas"
    verbose_name = _("Ideen")

    def ready(self):
        # A person's data export (Meine Daten) includes what they wrote here.
        from modellstadt.accounts.services import register_erasers, register_exporters, register_file_exporters
        from modellstadt.ideas.exports import ERASERS, EXPORTERS, FILE_EXPORTERS

        register_exporters(EXPORTERS)
        register_file_exporters(FILE_EXPORTERS)
        # Deleting an account deletes the images of the person's ideas.
        register_erasers(ERASERS)

        # The anonymous page cache is retired when what the public sees of ideas and processes changes.
        from modellstadt.ideas import receivers

        receivers.connect()
