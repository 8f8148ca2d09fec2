"""The rules every write of participation shares: the domain error, a signed-in person, text
limits, row locks and the phase a process is in.

Ideas, comments, moderation and notifications raise ``ParticipationError`` with a German message a
person can read; views put it next to the form field it names.
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from modellstadt.accounts.models import User
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Process
from modellstadt.ideas.permissions import Person
from modellstadt.ideas.selectors import phase_state

TITLE_MAX = 150
DESCRIPTION_MAX = 5000
LOCATION_MAX = 200
REASON_MAX = 1000

M = TypeVar("M", bound=Model)


class ParticipationError(ValidationError):
    """A rule of participation stops the action. ``message`` is German and meant for the person;
    ``field`` names the form field it belongs to, if any (views: ``form.add_error(e.field, e)``)."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "participation") -> None:
        super().__init__(message, code=code)
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def require_user(user: Person, message: str | None = None) -> User:
    """``user`` if it is a signed-in, active account; else the error asking to sign in."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise ParticipationError(message or _("Bitte melden Sie sich an."), code="login_required")
    return user


def require_phase(process: Process, action: str) -> None:
    state = phase_state(process).action(action)
    if not state.allowed:
        raise ParticipationError(state.message, code="phase")


def clean_text(value: str | None, *, field: str, max_length: int, required_message: str, too_long_message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ParticipationError(required_message, field=field, code="required")
    if len(value) > max_length:
        raise ParticipationError(too_long_message % {"max": max_length}, field=field, code="max_length")
    return value


def lock(obj: M) -> M:
    """The row of ``obj`` read again under a row lock for the rest of the transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def copy_back(source: Model, target: Model) -> None:
    """Let the caller's instance see what the service wrote (without another query)."""
    if source is target:
        return
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def require_visible_idea(idea: Idea, message_withdrawn: str) -> None:
    if idea.moderation == Moderation.PENDING:
        raise ParticipationError(_("Diese Idee wartet noch auf die Freigabe durch die Moderation."))
    if idea.moderation == Moderation.HIDDEN:
        raise ParticipationError(_("Diese Idee wurde von der Moderation ausgeblendet."))
    if idea.state == IdeaState.WITHDRAWN:
        raise ParticipationError(message_withdrawn)
