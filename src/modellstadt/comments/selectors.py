"""Read queries of comments: a thread is one query grouped in Python."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from modellstadt.comments.models import Comment, comment_target_field
from modellstadt.ideas.models import Idea, Moderation
from modellstadt.ideas.permissions import Person

# The target kinds in URLs (/kommentare/neu/<kind>/<pk>/) and the Comment field each one fills.
KINDS = {"idee": "idea", "projekt": "project", "nachricht": "news_post"}
KIND_OF_FIELD = {field: kind for kind, field in KINDS.items()}

# What one comments on: an Idea, a ProjectPage or a NewsPostPage.
Target = Any


def comments_of(target: Target) -> QuerySet[Comment]:
    """All comments on an idea, a project or a news post (unfiltered; for the back office)."""
    return Comment.objects.filter(**{f"{comment_target_field(target)}_id": target.pk})


# What a thread shows: the account's other columns (password hash, e-mail, dates …) would be read
# and turned into objects for nothing, 200 times on a long thread.
THREAD_COLUMNS = (
    "id", "parent_id", "depth", "author_id", "guest_name", "text", "moderation", "hidden_reason", "created",
    "edited_at", "deleted_at", "idea_id", "project_id", "news_post_id",
    "author__display_name", "author__first_name", "author__last_name", "author__username",
)


def comment_tree(target: Target, viewer: Person = None) -> list[Comment]:
    """The thread on ``target`` as a list of top-level comments, each with ``children``. One query.

    Pending comments appear only to their own author (flag ``is_pending``). Deleted and hidden
    comments stay as placeholders so replies remain readable, with their text blanked here so it
    cannot reach a page; a hidden comment carries ``hidden_reason`` instead. Guests' e-mail
    addresses are blanked too. The returned objects are for display only: never save them.
    Each comment also gets ``is_own`` (written by the viewer).
    """
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    comments: list[Any] = list(
        comments_of(target).select_related("author").only(*THREAD_COLUMNS).order_by("created", "id")
    )
    by_id, roots = {}, []
    for comment in comments:
        comment.is_own = viewer_id is not None and comment.author_id == viewer_id
        comment.is_pending = comment.moderation == Moderation.PENDING
        if comment.is_pending and not comment.is_own:
            continue
        if comment.is_deleted or comment.is_hidden:
            comment.text = ""
        comment.guest_email = ""
        comment.children = []
        by_id[comment.pk] = comment
        if comment.parent_id is None:
            roots.append(comment)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].children.append(comment)
    return roots


def target_kind(target: Target) -> str:
    return KIND_OF_FIELD[comment_target_field(target)]


def target_url(target: Target, request: HttpRequest | None = None) -> str:
    """Where the target's own page is: an idea's ``get_absolute_url``, a page's URL."""
    if isinstance(target, Idea):
        return str(target.get_absolute_url())
    return str(target.get_url(request) or target.url)
