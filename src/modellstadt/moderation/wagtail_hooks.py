"""The moderation queue in the back office, and moderation's actions in Wagtail's audit log."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from modellstadt.core.log_actions import register_reason_actions
from modellstadt.moderation.permissions import can_moderate

# action -> (label in the action filter, message in the log)
ACTIONS = {
    "modellstadt.hide": (_("Beteiligung: ausblenden"), _("Beitrag ausgeblendet")),
    "modellstadt.unhide": (_("Beteiligung: wieder einblenden"), _("Beitrag wieder eingeblendet")),
    "modellstadt.release": (_("Beteiligung: freigeben"), _("Beitrag freigegeben")),
    "modellstadt.dismiss_reports": (_("Beteiligung: Meldungen schließen"), _("Meldungen ohne Maßnahme geschlossen")),
    "modellstadt.delete_comment": (_("Beteiligung: Kommentar löschen"), _("Kommentar durch Moderation gelöscht")),
    "modellstadt.block": (_("Beteiligung: Konto sperren"), _("Konto gesperrt")),
    "modellstadt.unblock": (_("Beteiligung: Konto entsperren"), _("Sperre des Kontos aufgehoben")),
}


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    register_reason_actions(actions, ACTIONS)


@hooks.register("register_admin_urls")
def register_moderation_admin_urls():
    from modellstadt.moderation import admin_views

    return [path("beteiligung/", include((admin_views.urlpatterns, "moderation_admin"), namespace="moderation_admin"))]


class ModerationMenuItem(MenuItem):
    """"Moderation" with the number of open items (one count per kind, only for moderators)."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        from modellstadt.moderation.selectors import open_item_count

        count = open_item_count()
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs={**self.attrs, "data-open-items": str(count)})


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(_("Moderation"), reverse("moderation_admin:moderation"),
                              name="participation-moderation", icon_name="warning", order=232)

from modellstadt.moderation import dashboard as _dashboard  # noqa: E402,F401 - the office's open work
