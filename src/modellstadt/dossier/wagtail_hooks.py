"""Back office for calls and dossiers: the "Bewerbungen" menu, the call editor (a snippet with its
themes, requirements, scoring criteria and deadlines inline), the dossier pages and the audit-log
actions for freezing and exporting."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from modellstadt.dossier import urls as dossier_urls
from modellstadt.dossier.models import Call
from modellstadt.dossier.services import EXPORT_ACTION, FREEZE_ACTION


class CallViewSet(SnippetViewSet):
    model = Call
    icon = "doc-full-inverse"
    menu_label = _("Ausschreibungen")
    add_to_admin_menu = False
    list_display = ["title", "organiser", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "organiser"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("organiser"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("url"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("min_population"), FieldPanel("max_population")]),
             FieldPanel("eligibility_notes")],
            heading=_("Teilnahmebedingungen"),
        ),
        InlinePanel("deadlines", heading=_("Fristen"), label=_("Frist"),
                    panels=[FieldRowPanel([FieldPanel("label"), FieldPanel("due")])]),
        InlinePanel("themes", heading=_("Themenfelder der Ausschreibung"), label=pgettext_lazy("call", "Themenfeld"),
                    panels=[FieldRowPanel([FieldPanel("number"), FieldPanel("title")]), FieldPanel("description")]),
        InlinePanel("requirements", heading=_("Anforderungen"), label=_("Anforderung"),
                    panels=[FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]), FieldPanel("title"),
                            FieldPanel("description")]),
        InlinePanel("criteria", heading=_("Bewertungskriterien"), label=_("Kriterium"),
                    panels=[FieldRowPanel([FieldPanel("title"), FieldPanel("max_points"), FieldPanel("order")]),
                            FieldPanel("description")]),
        MultiFieldPanel(
            [FieldPanel("status"), FieldRowPanel([FieldPanel("submitted_on"), FieldPanel("decided_on")]),
             FieldPanel("notes")],
            heading=_("Ergebnis"),
        ),
        FieldPanel("editorial_note"),
    ]


register_snippet(CallViewSet)


@hooks.register("register_admin_urls")
def register_dossier_urls():
    return [path("dossiers/", include((dossier_urls.urlpatterns, "dossier_admin"), namespace="dossier_admin"))]


class OfficeMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class OfficeSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("dossier.change_dossier") or request.user.has_perm("dossier.change_call")


@hooks.register("register_admin_menu_item")
def register_dossier_menu():
    menu = Menu(items=[
        OfficeMenuItem(_("Bewerbungen"), reverse("dossier_admin:index"), icon_name="doc-full", order=100,
                       permission="dossier.change_dossier"),
        OfficeMenuItem(_("Ausschreibungen"), reverse("wagtailsnippets_dossier_call:list"),
                       icon_name="doc-full-inverse", order=200, permission="dossier.change_call"),
    ])
    return OfficeSubmenu(_("Bewerbungen"), menu, icon_name="doc-full", name="bewerbungen", order=230)


ACTIONS = {
    FREEZE_ACTION: (_("Bewerbung: einfrieren"), _("Bewerbung eingereicht und als Version eingefroren")),
    EXPORT_ACTION: (_("Bewerbung: exportieren"), _("Bewerbung als PDF/DOCX exportiert")),
}


class DossierLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        data = log_entry.data or {}
        if "version" in data:
            return _("Version %(version)s, SHA-256 %(sha256)s") % {
                "version": data["version"], "sha256": data.get("sha256", "")
            }
        return ""


@hooks.register("register_log_actions")
def register_dossier_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        formatter = type("_DossierFormatter", (DossierLogFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)

from modellstadt.dossier import dashboard as _dashboard  # noqa: E402,F401 - the office's open work
