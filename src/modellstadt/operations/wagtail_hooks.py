"""The "Betrieb" page in the back office: its URLs, a menu item for the office and the audit-log action."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from modellstadt.operations.permissions import can_operate
from modellstadt.operations.selectors import RETRY_ACTION


@hooks.register("register_admin_urls")
def register_operations_admin_urls():
    from modellstadt.operations import admin_views

    return [path("betrieb/", include((admin_views.urlpatterns, "operations_admin"), namespace="operations_admin"))]


class OperationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_operate(request.user)


@hooks.register("register_admin_menu_item")
def register_operations_menu_item():
    return OperationsMenuItem(_("Betrieb"), reverse("operations_admin:overview"), name="betrieb",
                              icon_name="cogs", order=9000)


class TaskRetryFormatter(LogFormatter):
    label = _("Betrieb: Aufgabe erneut ausgeführt")
    message = _("Fehlgeschlagene Aufgabe erneut eingereiht")

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("task", "")


@hooks.register("register_log_actions")
def register_operations_log_actions(actions):
    actions.register_action(RETRY_ACTION)(TaskRetryFormatter)
