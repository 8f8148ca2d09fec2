"""The programme office's back office for progress: indicators (with targets), values and CSV import,
districts and the place list, the self-assessment, and council reports – grouped under "Fortschritt"."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from modellstadt.progress import services
from modellstadt.progress.models import Assessment, CouncilReport, District, Indicator, Place, SmartCityArea

LOG_ACTIONS = {
    "modellstadt.progress_value": (_("Fortschritt: Wert erfasst"), _("Wert eines Indikators erfasst")),
    "modellstadt.progress_import": (_("Fortschritt: Werte importiert"), _("Werte aus CSV-Datei importiert")),
    "modellstadt.progress_report_freeze": (_("Fortschritt: Bericht festgeschrieben"),
                                           _("Sachstandsbericht festgeschrieben")),
}


class ProgressLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        data = log_entry.data or {}
        if "date" in data:
            return f"{data['date']}: {data.get('value', '')}"
        if "created" in data:
            return _("%(c)s neu, %(u)s geändert") % {"c": data["created"], "u": data["updated"]}
        return ""


@hooks.register("register_log_actions")
def register_progress_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        formatter = type("_ProgressFormatter", (ProgressLogFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "chart"
    menu_label = _("Indikatoren")
    name = "progress_indicators"
    list_display = ["name", "field", "status", "latest_date", "values_admin_link"]
    list_filter = ["field", "status"]
    search_fields = ["name"]
    ordering = ["field__number", "order", "name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = _("Stadtteile")
    name = "progress_districts"
    list_display = ["name", "latitude", "longitude"]
    search_fields = ["name"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "pick"
    menu_label = _("Ortsverzeichnis")
    name = "progress_places"
    list_display = ["name", "district"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = SmartCityArea
    icon = "list-ul"
    menu_label = _("Bewertungskriterien")
    name = "progress_areas"
    list_display = ["name", "order"]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Selbstbewertungen")
    name = "progress_assessments"
    list_display = ["title", "date", "is_public"]


class ReportViewSet(SnippetViewSet):
    model = CouncilReport
    icon = "doc-full"
    menu_label = _("Sachstandsberichte")
    name = "progress_reports"
    list_display = ["title", "period_start", "period_end", "state", "admin_link"]


class ProgressGroup(SnippetViewSetGroup):
    menu_label = _("Fortschritt")
    menu_icon = "chart"
    menu_order = 260
    items = (IndicatorViewSet, DistrictViewSet, PlaceViewSet, AreaViewSet, AssessmentViewSet, ReportViewSet)

    def get_submenu_items(self):
        from django.urls import reverse
        from wagtail.admin.menu import MenuItem

        items = super().get_submenu_items()
        items.insert(1, MenuItem(_("Werte importieren (CSV)"), reverse("progress_admin:import"), icon_name="upload",
                                 name="progress-import", order=101))
        items.append(MenuItem(_("Fortschritt in Bewerbung übernehmen"), reverse("progress_admin:dossier"),
                              icon_name="doc-full-inverse", name="progress-dossier", order=900))
        return items


register_snippet(ProgressGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_after_edit(request, instance):
    # Targets are inline rows saved after the indicator itself, so the summary is refreshed here.
    if isinstance(instance, Indicator):
        services.refresh_indicator(instance)


@hooks.register("register_admin_urls")
def register_progress_admin_urls():
    from modellstadt.progress import admin_views

    return [path("fortschritt/", include((admin_views.urlpatterns, "progress_admin"), namespace="progress_admin"))]
