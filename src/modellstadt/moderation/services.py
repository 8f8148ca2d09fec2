"""Writes of moderation: reports, hiding, showing again and releasing ideas and comments, and
blocking accounts.

Every function runs in one transaction and raises ParticipationError with a message a person can read.
"""

from typing import TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.accounts.models import User
from modellstadt.comments import signals as comment_signals
from modellstadt.comments.models import Comment
from modellstadt.comments.services import set_visibility
from modellstadt.ideas.models import Idea, IdeaEventKind, Moderation
from modellstadt.ideas.permissions import Person
from modellstadt.ideas.rules import REASON_MAX, ParticipationError, clean_text, copy_back, lock, require_user
from modellstadt.ideas.services import record_event
from modellstadt.moderation.models import AccountBlock, Report, ReportResolution
from modellstadt.moderation.permissions import MODERATE_PERMISSION, can_moderate

# An idea or a comment: what people report and moderators act on.
Contribution = Idea | Comment
C = TypeVar("C", Idea, Comment)


def _require_contribution(obj: object) -> None:
    if not isinstance(obj, (Idea, Comment)):
        raise ParticipationError(_("Dieser Inhalt kann nicht gemeldet oder moderiert werden."))


def _open_reports(obj: Contribution) -> QuerySet[Report]:
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, resolved_at__isnull=True
    )


def _resolve_reports(obj: Contribution, moderator: Person, resolution: str) -> int:
    return _open_reports(obj).update(resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution)


def report(user: Person, obj: Contribution, reason: str) -> Report:
    """A signed-in person reports an idea or a comment to the moderators. Reporting the same thing
    again while the first report is open returns that report."""
    with transaction.atomic():
        user = require_user(user, _("Bitte melden Sie sich an, um einen Beitrag zu melden."))
        _require_contribution(obj)
        reason = clean_text(
            reason,
            field="reason",
            max_length=REASON_MAX,
            required_message=_("Bitte nennen Sie einen Grund für die Meldung."),
            too_long_message=_("Der Grund darf höchstens %(max)s Zeichen lang sein."),
        )
        if isinstance(obj, Comment) and obj.is_deleted:
            raise ParticipationError(_("Dieser Kommentar wurde bereits gelöscht."))
        if obj.moderation == Moderation.HIDDEN:
            raise ParticipationError(_("Dieser Beitrag wurde bereits ausgeblendet."))
        content_type = ContentType.objects.get_for_model(type(obj))
        try:
            with transaction.atomic():
                return Report.objects.create(content_type=content_type, object_id=obj.pk, reporter=user, reason=reason)
        except IntegrityError:
            return Report.objects.get(
                content_type=content_type, object_id=obj.pk, reporter=user, resolved_at__isnull=True
            )


def require_moderator(user: Person) -> User:
    if not can_moderate(user):
        raise ParticipationError(_("Nur die Moderation kann das tun."), code="permission")
    return cast(User, user)


def hide(moderator: Person, obj: C, reason: str) -> C:
    """Hide an idea or a comment; ``reason`` is shown in its place. Open reports on it are closed.
    Hiding something already hidden replaces the reason."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        _require_contribution(obj)
        reason = clean_text(
            reason,
            field="reason",
            max_length=REASON_MAX,
            required_message=_("Bitte geben Sie einen Grund an. Er wird anstelle des Beitrags angezeigt."),
            too_long_message=_("Der Grund darf höchstens %(max)s Zeichen lang sein."),
        )
        locked = lock(obj)
        if isinstance(locked, Comment):
            set_visibility(locked, moderation=Moderation.HIDDEN, hidden_reason=reason)
        else:
            locked.moderation = Moderation.HIDDEN
            locked.hidden_reason = reason
            locked.save(update_fields=["moderation", "hidden_reason", "updated"])
            record_event(locked, IdeaEventKind.HIDDEN, moderator, text=reason)
        _resolve_reports(locked, moderator, ReportResolution.HIDDEN)
        log(locked, "modellstadt.hide", user=moderator, data={"reason": reason})
        copy_back(locked, obj)
        return obj


def unhide(moderator: Person, obj: C) -> C:
    """Show a hidden idea or comment again."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        _require_contribution(obj)
        locked = lock(obj)
        if locked.moderation != Moderation.HIDDEN:
            raise ParticipationError(_("Dieser Beitrag ist nicht ausgeblendet."))
        if isinstance(locked, Comment):
            set_visibility(locked, moderation=Moderation.PUBLISHED, hidden_reason="")
        else:
            locked.moderation = Moderation.PUBLISHED
            locked.hidden_reason = ""
            locked.save(update_fields=["moderation", "hidden_reason", "updated"])
            record_event(locked, IdeaEventKind.UNHIDDEN, moderator)
        log(locked, "modellstadt.unhide", user=moderator)
        copy_back(locked, obj)
        return obj


def release(moderator: Person, obj: C) -> C:
    """Publish a pending idea or comment (pre-moderation, guest comments)."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        _require_contribution(obj)
        locked = lock(obj)
        if locked.moderation != Moderation.PENDING:
            raise ParticipationError(_("Dieser Beitrag wartet nicht auf eine Freigabe."))
        if isinstance(locked, Comment):
            set_visibility(locked, moderation=Moderation.PUBLISHED)
            comment_signals.comment_published.send(sender=Comment, comment=locked)
        else:
            locked.moderation = Moderation.PUBLISHED
            locked.save(update_fields=["moderation", "updated"])
            record_event(locked, IdeaEventKind.RELEASED, moderator)
        log(locked, "modellstadt.release", user=moderator)
        copy_back(locked, obj)
        return obj


def release_comment(moderator: Person, comment: Comment) -> Comment:
    """Publish a pending comment; the idea's comment count grows."""
    if not isinstance(comment, Comment):
        raise ParticipationError(_("Das ist kein Kommentar."))
    return release(moderator, comment)


def release_idea(moderator: Person, idea: Idea) -> Idea:
    if not isinstance(idea, Idea):
        raise ParticipationError(_("Das ist keine Idee."))
    return release(moderator, idea)


def dismiss_reports(moderator: Person, obj: Contribution) -> int:
    """Close the open reports on an idea or a comment without hiding it. Returns how many."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        _require_contribution(obj)
        count = _resolve_reports(obj, moderator, ReportResolution.DISMISSED)
        if count:
            log(obj, "modellstadt.dismiss_reports", user=moderator, data={"reports": count})
        return count


# --- Blocked accounts ---------------------------------------------------------------------------------
#
# A blocked account is inactive (``is_active`` False): it can no longer sign in (Django's and
# allauth's backends refuse inactive accounts, and running sessions end because the account no
# longer authenticates), and every participation service refuses it. The reason and who blocked it
# are kept in an AccountBlock row and in Wagtail's audit log (entries on that row, which the office
# group may view).


def block_account(moderator: Person, user: User, reason: str) -> AccountBlock:
    """Block ``user`` with a reason the moderation keeps. Blocking a blocked account changes nothing."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        reason = clean_text(
            reason,
            field="reason",
            max_length=REASON_MAX,
            required_message=_("Bitte geben Sie einen Grund für die Sperre an."),
            too_long_message=_("Der Grund darf höchstens %(max)s Zeichen lang sein."),
        )
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.pk == moderator.pk:
            raise ParticipationError(_("Sie können Ihr eigenes Konto nicht sperren."), field="reason")
        if locked.is_superuser or locked.has_perm(MODERATE_PERMISSION):
            raise ParticipationError(
                _("Konten der Moderation und der Verwaltung können hier nicht gesperrt werden."), field="reason"
            )
        try:
            with transaction.atomic():
                block = AccountBlock.objects.create(user=locked, reason=reason, blocked_by=moderator)
        except IntegrityError:
            raise ParticipationError(_("Dieses Konto ist bereits gesperrt.")) from None
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        # Logged on the block (the office may read those entries; the user model's it may not).
        log(
            block,
            "modellstadt.block",
            user=moderator,
            data={"reason": reason, "user": locked.pk, "username": locked.get_username()},
        )
        user.is_active = False
        return block


def unblock_account(moderator: Person, user: User) -> User:
    """Lift the block of ``user``: the account can sign in and take part again."""
    with transaction.atomic():
        moderator = require_moderator(moderator)
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        block = AccountBlock.objects.select_for_update().filter(user=locked, lifted_at__isnull=True).first()
        if block is None:
            raise ParticipationError(_("Dieses Konto ist nicht gesperrt."))
        block.lifted_at, block.lifted_by = timezone.now(), moderator
        block.save(update_fields=["lifted_at", "lifted_by"])
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        log(block, "modellstadt.unblock", user=moderator, data={"user": locked.pk, "username": locked.get_username()})
        user.is_active = True
        return locked
