from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "modellstadt.participation"
    label = "participation"
    verbose_name = _("Beteiligung")

    def ready(self):
        # A person's data export (Meine Daten) includes their ideas, comments, supports and reports.
        from modellstadt.accounts.services import EXPORTERS, register_exporter
        from modellstadt.participation.exports import EXPORTERS as OURS

        for exporter in OURS:
            if exporter not in EXPORTERS:
                register_exporter(exporter)

        # Notifications about other apps' events (a project's new status update).
        from modellstadt.participation import signals

        signals.connect()

        # Cached anonymous pages show a comment (or its removal) at once, not after the cache time.
        from django.db.models.signals import post_save

        from modellstadt.participation.comment_views import retire_cached_pages

        post_save.connect(retire_cached_pages, sender="participation.Comment", dispatch_uid="comments-retire-pages")

        # Likewise an idea that was hidden, withdrawn, answered or edited (not on every support).
        from modellstadt.participation.views import retire_cached_pages as retire_for_ideas

        post_save.connect(retire_for_ideas, sender="participation.Idea", dispatch_uid="ideas-retire-pages")
