"""Who may do what with ideas beyond "signed in": the office answers ideas, moderators moderate.

Both are ordinary Django permissions on the idea model (``ideas.answer_idea``,
``ideas.moderate_contributions``), so the office grants them to a group in the back office.
Moderating covers comments too; the comments and moderation apps ask here.
"""

from django.contrib.auth.models import AnonymousUser

from modellstadt.accounts.models import User

# Who asks: a signed-in person, an anonymous visitor, or nobody (a command or a task).
Person = User | AnonymousUser | None

ANSWER_PERMISSION = "ideas.answer_idea"
MODERATE_PERMISSION = "ideas.moderate_contributions"


def _has(user: Person, perm: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(perm))


def can_answer(user: Person) -> bool:
    return _has(user, ANSWER_PERMISSION)


def can_moderate(user: Person) -> bool:
    return _has(user, MODERATE_PERMISSION)
