"""Moderation and answers go into Wagtail's audit log (ModelLogEntry) with these actions.

The office sees them under Berichte → Protokoll in the back office, filterable by action.
The back office of participation (processes, answering ideas, the moderation queue) is registered
at the end of this module; its views live in ``admin_views`` and ``viewsets``.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from modellstadt.participation.permissions import can_answer, can_moderate
from modellstadt.participation.viewsets import ProcessViewSet

# action -> (label in the action filter, message in the log)
ACTIONS = {
    "modellstadt.answer": (_("Beteiligung: Idee beantworten"), _("Idee offiziell beantwortet")),
    "modellstadt.hide": (_("Beteiligung: ausblenden"), _("Beitrag ausgeblendet")),
    "modellstadt.unhide": (_("Beteiligung: wieder einblenden"), _("Beitrag wieder eingeblendet")),
    "modellstadt.release": (_("Beteiligung: freigeben"), _("Beitrag freigegeben")),
    "modellstadt.dismiss_reports": (_("Beteiligung: Meldungen schließen"), _("Meldungen ohne Maßnahme geschlossen")),
    "modellstadt.delete_comment": (_("Beteiligung: Kommentar löschen"), _("Kommentar durch Moderation gelöscht")),
    "modellstadt.block": (_("Beteiligung: Konto sperren"), _("Konto gesperrt")),
    "modellstadt.unblock": (_("Beteiligung: Konto entsperren"), _("Sperre des Kontos aufgehoben")),
}


class ParticipationLogFormatter(LogFormatter):
    """Shows the reason or justification a moderator gave beside the action."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_log_actions")
def register_participation_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        formatter = type(
            "_ParticipationFormatter", (ParticipationLogFormatter,), {"label": label, "message": message}
        )
        actions.register_action(action)(formatter)


# --- Back office: processes, answering ideas, moderation queue ---------------------------------------

register_snippet(ProcessViewSet)


@hooks.register("register_admin_urls")
def register_participation_admin_urls():
    from modellstadt.participation import admin_views

    return [path("beteiligung/", include((admin_views.urlpatterns, "participation_admin"),
                                         namespace="participation_admin"))]


class AnswerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_answer(request.user)


class ModerationMenuItem(MenuItem):
    """"Moderation" with the number of open items (one count per kind, only for moderators)."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        from modellstadt.participation.admin_views import open_item_count

        count = open_item_count()
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs={**self.attrs, "data-open-items": str(count)})


@hooks.register("register_admin_menu_item")
def register_answer_menu_item():
    return AnswerMenuItem(_("Ideen beantworten"), reverse("participation_admin:ideas"), name="participation-answer",
                          icon_name="help", order=231)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(_("Moderation"), reverse("participation_admin:moderation"),
                              name="participation-moderation", icon_name="warning", order=232)

from modellstadt.participation import dashboard as _dashboard  # noqa: E402,F401 - the office's open work
