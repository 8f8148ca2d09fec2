"""Read queries of comments: a thread is one query grouped in Python."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from modellstadt.accounts.models import public_name
from modellstadt.comments.models import Comment, CommentStateMixin, comment_author_name, comment_target_field
from modellstadt.core.cache import kept_per_version
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


# What a thread shows, read as plain rows: the account's other columns (password hash, e-mail, dates …)
# are not read, and no model instances are built (200 of them were half of a long thread's time).
_COMMENT_COLUMNS = (
    "id", "parent_id", "depth", "author_id", "guest_name", "text", "moderation", "hidden_reason", "created",
    "edited_at", "deleted_at",
)
_AUTHOR_COLUMNS = ("author__display_name", "author__first_name", "author__last_name", "author__username")
THREAD_COLUMNS = _COMMENT_COLUMNS + _AUTHOR_COLUMNS


@dataclass(eq=False)
class ThreadComment(CommentStateMixin):
    """One comment of a thread as a page shows it: its state (``is_hidden``, ``is_deleted``,
    ``is_visible`` … from ``CommentStateMixin``, as on ``Comment``), the author's public name, the
    viewer's flags and its replies. For display only; it cannot be saved."""

    id: int
    parent_id: int | None
    depth: int
    author_id: int | None
    guest_name: str
    text: str
    moderation: str
    hidden_reason: str
    created: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    author_public_name: str | None  # None: no account (a guest, or the account was deleted)
    is_own: bool = False
    is_pending: bool = False
    guest_email: str = ""  # never handed to a page
    children: list["ThreadComment"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def author_name(self) -> Any:
        return comment_author_name(self.guest_name, self.author_public_name)


def comment_tree(target: Target, viewer: Person = None) -> list[ThreadComment]:
    """The thread on ``target`` as a list of top-level comments, each with ``children``. One query.

    Pending comments appear only to their own author (flag ``is_pending``). Deleted and hidden
    comments stay as placeholders so replies remain readable, with their text blanked here so it
    cannot reach a page; a hidden comment carries ``hidden_reason`` instead. Guests' e-mail
    addresses are never read. Each comment also gets ``is_own`` (written by the viewer).
    """
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    rows = thread_rows(target)
    by_id: dict[int, ThreadComment] = {}
    roots = []
    split = len(_COMMENT_COLUMNS)
    for row in rows:
        comment = ThreadComment(**dict(zip(_COMMENT_COLUMNS, row[:split], strict=True)), author_public_name=None)
        if comment.author_id is not None:
            comment.author_public_name = public_name(*row[split:])
        comment.is_own = viewer_id is not None and comment.author_id == viewer_id
        comment.is_pending = comment.moderation == Moderation.PENDING
        if comment.is_pending and not comment.is_own:
            continue
        if comment.is_deleted or comment.is_hidden:
            comment.text = ""
        by_id[comment.id] = comment
        if comment.parent_id is None:
            roots.append(comment)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].children.append(comment)
    return roots


# The versions a thread's rows are kept under: the thread's own (every comment on the target saved or
# deleted moves it) and the one of the names shown (every account renamed or deleted moves it).
NAMES_VERSION = "comment-author-names"


def thread_version(field_name: str, target_id: Any) -> str:
    return f"comment-thread:{field_name}:{target_id}"


def thread_rows(target: Target) -> list[tuple[Any, ...]]:
    """All comment rows on ``target`` (``THREAD_COLUMNS``, pending ones included), oldest first. Kept
    under the thread's version and the names' version while anything is kept (``comments.receivers``
    move them), so a thread read again costs no query; the viewer's flags are applied on every read."""
    field_name = comment_target_field(target)
    rows: list[tuple[Any, ...]] = kept_per_version(
        (thread_version(field_name, target.pk), NAMES_VERSION), "comment-thread-rows",
        lambda: list(comments_of(target).order_by("created", "id").values_list(*THREAD_COLUMNS)),
    )
    return rows


def target_kind(target: Target) -> str:
    return KIND_OF_FIELD[comment_target_field(target)]


def target_url(target: Target, request: HttpRequest | None = None) -> str:
    """Where the target's own page is: an idea's ``get_absolute_url``, a page's URL."""
    if isinstance(target, Idea):
        return str(target.get_absolute_url())
    return str(target.get_url(request) or target.url)
