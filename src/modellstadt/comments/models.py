"""Threaded comments on ideas, projects and news posts; guests may comment on news posts.

The table keeps the name it had in the former ``participation`` app (``Meta.db_table``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellstadt.ideas.models import Idea, ModeratedMixin, Moderation, hidden_has_reason, valid_choice, visible_ideas

COMMENT_MAX_DEPTH = 3  # levels: a comment, a reply, a reply to the reply


def visible_comments():
    """The one definition of "a comment the public reads": published, not deleted, and on an idea the
    public sees or a live page (``Comment.is_visible`` is the same rule for one loaded comment)."""
    return (
        Q(moderation=Moderation.PUBLISHED, deleted_at__isnull=True)
        & (Q(idea__isnull=True) | visible_ideas("idea__"))
        & (Q(project__isnull=True) | Q(project__live=True))
        & (Q(news_post__isnull=True) | Q(news_post__live=True))
    )


class CommentStateMixin(ModeratedMixin):
    """What a loaded comment and a row of a thread (``selectors.ThreadComment``) say about their state."""

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_guest(self):
        return bool(self.guest_name)

    @property
    def is_visible(self):
        """Counts towards the idea's comment_count and shows its text publicly."""
        return self.is_published and not self.is_deleted


class Comment(CommentStateMixin, models.Model):
    """A comment on an idea, a project or a news post, possibly a reply to another comment.

    Target: three nullable foreign keys (``idea``, ``project``, ``news_post``) with a check
    constraint that exactly one is set, rather than a generic relation (content type + object id).
    The set of things one can comment on is small and known; real foreign keys give referential
    integrity and cascades in the database, plain joins without content-type lookups, and one
    partial index per target (``WHERE idea_id IS NOT NULL``) that serves exactly the query
    ``comment_tree`` runs. A fourth target would be one more column, constraint arm and index.

    Threads: ``parent`` and a stored ``depth`` (0 for top-level comments) bounded by ``MAX_DEPTH``
    in the database, so a thread is read with one query and grouped in Python.

    Deleting is soft (``deleted_at``): the row stays as a placeholder so replies remain readable;
    its text never reaches public output (selectors blank it). Hiding by a moderator works the
    same way with ``hidden_reason`` shown instead of the text.
    """

    MAX_DEPTH = COMMENT_MAX_DEPTH

    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    project = models.ForeignKey(
        "projects.ProjectPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="participation_comments", db_index=False,
    )
    news_post = models.ForeignKey(
        "news.NewsPostPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="participation_comments", db_index=False,
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("Antwort auf"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("Tiefe"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Verfasst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="participation_comments",
    )
    guest_name = models.CharField(_("Name (Gast)"), max_length=100, blank=True)
    guest_email = models.EmailField(_("E-Mail-Adresse (Gast, nicht öffentlich)"), blank=True)
    text = models.TextField(_("Kommentar"))
    moderation = models.CharField(
        _("Moderation"), max_length=16, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    created = models.DateTimeField(_("Geschrieben am"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("Gelöscht am"), null=True, blank=True)

    class Meta:
        db_table = "participation_comment"
        ordering = ["created", "id"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, project__isnull=True, news_post__isnull=True)
                | Q(idea__isnull=True, project__isnull=False, news_post__isnull=True)
                | Q(idea__isnull=True, project__isnull=True, news_post__isnull=False),
                name="comment_exactly_one_target",
            ),
            models.CheckConstraint(condition=Q(depth__lt=COMMENT_MAX_DEPTH), name="comment_depth_limit"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
            models.CheckConstraint(
                condition=Q(guest_name="", guest_email="") | Q(news_post__isnull=False),
                name="comment_guests_only_on_news",
            ),
            valid_choice("moderation", Moderation, "comment_moderation_valid"),
            hidden_has_reason("comment_hidden_has_reason"),
        ]
        indexes = [
            models.Index(fields=["idea", "created"], condition=Q(idea__isnull=False), name="comment_idea_idx"),
            models.Index(fields=["project", "created"], condition=Q(project__isnull=False), name="comment_project_idx"),
            models.Index(
                fields=["news_post", "created"], condition=Q(news_post__isnull=False), name="comment_news_idx"
            ),
            models.Index(fields=["created"], condition=Q(moderation="pending"), name="comment_pending_idx"),
        ]

    def __str__(self):
        return _("Kommentar %(id)s") % {"id": self.pk}

    @property
    def target(self):
        return self.idea or self.project or self.news_post

    @property
    def author_name(self):
        return comment_author_name(self.guest_name, self.author.public_name if self.author_id else None)


def comment_author_name(guest_name, author_public_name):
    """Who wrote a comment, as shown: a guest by the name given, a member by their public name, a
    comment whose account was deleted as such (``Comment.author_name`` and the thread rows alike)."""
    if guest_name:
        return _("%(name)s (Gast)") % {"name": guest_name}
    return author_public_name if author_public_name is not None else _("gelöschtes Konto")


def comment_target_field(target):
    """The Comment foreign key that points at ``target`` ("idea", "project" or "news_post").

    Raises TypeError for anything one cannot comment on.
    """
    from wagtail.models import Page

    from modellstadt.news.models import NewsPostPage
    from modellstadt.projects.models import ProjectPage

    if isinstance(target, Page) and not isinstance(target, (ProjectPage, NewsPostPage)):
        target = target.specific
    if isinstance(target, Idea):
        return "idea"
    if isinstance(target, ProjectPage):
        return "project"
    if isinstance(target, NewsPostPage):
        return "news_post"
    raise TypeError(f"Cannot comment on {type(target).__name__}")
