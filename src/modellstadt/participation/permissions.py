"""Who may do what beyond "signed in": the office answers ideas, moderators moderate.

Both are ordinary Django permissions (``participation.answer_idea``,
``participation.moderate_contributions``), so the office grants them to a group in the back office.
"""


def _has(user, perm):
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(perm))


def can_answer(user):
    return _has(user, "participation.answer_idea")


def can_moderate(user):
    return _has(user, "participation.moderate_contributions")
