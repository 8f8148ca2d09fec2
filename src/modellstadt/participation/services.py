"""Writes of citizen participation: ideas, supports, answers, comments, reports and moderation.

Every function runs in one transaction, checks the rules a resident can run into and raises
ParticipationError with a message they can read. Views, the back office, the API and management
commands call these functions; none of them writes the models on its own.

Concurrency: a write that depends on an idea's state first locks the idea's row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's write transactions are serialised anyway). Supports
need no such lock: they are inserted relying on the unique constraint (a duplicate is a no-op, not
an error) and the counter UPDATE re-checks the idea (see "Supports" below). Counters change only by
atomic ``x = x ± 1`` updates when a row was really inserted, deleted or changed visibility.
So ``support_count`` equals the number of Support rows and ``comment_count`` the number of
visible comments, however many people click at the same time.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.participation import notifications
from modellstadt.participation.models import (
    ANSWER_STATES,
    PROJECT_STATES,
    Comment,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaState,
    Moderation,
    Report,
    ReportResolution,
    comment_target_field,
)
from modellstadt.participation.permissions import can_answer, can_moderate
from modellstadt.participation.selectors import phase_state

TITLE_MAX = 150
DESCRIPTION_MAX = 5000
LOCATION_MAX = 200
COMMENT_MAX = 3000
REASON_MAX = 1000
GUEST_NAME_MAX = 100


class ParticipationError(ValidationError):
    """A rule of participation stops the action. ``message`` is German and meant for the person;
    ``field`` names the form field it belongs to, if any (views: ``form.add_error(e.field, e)``)."""

    def __init__(self, message, *, field=None, code="participation"):
        super().__init__(message, code=code)
        self.field = field

    def __str__(self):
        return str(self.message)


# --- Helpers ----------------------------------------------------------------------------------------


def _require_user(user, message=None):
    if user is None or not user.is_authenticated or not user.is_active:
        raise ParticipationError(message or _("Bitte melden Sie sich an."), code="login_required")


def _require_phase(process, action):
    state = phase_state(process).action(action)
    if not state.allowed:
        raise ParticipationError(state.message, code="phase")


def _text(value, *, field, max_length, required_message, too_long_message):
    value = (value or "").strip()
    if not value:
        raise ParticipationError(required_message, field=field, code="required")
    if len(value) > max_length:
        raise ParticipationError(too_long_message % {"max": max_length}, field=field, code="max_length")
    return value


def _coordinate(value, limit, field):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not -limit <= number <= limit:
        raise ParticipationError(_("Die Ortsangabe liegt außerhalb des gültigen Bereichs."), field=field)
    return number


def _idea_values(process, field, title, description, location_label, latitude, longitude, image, image_alt):
    """The cleaned values of an idea's form, or a ParticipationError for the first problem."""
    values = {
        "title": _text(
            title, field="title", max_length=TITLE_MAX,
            required_message=_("Bitte geben Sie einen Titel an."),
            too_long_message=_("Der Titel darf höchstens %(max)s Zeichen lang sein."),
        ),
        "description": _text(
            description, field="description", max_length=DESCRIPTION_MAX,
            required_message=_("Bitte beschreiben Sie Ihre Idee."),
            too_long_message=_("Die Beschreibung darf höchstens %(max)s Zeichen lang sein."),
        ),
    }
    covered = set(process.fields.values_list("pk", flat=True))
    if field is None and covered:
        raise ParticipationError(_("Bitte wählen Sie ein Kooperationsfeld."), field="field")
    if field is not None and field.pk not in covered:
        raise ParticipationError(_("Dieses Kooperationsfeld gehört nicht zu diesem Verfahren."), field="field")
    location_label = (location_label or "").strip()
    if len(location_label) > LOCATION_MAX:
        raise ParticipationError(
            _("Die Ortsangabe darf höchstens %(max)s Zeichen lang sein.") % {"max": LOCATION_MAX},
            field="location_label",
        )
    latitude, longitude = _coordinate(latitude, 90, "latitude"), _coordinate(longitude, 180, "longitude")
    if (latitude is None) != (longitude is None):
        raise ParticipationError(
            _("Bitte geben Sie Breiten- und Längengrad gemeinsam an oder lassen Sie beide leer."), field="longitude"
        )
    image_alt = (image_alt or "").strip() if image is not None else ""
    if image is not None and not image_alt:
        raise ParticipationError(
            _("Bitte beschreiben Sie das Bild in einem Alternativtext für Menschen, die es nicht sehen."),
            field="image_alt",
        )
    if len(image_alt) > 255:
        raise ParticipationError(_("Der Alternativtext darf höchstens 255 Zeichen lang sein."), field="image_alt")
    values.update(
        field=field, location_label=location_label, latitude=latitude, longitude=longitude,
        image=image, image_alt=image_alt,
    )
    return values


def _lock(obj):
    """The row of ``obj`` read again under a row lock for the rest of the transaction."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _copy_back(source, target):
    """Let the caller's instance see what the service wrote (without another query)."""
    if source is target:
        return
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _bump(idea_id, counter, delta):
    Idea.objects.filter(pk=idea_id).update(**{counter: F(counter) + delta})


def _refresh_counters(locked, idea):
    locked.refresh_from_db(fields=["support_count", "comment_count"])
    _copy_back(locked, idea)


def _event(idea, kind, actor, text="", state=""):
    return IdeaEvent.objects.create(idea=idea, kind=kind, actor=actor, text=text, state=state)


def _require_visible_idea(idea, message_withdrawn):
    if idea.moderation == Moderation.PENDING:
        raise ParticipationError(_("Diese Idee wartet noch auf die Freigabe durch die Moderation."))
    if idea.moderation == Moderation.HIDDEN:
        raise ParticipationError(_("Diese Idee wurde von der Moderation ausgeblendet."))
    if idea.state == IdeaState.WITHDRAWN:
        raise ParticipationError(message_withdrawn)


# --- Ideas ------------------------------------------------------------------------------------------


@transaction.atomic
def submit_idea(user, process, field, title, description, *, location_label="", latitude=None, longitude=None,
                image=None, image_alt="", organisation=None):
    """A signed-in person submits an idea while the current phase collects ideas.

    With pre-moderation the idea waits for release (moderation "pending"). ``organisation`` marks a
    partner's idea; the caller makes sure the person may speak for it.
    """
    _require_user(user, _("Bitte melden Sie sich an, um eine Idee einzureichen."))
    _require_phase(process, "ideas")
    values = _idea_values(process, field, title, description, location_label, latitude, longitude, image, image_alt)
    idea = Idea.objects.create(
        process=process, author=user, organisation=organisation,
        moderation=Moderation.PENDING if process.premoderation else Moderation.PUBLISHED,
        **values,
    )
    _event(idea, IdeaEventKind.SUBMITTED, user)
    return idea


@transaction.atomic
def edit_idea(user, idea, *, title, description, field, location_label="", latitude=None, longitude=None,
              image=None, image_alt=""):
    """The author changes their idea: only before anyone supported or commented on it, before the
    office answered it, and while the process still collects ideas."""
    _require_user(user)
    locked = _lock(idea)
    if locked.author_id != user.pk:
        raise ParticipationError(_("Nur wer die Idee eingereicht hat, kann sie bearbeiten."), code="permission")
    if locked.state == IdeaState.WITHDRAWN:
        raise ParticipationError(_("Eine zurückgezogene Idee kann nicht mehr bearbeitet werden."))
    if locked.moderation == Moderation.HIDDEN:
        raise ParticipationError(
            _("Diese Idee wurde von der Moderation ausgeblendet und kann nicht bearbeitet werden.")
        )
    if locked.is_locked_for_editing:
        raise ParticipationError(
            _("Diese Idee kann nicht mehr bearbeitet werden, weil sie bereits unterstützt oder kommentiert wurde."),
            code="locked",
        )
    if locked.state != IdeaState.SUBMITTED:
        raise ParticipationError(
            _("Diese Idee wurde bereits vom Programmbüro beantwortet und kann nicht mehr bearbeitet werden.")
        )
    process = locked.process
    _require_phase(process, "ideas")
    values = _idea_values(process, field, title, description, location_label, latitude, longitude, image, image_alt)
    for name, value in values.items():
        setattr(locked, name, value)
    if process.premoderation:
        locked.moderation = Moderation.PENDING  # a changed text is checked again before it shows
    locked.save()
    _event(locked, IdeaEventKind.EDITED, user)
    _copy_back(locked, idea)
    return idea


@transaction.atomic
def withdraw_idea(user, idea, reason=""):
    """The author withdraws their idea (before the office accepted, declined or implemented it)."""
    _require_user(user)
    locked = _lock(idea)
    if locked.author_id != user.pk:
        raise ParticipationError(_("Nur wer die Idee eingereicht hat, kann sie zurückziehen."), code="permission")
    if locked.state == IdeaState.WITHDRAWN:
        raise ParticipationError(_("Diese Idee wurde bereits zurückgezogen."))
    if locked.state not in (IdeaState.SUBMITTED, IdeaState.UNDER_REVIEW):
        raise ParticipationError(_("Eine bereits entschiedene Idee kann nicht mehr zurückgezogen werden."))
    reason = (reason or "").strip()[:REASON_MAX]
    locked.state = IdeaState.WITHDRAWN
    locked.save(update_fields=["state", "updated"])
    _event(locked, IdeaEventKind.WITHDRAWN, user, text=reason, state=IdeaState.WITHDRAWN)
    notifications.idea_state_changed(locked, user)
    _copy_back(locked, idea)
    return idea


# --- Supports ---------------------------------------------------------------------------------------
#
# A support click is the hottest write of the portal (a whole city may click at once), so it is kept
# to two statements and no row lock taken in advance:
#
#   INSERT INTO participation_support ... ON CONFLICT DO NOTHING RETURNING id   (row inserted or not)
#   UPDATE participation_idea SET support_count = support_count + 1 WHERE id = ... AND <visible>
#       RETURNING support_count, comment_count                                    (only if inserted)
#
# Why this stays exact under concurrency (PostgreSQL, READ COMMITTED; SQLite serialises writes):
# the unique constraint (idea, user) decides whether a row exists – a second INSERT of the same pair
# waits for the first transaction and then does nothing (or inserts, if the first rolled back); a
# DELETE of a row that another transaction inserted but has not committed deletes nothing. The
# counter moves in the same transaction as the row it counts, by exactly the rows inserted or
# deleted, and the UPDATE takes the idea's row lock itself. So at every commit support_count equals
# the number of Support rows, whatever support/unsupport clicks of the same or other people overlap.
# The idea's visibility is checked again inside the UPDATE (its WHERE sees the latest committed row):
# if a moderator hid or the author withdrew the idea meanwhile, no row matches and the transaction
# (with the inserted support) is rolled back.

# Both statements are plain SQL that PostgreSQL and SQLite (>= 3.35) understand alike.
_SUPPORT_INSERT = (
    "INSERT INTO participation_support (idea_id, user_id, created) VALUES (%s, %s, %s) "
    "ON CONFLICT (idea_id, user_id) DO NOTHING RETURNING id"
)
_SUPPORT_DELETE = "DELETE FROM participation_support WHERE idea_id = %s AND user_id = %s RETURNING id"
_COUNT_UPDATE = (
    "UPDATE participation_idea SET support_count = support_count + %s WHERE id = %s{visible} "
    "RETURNING support_count, comment_count"
)
_VISIBLE = " AND moderation = 'published' AND state <> 'withdrawn'"


def _support_idea(idea):
    """The idea to check a support click against: the caller's instance (the view reads it once with
    its process and phases); a pending, hidden or withdrawn one is read again, so a stale instance
    never refuses a click wrongly (the UPDATE above re-checks a visible one)."""
    if idea.moderation == Moderation.PUBLISHED and idea.state != IdeaState.WITHDRAWN:
        return idea
    return Idea.objects.select_related("process").get(pk=idea.pk)


def _change_count(idea, delta, *, visible):
    """Move support_count by ``delta`` and hand the new counters to the caller's instance. Returns
    False if ``visible`` was required and the idea is no longer visible (nothing changed)."""
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_UPDATE.format(visible=_VISIBLE if visible else ""), [delta, idea.pk])
        row = cursor.fetchone()
    if row is None:
        return False
    idea.support_count, idea.comment_count = row
    return True


def _refresh_support_counters(idea):
    counts = Idea.objects.filter(pk=idea.pk).values_list("support_count", "comment_count").first()
    if counts is not None:
        idea.support_count, idea.comment_count = counts


@transaction.atomic
def support(user, idea):
    """Support an idea. Returns True if a support was added, False if the person already supported it.

    The unique constraint on (idea, user) decides; the counter moves only when a row was inserted
    (see the comment above for why no row lock is needed).
    """
    _require_user(user, _("Bitte melden Sie sich an, um Ideen zu unterstützen."))
    checked = _support_idea(idea)
    _require_visible_idea(checked, _("Eine zurückgezogene Idee kann nicht unterstützt werden."))
    if checked.author_id == user.pk:
        raise ParticipationError(_("Ihre eigene Idee können Sie nicht unterstützen."))
    _require_phase(checked.process, "supports")
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_SUPPORT_INSERT, [idea.pk, user.pk, now])
        inserted = cursor.fetchone() is not None
    if not inserted:
        _refresh_support_counters(idea)
        return False
    if not _change_count(idea, 1, visible=True):
        # Hidden or withdrawn since it was read: the error rolls the insert back and says why.
        withdrawn = _("Eine zurückgezogene Idee kann nicht unterstützt werden.")
        _require_visible_idea(Idea.objects.get(pk=idea.pk), withdrawn)
        raise ParticipationError(_("Diese Idee kann nicht unterstützt werden."))  # pragma: no cover
    return True


@transaction.atomic
def unsupport(user, idea):
    """Take a support back. Returns True if one was removed, False if there was none."""
    _require_user(user)
    _require_phase(idea.process, "supports")
    with connection.cursor() as cursor:
        cursor.execute(_SUPPORT_DELETE, [idea.pk, user.pk])
        deleted = cursor.fetchone() is not None
    if deleted:
        _change_count(idea, -1, visible=False)
    else:
        _refresh_support_counters(idea)
    return deleted


# --- Official answers -------------------------------------------------------------------------------


@transaction.atomic
def answer_idea(office_user, idea, state, justification, project=None):
    """The programme office answers an idea with a state and a justification; accepted or implemented
    ideas may name the project that carries them out (``None`` removes a link)."""
    if not can_answer(office_user):
        raise ParticipationError(_("Nur das Programmbüro kann Ideen beantworten."), code="permission")
    if state not in ANSWER_STATES:
        raise ParticipationError(_("Bitte wählen Sie einen gültigen Stand für die Antwort."), field="state")
    justification = _text(
        justification, field="justification", max_length=DESCRIPTION_MAX,
        required_message=_("Bitte begründen Sie die Antwort."),
        too_long_message=_("Die Begründung darf höchstens %(max)s Zeichen lang sein."),
    )
    if project is not None and state not in PROJECT_STATES:
        raise ParticipationError(
            _("Nur angenommene oder umgesetzte Ideen können mit einem Projekt verknüpft werden."), field="project"
        )
    locked = _lock(idea)
    if locked.state == IdeaState.WITHDRAWN:
        raise ParticipationError(_("Eine zurückgezogene Idee kann nicht beantwortet werden."))
    if locked.moderation == Moderation.PENDING:
        raise ParticipationError(_("Bitte geben Sie die Idee zuerst frei."))
    locked.state = state
    locked.answer_text = justification
    locked.answered_at = timezone.now()
    locked.answered_by = office_user
    locked.project = project
    locked.save(update_fields=["state", "answer_text", "answered_at", "answered_by", "project", "updated"])
    _event(locked, IdeaEventKind.ANSWERED, office_user, text=justification, state=state)
    log(locked, "modellstadt.answer", user=office_user,
        data={"state": state, "reason": justification, "project": project.pk if project else None})
    notifications.idea_answered(locked, office_user)
    _copy_back(locked, idea)
    return idea


# --- Comments ---------------------------------------------------------------------------------------


def _comment_text(text):
    return _text(
        text, field="text", max_length=COMMENT_MAX,
        required_message=_("Bitte schreiben Sie einen Kommentar."),
        too_long_message=_("Ein Kommentar darf höchstens %(max)s Zeichen lang sein."),
    )


def _set_visibility(comment, *, moderation=None, deleted_at=None, hidden_reason=None):
    """Change a locked comment's visibility and keep its idea's comment_count in step."""
    was_visible = comment.is_visible
    if moderation is not None:
        comment.moderation = moderation
    if deleted_at is not None:
        comment.deleted_at = deleted_at
    if hidden_reason is not None:
        comment.hidden_reason = hidden_reason
    comment.save(update_fields=["moderation", "deleted_at", "hidden_reason"])
    if comment.idea_id and was_visible != comment.is_visible:
        _bump(comment.idea_id, "comment_count", 1 if comment.is_visible else -1)


@transaction.atomic
def comment(user, target, text, parent=None, guest_name=None, guest_email=None):
    """Write a comment (or a reply to ``parent``) on an idea, a project or a news post.

    Signed-in people publish at once (unless the idea's process is pre-moderated). Guests may
    comment only on news posts, with name and e-mail address; their comments wait for release.
    Comments on ideas follow the process's phases.
    """
    try:
        field = comment_target_field(target)
    except TypeError:
        raise ParticipationError(_("Hier kann nicht kommentiert werden.")) from None
    is_guest = user is None or not user.is_authenticated
    text = _comment_text(text)
    values = {"author": None if is_guest else user, "moderation": Moderation.PUBLISHED}
    if is_guest:
        if field != "news_post":
            raise ParticipationError(_("Bitte melden Sie sich an, um zu kommentieren."), code="login_required")
        guest_name = (guest_name or "").strip()
        if not guest_name:
            raise ParticipationError(_("Bitte geben Sie Ihren Namen an."), field="guest_name")
        if len(guest_name) > GUEST_NAME_MAX:
            raise ParticipationError(
                _("Der Name darf höchstens %(max)s Zeichen lang sein.") % {"max": GUEST_NAME_MAX}, field="guest_name"
            )
        guest_email = (guest_email or "").strip()
        try:
            if len(guest_email) > 254:
                raise ValidationError("too long")
            validate_email(guest_email)
        except ValidationError:
            raise ParticipationError(
                _("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="guest_email"
            ) from None
        values.update(guest_name=guest_name, guest_email=guest_email, moderation=Moderation.PENDING)
    else:
        _require_user(user)

    idea = None
    if field == "idea":
        idea = _lock(target)
        _require_visible_idea(idea, _("Eine zurückgezogene Idee kann nicht mehr kommentiert werden."))
        _require_phase(idea.process, "comments")
        if idea.process.premoderation:
            values["moderation"] = Moderation.PENDING
    elif not target.live:
        raise ParticipationError(_("Dieser Inhalt ist nicht öffentlich."))

    depth = 0
    if parent is not None:
        parent = Comment.objects.get(pk=parent.pk)
        if getattr(parent, f"{field}_id") != target.pk:
            raise ParticipationError(_("Die Antwort gehört nicht zu dieser Diskussion."), field="parent")
        if not parent.is_visible:
            raise ParticipationError(_("Auf diesen Kommentar kann nicht geantwortet werden."), field="parent")
        depth = parent.depth + 1
        if depth >= Comment.MAX_DEPTH:
            raise ParticipationError(
                _("Auf diesen Kommentar kann nicht weiter geantwortet werden. "
                  "Bitte antworten Sie auf einen Kommentar weiter oben im Gespräch."),
                field="parent", code="max_depth",
            )

    new = Comment.objects.create(**{f"{field}_id": target.pk}, parent=parent, depth=depth, text=text, **values)
    if idea is not None:
        if new.is_visible:
            _bump(idea.pk, "comment_count", 1)
        _refresh_counters(idea, target)
    notifications.comment_published(new)  # replies to the parent's author, comments to the idea's author
    return new


@transaction.atomic
def edit_comment(user, comment, text):
    """The author changes their comment; it is marked as edited."""
    _require_user(user)
    locked = _lock(comment)
    if locked.author_id is None or locked.author_id != user.pk:
        raise ParticipationError(_("Nur wer den Kommentar geschrieben hat, kann ihn bearbeiten."), code="permission")
    if locked.is_deleted:
        raise ParticipationError(_("Ein gelöschter Kommentar kann nicht bearbeitet werden."))
    if locked.is_hidden:
        raise ParticipationError(_("Ein ausgeblendeter Kommentar kann nicht bearbeitet werden."))
    text = _comment_text(text)
    premoderated = False
    if locked.idea_id:
        idea = locked.idea
        _require_phase(idea.process, "comments")
        premoderated = idea.process.premoderation
    if text != locked.text:
        locked.text = text
        locked.edited_at = timezone.now()
        locked.save(update_fields=["text", "edited_at"])
        if premoderated and locked.moderation == Moderation.PUBLISHED:
            _set_visibility(locked, moderation=Moderation.PENDING)  # checked again before it shows
    _copy_back(locked, comment)
    return comment


@transaction.atomic
def delete_comment(user, comment):
    """The author (or a moderator) deletes a comment. The row stays as a placeholder so replies remain
    readable; its text no longer appears anywhere public."""
    _require_user(user)
    locked = _lock(comment)
    is_author = locked.author_id is not None and locked.author_id == user.pk
    moderator = can_moderate(user)
    if not (is_author or moderator):
        raise ParticipationError(_("Sie können nur Ihre eigenen Kommentare löschen."), code="permission")
    if not locked.is_deleted:
        _set_visibility(locked, deleted_at=timezone.now())
        if not is_author:
            log(locked, "modellstadt.delete_comment", user=user)
    _copy_back(locked, comment)
    return comment


# --- Reports and moderation -------------------------------------------------------------------------


def _require_contribution(obj):
    if not isinstance(obj, (Idea, Comment)):
        raise ParticipationError(_("Dieser Inhalt kann nicht gemeldet oder moderiert werden."))


def _open_reports(obj):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, resolved_at__isnull=True
    )


def _resolve_reports(obj, moderator, resolution):
    return _open_reports(obj).update(resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution)


@transaction.atomic
def report(user, obj, reason):
    """A signed-in person reports an idea or a comment to the moderators. Reporting the same thing
    again while the first report is open returns that report."""
    _require_user(user, _("Bitte melden Sie sich an, um einen Beitrag zu melden."))
    _require_contribution(obj)
    reason = _text(
        reason, field="reason", max_length=REASON_MAX,
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


def _require_moderator(user):
    if not can_moderate(user):
        raise ParticipationError(_("Nur die Moderation kann das tun."), code="permission")


@transaction.atomic
def hide(moderator, obj, reason):
    """Hide an idea or a comment; ``reason`` is shown in its place. Open reports on it are closed.
    Hiding something already hidden replaces the reason."""
    _require_moderator(moderator)
    _require_contribution(obj)
    reason = _text(
        reason, field="reason", max_length=REASON_MAX,
        required_message=_("Bitte geben Sie einen Grund an. Er wird anstelle des Beitrags angezeigt."),
        too_long_message=_("Der Grund darf höchstens %(max)s Zeichen lang sein."),
    )
    locked = _lock(obj)
    if isinstance(locked, Comment):
        _set_visibility(locked, moderation=Moderation.HIDDEN, hidden_reason=reason)
    else:
        locked.moderation = Moderation.HIDDEN
        locked.hidden_reason = reason
        locked.save(update_fields=["moderation", "hidden_reason", "updated"])
        _event(locked, IdeaEventKind.HIDDEN, moderator, text=reason)
    _resolve_reports(locked, moderator, ReportResolution.HIDDEN)
    log(locked, "modellstadt.hide", user=moderator, data={"reason": reason})
    _copy_back(locked, obj)
    return obj


@transaction.atomic
def unhide(moderator, obj):
    """Show a hidden idea or comment again."""
    _require_moderator(moderator)
    _require_contribution(obj)
    locked = _lock(obj)
    if locked.moderation != Moderation.HIDDEN:
        raise ParticipationError(_("Dieser Beitrag ist nicht ausgeblendet."))
    if isinstance(locked, Comment):
        _set_visibility(locked, moderation=Moderation.PUBLISHED, hidden_reason="")
    else:
        locked.moderation = Moderation.PUBLISHED
        locked.hidden_reason = ""
        locked.save(update_fields=["moderation", "hidden_reason", "updated"])
        _event(locked, IdeaEventKind.UNHIDDEN, moderator)
    log(locked, "modellstadt.unhide", user=moderator)
    _copy_back(locked, obj)
    return obj


@transaction.atomic
def release(moderator, obj):
    """Publish a pending idea or comment (pre-moderation, guest comments)."""
    _require_moderator(moderator)
    _require_contribution(obj)
    locked = _lock(obj)
    if locked.moderation != Moderation.PENDING:
        raise ParticipationError(_("Dieser Beitrag wartet nicht auf eine Freigabe."))
    if isinstance(locked, Comment):
        _set_visibility(locked, moderation=Moderation.PUBLISHED)
        notifications.comment_published(locked)
    else:
        locked.moderation = Moderation.PUBLISHED
        locked.save(update_fields=["moderation", "updated"])
        _event(locked, IdeaEventKind.RELEASED, moderator)
    log(locked, "modellstadt.release", user=moderator)
    _copy_back(locked, obj)
    return obj


def release_comment(moderator, comment):
    """Publish a pending comment; the idea's comment count grows."""
    if not isinstance(comment, Comment):
        raise ParticipationError(_("Das ist kein Kommentar."))
    return release(moderator, comment)


def release_idea(moderator, idea):
    if not isinstance(idea, Idea):
        raise ParticipationError(_("Das ist keine Idee."))
    return release(moderator, idea)


@transaction.atomic
def dismiss_reports(moderator, obj):
    """Close the open reports on an idea or a comment without hiding it. Returns how many."""
    _require_moderator(moderator)
    _require_contribution(obj)
    count = _resolve_reports(obj, moderator, ReportResolution.DISMISSED)
    if count:
        log(obj, "modellstadt.dismiss_reports", user=moderator, data={"reports": count})
    return count
