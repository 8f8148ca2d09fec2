from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "modellstadt.strategy"
    label = "strategy"
    verbose_name = _("Strategie")

    def ready(self):
        from modellstadt.strategy import signals  # noqa: F401 - every new field gets its lead group
