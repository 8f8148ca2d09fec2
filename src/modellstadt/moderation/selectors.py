"""Read queries of moderation: the queue (reports, pending and hidden contributions, blocked accounts),
the number of open items for the menu, an account's open block."""

from collections import OrderedDict
from typing import Any

from django.contrib.contenttypes.models import ContentType

from modellstadt.accounts.models import User
from modellstadt.comments.models import Comment
from modellstadt.ideas.models import Idea, Moderation
from modellstadt.moderation.models import AccountBlock, Report

HIDDEN_LIMIT = 50


def open_item_count() -> int:
    """Open items of the moderation queue: reported contributions, pending ideas and comments."""
    reported = (
        Report.objects.filter(resolved_at__isnull=True).values("content_type_id", "object_id").distinct().count()
    )
    pending = Idea.objects.filter(moderation=Moderation.PENDING).count()
    pending += Comment.objects.filter(moderation=Moderation.PENDING).count()
    return reported + pending


def _ideas_by_id(ids: list[int]) -> dict[int, Idea]:
    if not ids:
        return {}
    return {i.pk: i for i in Idea.objects.filter(pk__in=ids).select_related("process", "author")}


def _comments_by_id(ids: list[int]) -> dict[int, Comment]:
    if not ids:
        return {}
    return {
        c.pk: c for c in Comment.objects.filter(pk__in=ids).select_related("author", "idea", "project", "news_post")
    }


def pending_ideas() -> list[Idea]:
    """Ideas waiting for release, oldest first."""
    return list(
        Idea.objects.filter(moderation=Moderation.PENDING).select_related("process", "author").order_by("created", "id")
    )


def pending_comments() -> list[Comment]:
    """Comments waiting for release, oldest first."""
    return list(
        Comment.objects.filter(moderation=Moderation.PENDING)
        .select_related("author", "idea", "project", "news_post").order_by("created", "id")
    )


def open_reports() -> list[Report]:
    """Open reports, oldest first."""
    return list(Report.objects.filter(resolved_at__isnull=True).select_related("reporter").order_by("created", "id"))


def moderation_queue() -> dict[str, Any]:
    """Everything the queue shows, in a fixed number of queries (at most 8) whatever the number of items.

    ``reported``: one entry per reported contribution, oldest report first, with all its open reports;
    ``pending_ideas``, ``pending_comments``; ``hidden`` (the latest hidden contributions, for unhiding);
    ``blocks`` (open account blocks).
    """
    idea_type = ContentType.objects.get_for_model(Idea)
    comment_type = ContentType.objects.get_for_model(Comment)
    reports = open_reports()
    groups: OrderedDict[tuple[int, int], list[Report]] = OrderedDict()
    for report in reports:
        groups.setdefault((report.content_type_id, report.object_id), []).append(report)
    ideas = _ideas_by_id([oid for ct, oid in groups if ct == idea_type.pk])
    comments = _comments_by_id([oid for ct, oid in groups if ct == comment_type.pk])
    reported = []
    for (ct, oid), items in groups.items():
        obj = ideas.get(oid) if ct == idea_type.pk else comments.get(oid) if ct == comment_type.pk else None
        if obj is None:  # the contribution was deleted meanwhile
            continue
        reported.append({
            "kind": "idea" if ct == idea_type.pk else "comment", "obj": obj, "reports": items,
            "first": items[0].created,
        })
    waiting_ideas = pending_ideas()
    waiting_comments = pending_comments()
    hidden = [
        {"kind": "idea", "obj": i}
        for i in Idea.objects.filter(moderation=Moderation.HIDDEN).select_related("author").order_by("-updated", "-id")[
            :HIDDEN_LIMIT
        ]
    ] + [
        {"kind": "comment", "obj": c}
        for c in Comment.objects.filter(moderation=Moderation.HIDDEN)
        .select_related("author", "idea", "project", "news_post").order_by("-created", "-id")[:HIDDEN_LIMIT]
    ]
    blocks = list(
        AccountBlock.objects.filter(lifted_at__isnull=True).select_related("user", "blocked_by").order_by("-created")
    )
    return {
        "reported": reported, "pending_ideas": waiting_ideas, "pending_comments": waiting_comments,
        "hidden": hidden, "blocks": blocks,
        "open_count": len(reported) + len(waiting_ideas) + len(waiting_comments),
    }


def open_block(user: User) -> AccountBlock | None:
    return AccountBlock.objects.filter(user=user, lifted_at__isnull=True).first()
