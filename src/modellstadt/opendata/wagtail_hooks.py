"""The open data platform in the back office: datasets and access requests as viewsets under
"Offene Daten", and the labels of the app's audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from modellstadt.opendata import services
from modellstadt.opendata.models import AccessRequest, Dataset


class EditOnlyPolicy(ModelPermissionPolicy):
    """Datasets and requests are created through services (partner area, API), never in the back office."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Dataset, EditOnlyPolicy(Dataset))
register_permission_policy(AccessRequest, EditOnlyPolicy(AccessRequest))


class DatasetViewSet(ModelViewSet):
    model = Dataset
    icon = "table"
    menu_label = _("Datensätze")
    add_to_admin_menu = False
    list_display = ["title", "publisher", "state", "access_level", "modified"]
    list_filter = ["state", "access_level", "publisher"]
    search_fields = ["title", "description"]
    # Publishing, uploads and the personal-data confirmation go through services (partner area at
    # /partnerbereich/daten/, which shows the office every organisation); here only what needs no rule.
    form_fields = ["editorial_note", "fields", "projects"]
    copy_view_enabled = False


class AccessRequestViewSet(ModelViewSet):
    model = AccessRequest
    icon = "lock"
    menu_label = _("Zugangsanträge")
    add_to_admin_menu = False
    list_display = ["dataset", "user", "state", "requested_at", "valid_until"]
    list_filter = ["state"]
    form_fields = ["reason"]  # decisions through services (the dataset's page in the partner area)
    copy_view_enabled = False


class OpenDataGroup(ViewSetGroup):
    menu_label = _("Offene Daten")
    menu_icon = "table"
    menu_order = 220
    items = (DatasetViewSet("opendata_datasets"), AccessRequestViewSet("opendata_access"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OpenDataGroup()


# action -> (label in the log's action filter, message in the log)
OPENDATA_LOG_ACTIONS = {
    services.ACTION_SAVE: (_("Daten: Datensatz gespeichert"), _("Datensatz gespeichert")),
    services.ACTION_PUBLISH: (_("Daten: Datensatz veröffentlicht"), _("Datensatz veröffentlicht")),
    services.ACTION_REVIEW: (_("Daten: zur Prüfung eingereicht"), _("Datensatz zur Prüfung eingereicht")),
    services.ACTION_UNPUBLISH: (_("Daten: Veröffentlichung zurückgezogen"), _("Veröffentlichung zurückgezogen")),
    services.ACTION_UPLOAD: (_("Daten: neue Version hochgeladen"), _("Neue Datenversion hochgeladen")),
    services.ACTION_ROWS: (_("Daten: Zeilen über die API geschrieben"), _("Zeilen über die API geschrieben")),
    services.ACTION_ACCESS: (_("Daten: Zugang beantragt oder entschieden"),
                             _("Datenzugang beantragt oder entschieden")),
}


class OpenDataLogFormatter(LogFormatter):
    """Shows what changed (distribution, version, person, reason) beside the action."""

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        parts = [data.get("title"), data.get("distribution"), data.get("version") and f"v{data['version']}",
                 data.get("event"), data.get("person"), data.get("reason")]
        return " · ".join(str(p) for p in parts if p)


@hooks.register("register_log_actions")
def register_opendata_log_actions(actions):
    for action, (label, message) in OPENDATA_LOG_ACTIONS.items():
        formatter = type("_OpenDataFormatter", (OpenDataLogFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)
