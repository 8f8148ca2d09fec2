"""Read queries of moderation: what waits for release, open reports, an account's open block."""

from modellstadt.comments.models import Comment
from modellstadt.ideas.models import Idea, Moderation
from modellstadt.moderation.models import AccountBlock, Report


def pending_ideas():
    return list(
        Idea.objects.filter(moderation=Moderation.PENDING)
        .select_related("process", "field", "author", "organisation")
        .order_by("created", "id")
    )


def pending_comments():
    return list(
        Comment.objects.filter(moderation=Moderation.PENDING)
        .select_related("author", "idea", "project", "news_post")
        .order_by("created", "id")
    )


def open_reports():
    """Open reports, oldest first, each with its ``target`` (idea or comment) prefetched."""
    return list(
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("content_type", "reporter")
        .prefetch_related("target")
        .order_by("created", "id")
    )


def open_block(user):
    return AccountBlock.objects.filter(user=user, lifted_at__isnull=True).first()
