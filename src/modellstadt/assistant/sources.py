"""The assistant's only door to ideas, comments, moderation and notifications.

Every import of those apps' models, permissions and helpers lives here, so the rest of the
assistant reads ideas and comments through these names and a move of those apps changes one file.
"""

from modellstadt.participation import notifications  # noqa: F401
from modellstadt.participation.models import (  # noqa: F401
    LISTED_IDEAS,
    Comment,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaState,
    Moderation,
    NotificationKind,
    Process,
    Support,
)
from modellstadt.participation.permissions import can_answer, can_moderate  # noqa: F401
