"""Who may do what with ideas beyond "signed in": the office answers ideas, moderators moderate.

Both are ordinary Django permissions on the idea model (``ideas.answer_idea``,
``ideas.moderate_contributions``), so the office grants them to a group in the back office.
Moderating covers comments too; the comments and moderation apps ask here.
"""

ANSWER_PERMISSION = "ideas.answer_idea"
MODERATE_PERMISSION = "ideas.moderate_contributions"


def _has(user, perm):
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(perm))


def can_answer(user):
    return _has(user, ANSWER_PERMISSION)


def can_moderate(user):
    return _has(user, MODERATE_PERMISSION)
