"""Moderation and answers go into Wagtail's audit log (ModelLogEntry) with these actions.

The office sees them under Berichte → Protokoll in the back office, filterable by action.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

# action -> (label in the action filter, message in the log)
ACTIONS = {
    "modellstadt.answer": (_("Beteiligung: Idee beantworten"), _("Idee offiziell beantwortet")),
    "modellstadt.hide": (_("Beteiligung: ausblenden"), _("Beitrag ausgeblendet")),
    "modellstadt.unhide": (_("Beteiligung: wieder einblenden"), _("Beitrag wieder eingeblendet")),
    "modellstadt.release": (_("Beteiligung: freigeben"), _("Beitrag freigegeben")),
    "modellstadt.dismiss_reports": (_("Beteiligung: Meldungen schließen"), _("Meldungen ohne Maßnahme geschlossen")),
    "modellstadt.delete_comment": (_("Beteiligung: Kommentar löschen"), _("Kommentar durch Moderation gelöscht")),
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
