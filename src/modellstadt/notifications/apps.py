from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "modellstadt.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self):
        # A person's data export (Meine Daten) includes what they wrote here.
        from modellstadt.accounts.services import register_exporters
        from modellstadt.notifications.exports import EXPORTERS

        register_exporters(EXPORTERS)

        # Deleting an account takes the person's name out of other people's notifications.
        from modellstadt.accounts.services import register_erasers
        from modellstadt.notifications.services import ERASERS

        register_erasers(ERASERS)

        # A project's new status update, an answered idea, a published comment.
        from modellstadt.notifications import receivers

        receivers.connect()
