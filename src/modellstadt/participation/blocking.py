"""Blocking and unblocking accounts (moderation).

A blocked account is inactive (``is_active`` False): it can no longer sign in (Django's and
allauth's backends refuse inactive accounts, and running sessions end because the account no
longer authenticates), and every participation service refuses it. The reason and who blocked it
are kept in an AccountBlock row and in Wagtail's audit log (entries on that row, which the office
group may view).
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.participation.models import AccountBlock
from modellstadt.participation.services import REASON_MAX, ParticipationError, _require_moderator, _text


@transaction.atomic
def block_account(moderator, user, reason):
    """Block ``user`` with a reason the moderation keeps. Blocking a blocked account changes nothing."""
    _require_moderator(moderator)
    reason = _text(
        reason, field="reason", max_length=REASON_MAX,
        required_message=_("Bitte geben Sie einen Grund für die Sperre an."),
        too_long_message=_("Der Grund darf höchstens %(max)s Zeichen lang sein."),
    )
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    if locked.pk == moderator.pk:
        raise ParticipationError(_("Sie können Ihr eigenes Konto nicht sperren."), field="reason")
    if locked.is_superuser or locked.has_perm("participation.moderate_contributions"):
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
    log(block, "modellstadt.block", user=moderator,
        data={"reason": reason, "user": locked.pk, "username": locked.get_username()})
    user.is_active = False
    return block


@transaction.atomic
def unblock_account(moderator, user):
    """Lift the block of ``user``: the account can sign in and take part again."""
    _require_moderator(moderator)
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


def open_block(user):
    return AccountBlock.objects.filter(user=user, lifted_at__isnull=True).first()
