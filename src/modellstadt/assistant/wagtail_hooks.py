"""The assistant in the back office: its pages under /verwaltung/assistent/, a menu item for the
office, and its actions in Wagtail's audit log."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from modellstadt.assistant.sources import can_answer

ACTIONS = {
    "modellstadt.assistant_field": (_("Assistent: Feld entschieden"), _("Kooperationsfeld bestätigt oder korrigiert")),
    "modellstadt.assistant_link": (_("Assistent: Dublette verknüpft"), _("Als Dublette verknüpft")),
    "modellstadt.assistant_merge": (_("Assistent: Ideen zusammengeführt"), _("Mit einer anderen Idee zusammengeführt")),
}


class AssistantLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or data.get("field", "")


@hooks.register("register_log_actions")
def register_assistant_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        formatter = type("_AssistantFormatter", (AssistantLogFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)


@hooks.register("register_admin_urls")
def register_assistant_admin_urls():
    from modellstadt.assistant import admin_views

    return [path("assistent/", include((admin_views.urlpatterns, "assistant_admin"), namespace="assistant_admin"))]


class AssistantMenuItem(MenuItem):
    def is_shown(self, request):
        return can_answer(request.user)


@hooks.register("register_admin_menu_item")
def register_assistant_menu_item():
    return AssistantMenuItem(_("Ideen-Assistent"), reverse("assistant_admin:overview"), name="assistant",
                             icon_name="wagtail", order=233)
