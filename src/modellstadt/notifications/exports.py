"""A person's follows, notifications and e-mail setting for their data export (Meine Daten)."""

from modellstadt.notifications.models import Follow, Notification, NotificationSettings


def _when(value):
    return value.isoformat() if value else None


def export_follows(user):
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
    row = NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
    frequency = row.get_email_frequency_display()
    return "Einstellungen für Benachrichtigungen", [
        {"E-Mails zu Benachrichtigungen": str(frequency), "Geändert am": _when(row.updated) if row.pk else None}
    ]


EXPORTERS = [export_follows, export_notifications, export_notification_settings]
