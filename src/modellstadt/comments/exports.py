"""A person's comments for their data export (Meine Daten)."""

from modellstadt.comments.models import Comment


def _when(value):
    return value.isoformat() if value else None


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


EXPORTERS = [export_comments]
