"""A person's ideas, comments, supports and reports for their data export (Meine Daten)."""

from modellstadt.participation.models import Comment, Idea, Report, Support


def _when(value):
    return value.isoformat() if value else None


def export_ideas(user):
    rows = [
        {
            "Titel": idea.title,
            "Beschreibung": idea.description,
            "Verfahren": idea.process.title,
            "Kooperationsfeld": idea.field.title if idea.field_id else None,
            "Ort": idea.location_label,
            "Stand": idea.get_state_display(),
            "Eingereicht am": _when(idea.created),
            "Unterstützungen": idea.support_count,
        }
        for idea in Idea.objects.filter(author=user).select_related("process", "field").order_by("created", "id")
    ]
    return "Ideen", rows


def export_comments(user):
    rows = [
        {
            "Kommentar": comment.text,
            "Zu": str(comment.target),
            "Geschrieben am": _when(comment.created),
            "Bearbeitet am": _when(comment.edited_at),
            "Gelöscht am": _when(comment.deleted_at),
        }
        for comment in Comment.objects.filter(author=user)
        .select_related("idea", "project", "news_post")
        .order_by("created", "id")
    ]
    return "Kommentare", rows


def export_supports(user):
    rows = [
        {"Idee": support.idea.title, "Unterstützt am": _when(support.created)}
        for support in Support.objects.filter(user=user).select_related("idea").order_by("created", "id")
    ]
    return "Unterstützungen", rows


def export_reports(user):
    rows = [
        {"Grund": report.reason, "Gemeldet am": _when(report.created), "Erledigt am": _when(report.resolved_at)}
        for report in Report.objects.filter(reporter=user).order_by("created", "id")
    ]
    return "Meldungen", rows


def export_follows(user):
    from modellstadt.participation.models import Follow

    follows = list(Follow.objects.filter(user=user).select_related("content_type").order_by("created", "id"))
    rows = []
    for follow in follows:
        target = follow.target  # one query per follow; a person follows few things
        rows.append({
            "Art": str(follow.content_type.model_class()._meta.verbose_name) if follow.content_type.model_class()
            else follow.content_type.model,
            "Inhalt": str(target) if target is not None else None,
            "Gefolgt seit": _when(follow.created),
        })
    return "Folgen", rows


def export_notifications(user):
    from modellstadt.participation.models import Notification

    rows = [
        {
            "Art": n.get_kind_display(),
            "Titel": n.title,
            "Adresse": n.url,
            "Zeitpunkt": _when(n.created),
            "Gelesen am": _when(n.read_at),
            "Per E-Mail gesendet am": _when(n.emailed_at),
        }
        for n in Notification.objects.filter(user=user).order_by("created", "id")
    ]
    return "Benachrichtigungen", rows


def export_notification_settings(user):
    from modellstadt.participation.models import NotificationSettings

    row = NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
    frequency = row.get_email_frequency_display()
    return "Einstellungen für Benachrichtigungen", [
        {"E-Mails zu Benachrichtigungen": str(frequency), "Geändert am": _when(row.updated) if row.pk else None}
    ]


EXPORTERS = [
    export_ideas, export_comments, export_supports, export_reports,
    export_follows, export_notifications, export_notification_settings,
]
