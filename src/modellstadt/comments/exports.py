"""A person's comments for their data export (Meine Daten)."""

from modellstadt.comments.models import Comment


def _when(value):
    return value.isoformat() if value else None


def _hide_reasons(comments):
    """{comment id: [{Zeitpunkt, Grund}]} of every time moderators hid one of ``comments`` (audit log)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    reasons = {}
    if not comments:
        return reasons
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), action="modellstadt.hide",
        object_id__in=[str(comment.pk) for comment in comments],
    ).order_by("timestamp", "id")
    for entry in entries:
        reasons.setdefault(int(entry.object_id), []).append(
            {"Zeitpunkt": _when(entry.timestamp), "Grund": (entry.data or {}).get("reason") or None}
        )
    return reasons


def export_comments(user):
    comments = list(
        Comment.objects.filter(author=user).select_related("idea", "project", "news_post").order_by("created", "id")
    )
    hidden = _hide_reasons(comments)
    rows = [
        {
            "Kommentar": comment.text,
            "Zu": str(comment.target),
            "Geschrieben am": _when(comment.created),
            "Bearbeitet am": _when(comment.edited_at),
            "Gelöscht am": _when(comment.deleted_at),
            "Moderation": comment.get_moderation_display(),
            "Grund für das Ausblenden": comment.hidden_reason or None,
            "Ausgeblendet (Verlauf)": hidden.get(comment.pk, []),
        }
        for comment in comments
    ]
    return "Kommentare", rows


EXPORTERS = [export_comments]
