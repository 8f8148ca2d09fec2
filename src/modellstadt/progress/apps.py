from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "modellstadt.progress"
    label = "progress"
    verbose_name = _("Fortschritt")

    def ready(self):
        from modellstadt.progress import signals

        signals.connect()
