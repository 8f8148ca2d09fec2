from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "modellstadt.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self):
        from django.core.checks import register

        from modellstadt.core import cache  # noqa: F401 - connects the page cache invalidation
        from modellstadt.core.guards import check_rate_limits

        register(check_rate_limits)
