"""Who may comment where: ideas follow their process's phase, guests only on news posts.

Moderators (``ideas.permissions.can_moderate``) may also see and delete others' comments.
"""

from django.utils.translation import gettext as _

from modellstadt.comments.selectors import Target
from modellstadt.ideas.models import Idea
from modellstadt.ideas.permissions import can_moderate
from modellstadt.ideas.selectors import phase_state
from modellstadt.news.models import NewsPostPage

__all__ = ["can_moderate", "comment_status", "guests_may_comment"]


def comment_status(target: Target) -> tuple[bool, str | None, bool]:
    """(allowed, message, premoderated): may people comment on ``target`` now, and if not, why.

    Ideas follow their process's phase (and must be published and not withdrawn); projects and news
    posts allow comments unless the page says otherwise (an optional ``comments_enabled`` field).
    """
    if isinstance(target, Idea):
        if not target.is_visible:
            if target.is_withdrawn:
                return False, _("Eine zurückgezogene Idee kann nicht mehr kommentiert werden."), False
            return False, _("Diese Idee kann derzeit nicht kommentiert werden."), False
        state = phase_state(target.process).comments
        return state.allowed, (None if state.allowed else state.message), target.process.premoderation
    if not getattr(target, "comments_enabled", True) or not target.live:
        return False, _("Zu diesem Beitrag sind keine Kommentare möglich."), False
    return True, None, False


def guests_may_comment(target: Target) -> bool:
    return isinstance(target, NewsPostPage)
