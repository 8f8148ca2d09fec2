from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """What spans the whole site: the home page's content, search, legal and Leichte-Sprache pages and
    the portal skeleton. It sits on top of every other app and may import any of them."""

    name = "modellstadt.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from modellstadt.core.page_context import register
        from modellstadt.portal.selectors import home_context, home_invitation

        register("strategy.HomePage", home_context, in_fragments=True)
        register("strategy.HomePage", home_invitation)

        from modellstadt.portal import receivers

        receivers.connect()
