"""The assistant's only door to ideas, comments, moderation and notifications.

Every import of those apps' models, permissions and helpers lives here, so the rest of the
assistant reads ideas and comments through these names and a move of those apps changes one file.
"""

from modellstadt.comments.models import Comment  # noqa: F401
from modellstadt.ideas.models import (  # noqa: F401
    LISTED_IDEAS,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaState,
    Moderation,
    Process,
    Support,
)
from modellstadt.ideas.permissions import can_answer, can_moderate  # noqa: F401
from modellstadt.notifications import services as notifications  # noqa: F401
from modellstadt.notifications.models import NotificationKind  # noqa: F401
