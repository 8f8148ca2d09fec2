"""Writes of comments: write, reply, edit and delete; the idea's comment count moves with them.

Every function runs in one transaction and raises ParticipationError with a message a person can read.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.comments import signals
from modellstadt.comments.models import Comment, comment_target_field
from modellstadt.comments.selectors import Target
from modellstadt.ideas.models import Moderation
from modellstadt.ideas.permissions import Person, can_moderate
from modellstadt.ideas.rules import (
    ParticipationError,
    clean_text,
    copy_back,
    lock,
    require_phase,
    require_user,
    require_visible_idea,
)
from modellstadt.ideas.services import bump_counter, refresh_counters

COMMENT_MAX = 3000
GUEST_NAME_MAX = 100


def _comment_text(text: str | None) -> str:
    return clean_text(
        text, field="text", max_length=COMMENT_MAX,
        required_message=_("Bitte schreiben Sie einen Kommentar."),
        too_long_message=_("Ein Kommentar darf höchstens %(max)s Zeichen lang sein."),
    )


def set_visibility(comment: Comment, *, moderation: str | None = None, deleted_at: datetime | None = None,
                   hidden_reason: str | None = None) -> None:
    """Change a locked comment's visibility and keep its idea's comment_count in step."""
    was_visible = comment.is_visible
    if moderation is not None:
        comment.moderation = moderation
    if deleted_at is not None:
        comment.deleted_at = deleted_at
    if hidden_reason is not None:
        comment.hidden_reason = hidden_reason
    comment.save(update_fields=["moderation", "deleted_at", "hidden_reason"])
    if comment.idea_id and was_visible != comment.is_visible:
        bump_counter(comment.idea_id, "comment_count", 1 if comment.is_visible else -1)


@transaction.atomic
def comment(user: Person, target: Target, text: str, parent: Comment | None = None, guest_name: str | None = None,
            guest_email: str | None = None) -> Comment:
    """Write a comment (or a reply to ``parent``) on an idea, a project or a news post.

    Signed-in people publish at once (unless the idea's process is pre-moderated). Guests may
    comment only on news posts, with name and e-mail address; their comments wait for release.
    Comments on ideas follow the process's phases.
    """
    try:
        field = comment_target_field(target)
    except TypeError:
        raise ParticipationError(_("Hier kann nicht kommentiert werden.")) from None
    is_guest = user is None or not user.is_authenticated
    text = _comment_text(text)
    values: dict[str, Any] = {"author": None if is_guest else user, "moderation": Moderation.PUBLISHED}
    if is_guest:
        if field != "news_post":
            raise ParticipationError(_("Bitte melden Sie sich an, um zu kommentieren."), code="login_required")
        guest_name = (guest_name or "").strip()
        if not guest_name:
            raise ParticipationError(_("Bitte geben Sie Ihren Namen an."), field="guest_name")
        if len(guest_name) > GUEST_NAME_MAX:
            raise ParticipationError(
                _("Der Name darf höchstens %(max)s Zeichen lang sein.") % {"max": GUEST_NAME_MAX}, field="guest_name"
            )
        guest_email = (guest_email or "").strip()
        try:
            if len(guest_email) > 254:
                raise ValidationError("too long")
            validate_email(guest_email)
        except ValidationError:
            raise ParticipationError(
                _("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="guest_email"
            ) from None
        values.update(guest_name=guest_name, guest_email=guest_email, moderation=Moderation.PENDING)
    else:
        user = require_user(user)

    idea = None
    if field == "idea":
        idea = lock(target)
        require_visible_idea(idea, _("Eine zurückgezogene Idee kann nicht mehr kommentiert werden."))
        require_phase(idea.process, "comments")
        if idea.process.premoderation:
            values["moderation"] = Moderation.PENDING
    elif not target.live:
        raise ParticipationError(_("Dieser Inhalt ist nicht öffentlich."))

    depth = 0
    if parent is not None:
        parent = Comment.objects.get(pk=parent.pk)
        if getattr(parent, f"{field}_id") != target.pk:
            raise ParticipationError(_("Die Antwort gehört nicht zu dieser Diskussion."), field="parent")
        if not parent.is_visible:
            raise ParticipationError(_("Auf diesen Kommentar kann nicht geantwortet werden."), field="parent")
        depth = parent.depth + 1
        if depth >= Comment.MAX_DEPTH:
            raise ParticipationError(
                _("Auf diesen Kommentar kann nicht weiter geantwortet werden. "
                  "Bitte antworten Sie auf einen Kommentar weiter oben im Gespräch."),
                field="parent", code="max_depth",
            )

    new = Comment.objects.create(**{f"{field}_id": target.pk}, parent=parent, depth=depth, text=text, **values)
    if idea is not None:
        if new.is_visible:
            bump_counter(idea.pk, "comment_count", 1)
        refresh_counters(idea, target)
    signals.comment_published.send(sender=Comment, comment=new)  # notifications: see notifications.receivers
    return new


@transaction.atomic
def edit_comment(user: Person, comment: Comment, text: str) -> Comment:
    """The author changes their comment; it is marked as edited."""
    user = require_user(user)
    locked = lock(comment)
    if locked.author_id is None or locked.author_id != user.pk:
        raise ParticipationError(_("Nur wer den Kommentar geschrieben hat, kann ihn bearbeiten."), code="permission")
    if locked.is_deleted:
        raise ParticipationError(_("Ein gelöschter Kommentar kann nicht bearbeitet werden."))
    if locked.is_hidden:
        raise ParticipationError(_("Ein ausgeblendeter Kommentar kann nicht bearbeitet werden."))
    text = _comment_text(text)
    premoderated = False
    if locked.idea is not None:
        idea = locked.idea
        require_phase(idea.process, "comments")
        premoderated = idea.process.premoderation
    if text != locked.text:
        locked.text = text
        locked.edited_at = timezone.now()
        locked.save(update_fields=["text", "edited_at"])
        if premoderated and locked.moderation == Moderation.PUBLISHED:
            set_visibility(locked, moderation=Moderation.PENDING)  # checked again before it shows
    copy_back(locked, comment)
    return comment


@transaction.atomic
def delete_comment(user: Person, comment: Comment) -> Comment:
    """The author (or a moderator) deletes a comment. The row stays as a placeholder so replies remain
    readable; its text no longer appears anywhere public."""
    user = require_user(user)
    locked = lock(comment)
    is_author = locked.author_id is not None and locked.author_id == user.pk
    moderator = can_moderate(user)
    if not (is_author or moderator):
        raise ParticipationError(_("Sie können nur Ihre eigenen Kommentare löschen."), code="permission")
    if not locked.is_deleted:
        set_visibility(locked, deleted_at=timezone.now())
        if not is_author:
            log(locked, "modellstadt.delete_comment", user=user)
    copy_back(locked, comment)
    return comment
