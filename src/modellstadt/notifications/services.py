"""Follows, notifications and the e-mails about them.

People follow a cooperation field, a project, an idea or a process (``follow``/``unfollow``).
When something happens there (a project's new status update, the office's answer to an idea, a
new state of an idea, a reply to one's comment, a comment on one's idea), ``notify`` writes one
Notification row per person in the caller's transaction and, once that transaction commits,
enqueues the e-mail task for everyone who wants e-mails at once. People with the daily digest get
one e-mail a day (``send_digests``); e-mails never go out inside a request.

Every e-mail carries an unsubscribe link that works without signing in: a signed token
(``unsubscribe_token``) that, when confirmed, sets the person's e-mail frequency to "nie".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from modellstadt.accounts.models import User
from modellstadt.core.text import email_subject
from modellstadt.ideas.models import Idea, Process
from modellstadt.ideas.permissions import Person
from modellstadt.notifications.models import (
    EmailFrequency,
    Follow,
    Notification,
    NotificationKind,
    NotificationSettings,
)

if TYPE_CHECKING:  # imported inside the functions at run time (import order of the apps)
    from modellstadt.comments.models import Comment
    from modellstadt.projects.models import ProjectPage, StatusUpdate
    from modellstadt.strategy.models import CooperationFieldPage

    Followable = CooperationFieldPage | ProjectPage | Idea | Process

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "modellstadt.participation.unsubscribe"
DIGEST_PERIOD = timedelta(days=1)


class FollowError(ValueError):
    """Following is not possible; the message is German and meant for the person."""


# --- Follows ----------------------------------------------------------------------------------------


def followable_models() -> tuple[type[CooperationFieldPage], type[ProjectPage], type[Idea], type[Process]]:
    """The models one can follow."""
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    return (CooperationFieldPage, ProjectPage, Idea, Process)


def followable(obj: object) -> Followable | None:
    """``obj`` as the instance one follows (a page's specific class), or None if one cannot follow it."""
    from wagtail.models import Page

    if obj is None:
        return None
    if isinstance(obj, Page) and not isinstance(obj, followable_models()):
        obj = obj.specific
    return obj if isinstance(obj, followable_models()) and obj.pk else None


def target_key(obj: Followable) -> tuple[ContentType, int]:
    """(content type, primary key) under which follows of ``obj`` are stored."""
    return ContentType.objects.get_for_model(type(obj)), obj.pk


def _require_person(user: Person) -> User:
    if user is None or not user.is_authenticated or not user.is_active:
        raise FollowError(_("Bitte melden Sie sich an, um zu folgen."))
    return user


@transaction.atomic
def follow(user: Person, obj: object) -> bool:
    """``user`` follows ``obj``. Returns True if the follow is new, False if it existed already."""
    person = _require_person(user)
    target = followable(obj)
    if target is None:
        raise FollowError(_("Diesem Inhalt kann man nicht folgen."))
    hidden_idea = isinstance(target, Idea) and not target.is_published and target.author_id != person.pk
    if getattr(target, "live", True) is False or hidden_idea:
        raise FollowError(_("Dieser Inhalt ist nicht öffentlich."))
    content_type, pk = target_key(target)
    try:
        with transaction.atomic():
            Follow.objects.create(user=person, content_type=content_type, object_id=pk)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def unfollow(user: Person, obj: object) -> bool:
    """``user`` no longer follows ``obj``. Returns True if a follow was removed."""
    person = _require_person(user)
    target = followable(obj)
    if target is None:
        return False
    content_type, pk = target_key(target)
    deleted, _rows = Follow.objects.filter(user=person, content_type=content_type, object_id=pk).delete()
    return bool(deleted)


def is_following(user: Person, obj: object) -> bool:
    """One query (none for anonymous visitors)."""
    target = followable(obj)
    if target is None or user is None or not user.is_authenticated:
        return False
    content_type, pk = target_key(target)
    return Follow.objects.filter(user=user, content_type=content_type, object_id=pk).exists()


def follower_ids(*objs: object) -> set[int]:
    """Ids of the people following any of ``objs`` (one query)."""
    from django.db.models import Q

    condition = Q()
    for obj in objs:
        target = followable(obj)
        if target is not None:
            content_type, pk = target_key(target)
            condition |= Q(content_type=content_type, object_id=pk)
    if not condition:
        return set()
    return set(Follow.objects.filter(condition).values_list("user_id", flat=True))


# --- Settings and unsubscribing ---------------------------------------------------------------------


def email_frequency(user: User) -> str:
    row = NotificationSettings.objects.filter(user=user).values_list("email_frequency", flat=True).first()
    return row or NotificationSettings.DEFAULT_FREQUENCY


@transaction.atomic
def set_email_frequency(user: User, frequency: str) -> str:
    if frequency not in EmailFrequency.values:
        raise ValueError(_("Bitte wählen Sie, wie oft Sie E-Mails erhalten möchten."))
    NotificationSettings.objects.update_or_create(user=user, defaults={"email_frequency": frequency})
    return frequency


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token: str) -> User | None:
    """The person a token was made for, or None for a forged or outdated token."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("u") if isinstance(data, dict) else None
    return get_user_model().objects.filter(pk=pk).first() if isinstance(pk, int) else None


def unsubscribe_url(user: User) -> str:
    return absolute_url(reverse("notification_unsubscribe", args=[unsubscribe_token(user)]))


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- Creating notifications -------------------------------------------------------------------------


def url_of(obj: object) -> str:
    """The public address of ``obj`` for a notification (empty if it has none yet)."""
    from django.urls import NoReverseMatch

    try:
        if hasattr(obj, "get_url") and callable(obj.get_url):  # Wagtail pages
            page_url: str = obj.get_url() or ""
            return page_url
        if hasattr(obj, "get_absolute_url"):  # ideas and processes
            absolute: str = obj.get_absolute_url()
            return absolute
    except NoReverseMatch:
        logger.warning("No URL for %r", obj)
    except Exception:  # noqa: BLE001 - a missing route must not stop the event that notifies
        logger.warning("No URL for %r", obj, exc_info=True)
    return ""


def notify(
    user_ids: Iterable[int | None], kind: str, title: str, url: str = "", *, exclude: User | int | None = None,
    actor: User | int | None = None, actor_name: str = "",
) -> list[Notification]:
    """Create a notification for each of ``user_ids`` (active accounts only, without ``exclude``,
    usually the person who caused the event) in the current transaction; after commit, enqueue the
    e-mail for those who want e-mails at once. Returns the created notifications.

    ``actor``/``actor_name``: the account whose name ``title`` shows, so that deleting that account
    can take the name out of other people's notifications (``erase_actor``)."""
    from django.contrib.auth import get_user_model

    ids = {pk for pk in user_ids if pk is not None}
    if exclude is not None:
        ids.discard(getattr(exclude, "pk", exclude))
    if not ids:
        return []
    recipients = list(
        get_user_model().objects.filter(pk__in=ids, is_active=True)
        .values_list("pk", "notification_settings__email_frequency")
    )
    if not recipients:
        return []
    now = timezone.now()
    actor_id = actor.pk if isinstance(actor, User) else actor
    actor_name = actor_name[:150] if actor_id else ""
    created = Notification.objects.bulk_create(
        [Notification(user_id=pk, kind=kind, title=title[:300], url=url[:500], created=now,
                      actor_id=actor_id, actor_name=actor_name) for pk, _f in recipients]
    )
    immediate = {pk for pk, frequency in recipients if (frequency or NotificationSettings.DEFAULT_FREQUENCY)
                 == EmailFrequency.IMMEDIATE}
    if created and created[0].pk is None:  # backends without RETURNING: read the ids back
        created = list(Notification.objects.filter(user_id__in=[pk for pk, _f in recipients], created=now,
                                                   kind=kind, title=title[:300]))
    to_send = [n.pk for n in created if n.user_id in immediate]
    if to_send:
        transaction.on_commit(lambda: _enqueue_emails(to_send))
    return created


def _enqueue_emails(notification_ids: Iterable[int]) -> None:
    from modellstadt.notifications.tasks import send_notification_email

    for pk in notification_ids:
        send_notification_email.enqueue(pk)


# --- Events -----------------------------------------------------------------------------------------


def project_status_update(update: StatusUpdate) -> list[Notification]:
    """A project got a new status update: its followers and the followers of its field hear of it."""
    project = update.project
    title = _("Neue Statusmeldung bei „%(project)s“: %(title)s") % {"project": project.title, "title": update.title}
    return notify(
        follower_ids(project, *([project.field] if project.field_id else [])),
        NotificationKind.PROJECT_UPDATE, title, url_of(project),
    )


def idea_answered(idea: Idea, actor: User | None) -> list[Notification]:
    """The office answered an idea: its author, its followers and the process's followers hear of it."""
    title = _("Das Programmbüro hat die Idee „%(idea)s“ beantwortet: %(state)s") % {
        "idea": idea.title, "state": idea.get_state_display(),
    }
    recipients = follower_ids(idea, idea.process) | {idea.author_id}
    return notify(recipients, NotificationKind.IDEA_ANSWER, title, url_of(idea), exclude=actor)


def idea_state_changed(idea: Idea, actor: User | None) -> list[Notification]:
    """A followed idea has a new state (e.g. withdrawn by its author)."""
    title = _("Neuer Stand der Idee „%(idea)s“: %(state)s") % {
        "idea": idea.title, "state": idea.get_state_display(),
    }
    return notify(follower_ids(idea) | {idea.author_id}, NotificationKind.IDEA_STATE, title, url_of(idea),
                  exclude=actor)


def comment_published(comment: Comment) -> list[Notification]:
    """A visible comment: the author of the comment it replies to and the author of the idea hear of it."""
    if not comment.is_visible:
        return []
    created: list[Notification] = []
    target = comment.target
    where = str(target)
    url = url_of(target)
    # A guest's name is not an account: only a signed-in author's name is taken out on deletion.
    actor: dict[str, Any] = {"actor": comment.author_id, "actor_name": comment.author_name} if comment.author_id else {}
    parent_author = None
    if comment.parent is not None:  # None without a query when there is no parent
        parent_author = comment.parent.author_id
        created += notify(
            {parent_author}, NotificationKind.COMMENT_REPLY,
            _("%(name)s hat auf Ihren Kommentar zu „%(target)s“ geantwortet.") % {
                "name": comment.author_name, "target": where,
            },
            url, exclude=comment.author_id, **actor,
        )
    idea = comment.idea  # None without a query when the comment is not on an idea
    if idea is not None and idea.author_id not in (parent_author, None):
        created += notify(
            {idea.author_id}, NotificationKind.IDEA_COMMENT,
            _("%(name)s hat Ihre Idee „%(target)s“ kommentiert.") % {"name": comment.author_name, "target": where},
            url, exclude=comment.author_id, **actor,
        )
    return created


def _notified_by_comments_of(user: User) -> set[tuple[int, str]]:
    """(recipient id, kind) pairs the person's comments notified: the authors of the ideas they
    commented on and of the comments they replied to (comments stay as placeholders when deleted)."""
    from modellstadt.comments.models import Comment

    pairs: set[tuple[int, str]] = set()
    rows = Comment.objects.filter(author=user).values_list("parent__author_id", "idea__author_id")
    for parent_author, idea_author in rows:
        if parent_author is not None:
            pairs.add((parent_author, NotificationKind.COMMENT_REPLY))
        if idea_author not in (parent_author, None):
            pairs.add((idea_author, NotificationKind.IDEA_COMMENT))
    return pairs


def erase_actor(user: User) -> None:
    """Account deletion: other people's notifications no longer name ``user``; the name at the start
    of their titles becomes "Gelöschtes Konto" (only there: the same letters in an idea's title stay).

    Notifications written since the actor is recorded are found by ``actor``. Older ones carry the
    name only in their text: they are the comment notifications that the person's own comments
    caused (same recipient and kind) whose title starts with one of the person's names."""
    from django.db.models import Q

    from modellstadt.accounts.services import deleted_account_label

    label = deleted_account_label()
    names = sorted(
        {n for n in (user.public_name, user.display_name, user.get_full_name(), user.username) if n},
        key=len,
        reverse=True,
    )
    legacy = Q()
    for recipient, kind in _notified_by_comments_of(user):
        legacy |= Q(user_id=recipient, kind=kind)
    condition = Q(actor=user)
    if legacy:
        condition |= Q(actor__isnull=True, actor_name="") & legacy
    changed = []
    for notification in Notification.objects.filter(condition).only("title", "actor_name", "actor"):
        known = [notification.actor_name] if notification.actor_name else names
        for name in known:
            if notification.title.startswith(f"{name} "):
                notification.title = (label + notification.title[len(name) :])[:300]
                break
        else:
            if notification.actor_id is None:  # an older notification about someone else
                continue
        notification.actor_name = ""
        notification.actor = None
        changed.append(notification)
    Notification.objects.bulk_update(changed, ["title", "actor_name", "actor"], batch_size=500)


ERASERS = [erase_actor]


# --- Reading and marking ----------------------------------------------------------------------------


def unread_count(user: Person) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications (all, or those in ``notification_ids``) as read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


# --- E-mails ----------------------------------------------------------------------------------------


def _recipient(user: User) -> str | None:
    return user.email if user.email and user.is_active else None


def _message(user: User, subject: str, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """One e-mail (plain text and HTML) to ``user`` with an unsubscribe link and List-Unsubscribe headers,
    built but not sent (building may read the database, sending does not)."""
    unsubscribe = unsubscribe_url(user)
    context = {
        **context,
        "user": user,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url(reverse("notification_settings")),
        "notifications_url": absolute_url(reverse("notification_list")),
    }
    with translation.override("de"):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=email_subject(subject),
        body=text,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _send_marked(message: EmailMultiAlternatives, notification_ids: list[int], marked_at: datetime) -> None:
    """Send ``message`` for notifications already marked as e-mailed at ``marked_at``; if the mail server
    refuses it, remove the mark again so the next run sends it."""
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk__in=notification_ids, emailed_at=marked_at).update(emailed_at=None)
        raise


def send_notification_email(notification_id: int) -> bool:
    """Send the e-mail for one notification, once. Skipped if the person no longer wants e-mails at
    once, has no address, or the notification was already sent. Returns True if an e-mail went out.

    The notification is marked as e-mailed and committed before the mail server is asked: a run that
    fails on the database (and is run again by the worker) has sent nothing, and no later run sends
    a marked notification again. A refused e-mail removes the mark."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        user = notification.user
        if email_frequency(user) != EmailFrequency.IMMEDIATE or not _recipient(user):
            return False
        notification.url = absolute_url(notification.url)
        with translation.override("de"):
            subject = _("%(site)s: %(title)s") % {"site": settings.WAGTAIL_SITE_NAME, "title": notification.title}
        message = _message(user, subject[:250], "notification", {"notification": notification})
        marked_at = timezone.now()
        Notification.objects.filter(pk=notification.pk).update(emailed_at=marked_at)
    _send_marked(message, [notification.pk], marked_at)
    return True


def send_digest(user: User, now: datetime | None = None) -> int:
    """One e-mail with all of the person's notifications of the last day that no e-mail carried yet.

    The rows are locked, marked and committed before the e-mail goes out: a second run (or a parallel
    one, or the worker's retry after a database fault) finds them marked and sends nothing. If the
    mail server refuses the e-mail, the mark is removed and the next run tries again.
    Returns the number of notifications sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update()
            .filter(user=user, emailed_at__isnull=True, created__gte=now - DIGEST_PERIOD, created__lte=now)
            .order_by("created", "id")
        )
        if not items or not _recipient(user):
            return 0
        for item in items:
            item.url = absolute_url(item.url)
        with translation.override("de"):
            subject = _("%(site)s: Ihre Benachrichtigungen des Tages (%(count)s)") % {
                "site": settings.WAGTAIL_SITE_NAME,
                "count": len(items),
            }
        message = _message(user, subject, "digest", {"notifications": items})
        ids = [n.pk for n in items]
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    _send_marked(message, ids, now)
    return len(items)


def send_digests(now: datetime | None = None) -> tuple[int, int]:
    """The daily digest for everyone who chose it. Safe to run twice. Returns (e-mails, notifications)."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    user_ids = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created__gte=now - DIGEST_PERIOD,
            created__lte=now,
            user__notification_settings__email_frequency=EmailFrequency.DAILY,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    emails = items = 0
    for user in get_user_model().objects.filter(pk__in=list(user_ids)).order_by("pk"):
        sent = send_digest(user, now=now)
        if sent:
            emails += 1
            items += sent
    return emails, items
