"""Writes of ideas: submit, edit, withdraw, support and answer them.

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

import functools
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.options import Options
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.accounts.models import User
from modellstadt.core import images
from modellstadt.core.uploads import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable
from modellstadt.ideas import selectors, signals
from modellstadt.ideas.models import (
    ANSWER_STATES,
    IDEA_IMAGE_COLLECTION,
    PROJECT_STATES,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaState,
    Moderation,
    Process,
    Support,
    visible_ideas,
)
from modellstadt.ideas.permissions import Person, can_answer
from modellstadt.ideas.rules import (
    DESCRIPTION_MAX,
    LOCATION_MAX,
    REASON_MAX,
    TITLE_MAX,
    ParticipationError,
    clean_text,
    copy_back,
    lock,
    require_phase,
    require_user,
    require_visible_idea,
)
from modellstadt.partners import permissions as partner_permissions


def _coordinate(value: Any, limit: int, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not -limit <= number <= limit:  # "nan" quantizes without error
        raise ParticipationError(_("Die Ortsangabe liegt außerhalb des gültigen Bereichs."), field=field)
    return number


def _check_inside_city(latitude: Decimal, longitude: Decimal) -> None:
    """A ParticipationError next to the field that is off when the point lies outside MODELLSTADT_CITY_BOUNDS."""
    bounds = getattr(settings, "MODELLSTADT_CITY_BOUNDS", None)
    if not bounds:
        return
    west, south, east, north = bounds
    area = _("Das Stadtgebiet reicht von Breitengrad %(south)s bis %(north)s und von Längengrad %(west)s bis "
             "%(east)s.") % {"south": f"{south:.4f}", "north": f"{north:.4f}", "west": f"{west:.4f}",
                            "east": f"{east:.4f}"}  # written like the form's examples (52.423000)
    if not south <= float(latitude) <= north:
        raise ParticipationError(_("Dieser Breitengrad liegt außerhalb des Stadtgebiets.") + " " + area,
                                 field="latitude")
    if not west <= float(longitude) <= east:
        raise ParticipationError(_("Dieser Längengrad liegt außerhalb des Stadtgebiets.") + " " + area,
                                 field="longitude")


def _idea_values(process: Process, field: Any, title: str, description: str, location_label: str, latitude: Any,
                 longitude: Any, image: Any, image_alt: str) -> dict[str, Any]:
    """The cleaned values of an idea's form, or a ParticipationError for the first problem."""
    values = {
        "title": clean_text(
            title, field="title", max_length=TITLE_MAX,
            required_message=_("Bitte geben Sie einen Titel an."),
            too_long_message=_("Der Titel darf höchstens %(max)s Zeichen lang sein."),
        ),
        "description": clean_text(
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
    if latitude is not None:
        _check_inside_city(latitude, longitude)
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


def bump_counter(idea_id: int, counter: str, delta: int) -> None:
    Idea.objects.filter(pk=idea_id).update(**{counter: F(counter) + delta})


def refresh_counters(locked: Idea, idea: Idea) -> None:
    locked.refresh_from_db(fields=["support_count", "comment_count"])
    copy_back(locked, idea)


def record_event(idea: Idea, kind: str, actor: User | None, text: str = "", state: str = "") -> IdeaEvent:
    return IdeaEvent.objects.create(idea=idea, kind=kind, actor=actor, text=text, state=state)


# --- Ideas ------------------------------------------------------------------------------------------


def submit_idea(user: Person, process: Process, field: Any, title: str, description: str, *, location_label: str = "",
                latitude: Any = None, longitude: Any = None, image: Any = None, image_alt: str = "",
                organisation: Any = None) -> Idea:
    """A signed-in person submits an idea while the current phase collects ideas.

    With pre-moderation the idea waits for release (moderation "pending"). ``organisation`` marks a
    partner's idea; the caller makes sure the person may speak for it.
    """
    with transaction.atomic():
        user = require_user(user, _("Bitte melden Sie sich an, um eine Idee einzureichen."))
        require_phase(process, "ideas")
        values = _idea_values(process, field, title, description, location_label, latitude, longitude, image, image_alt)
        idea = Idea.objects.create(
            process=process, author=user, organisation=organisation,
            moderation=Moderation.PENDING if process.premoderation else Moderation.PUBLISHED,
            **values,
        )
        record_event(idea, IdeaEventKind.SUBMITTED, user)
        return idea


def submit_partner_idea(user: Person, organisation: Any, process: Process, field: Any, title: str,
                        description: str) -> Idea:
    """A representative submits a project idea on behalf of ``organisation`` into the citizens' flow."""
    if not partner_permissions.is_representative(user, organisation):
        raise ParticipationError(_("Sie vertreten diese Organisation nicht."), code="permission")
    return submit_idea(user, process, field, title, description, organisation=organisation)


def edit_idea(user: Person, idea: Idea, *, title: str, description: str, field: Any, location_label: str = "",
              latitude: Any = None, longitude: Any = None, image: Any = None, image_alt: str = "") -> Idea:
    """The author changes their idea: only before anyone supported or commented on it, before the
    office answered it, and while the process still collects ideas."""
    with transaction.atomic():
        user = require_user(user)
        locked = lock(idea)
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
        require_phase(process, "ideas")
        values = _idea_values(process, field, title, description, location_label, latitude, longitude, image, image_alt)
        for name, value in values.items():
            setattr(locked, name, value)
        if process.premoderation:
            locked.moderation = Moderation.PENDING  # a changed text is checked again before it shows
        locked.save()
        record_event(locked, IdeaEventKind.EDITED, user)
        copy_back(locked, idea)
        return idea


def withdraw_idea(user: Person, idea: Idea, reason: str = "") -> Idea:
    """The author withdraws their idea (before the office accepted, declined or implemented it)."""
    with transaction.atomic():
        user = require_user(user)
        locked = lock(idea)
        if locked.author_id != user.pk:
            raise ParticipationError(_("Nur wer die Idee eingereicht hat, kann sie zurückziehen."), code="permission")
        if locked.state == IdeaState.WITHDRAWN:
            raise ParticipationError(_("Diese Idee wurde bereits zurückgezogen."))
        if locked.state not in (IdeaState.SUBMITTED, IdeaState.UNDER_REVIEW):
            raise ParticipationError(_("Eine bereits entschiedene Idee kann nicht mehr zurückgezogen werden."))
        reason = (reason or "").strip()[:REASON_MAX]
        locked.state = IdeaState.WITHDRAWN
        locked.save(update_fields=["state", "updated"])
        record_event(locked, IdeaEventKind.WITHDRAWN, user, text=reason, state=IdeaState.WITHDRAWN)
        signals.idea_state_changed.send(sender=Idea, idea=locked, actor=user)
        copy_back(locked, idea)
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

# Both statements are plain SQL that PostgreSQL and SQLite (>= 3.35) understand alike. Table and
# column names come from the models' metadata and the visibility condition is compiled from
# ``visible_ideas()``, so they follow the models wherever they live.


@functools.cache
def _support_sql(vendor: str) -> tuple[str, str, str, tuple[str, tuple[Any, ...]]]:
    """(insert, delete, count update, visible condition + params) for the connection's vendor."""
    quote = connection.ops.quote_name
    support, idea = Support._meta, Idea._meta

    def column(meta: Options, name: str) -> str:
        return quote(str(meta.get_field(name).column))  # type: ignore[union-attr]  # a concrete field

    support_idea, support_user = column(support, "idea"), column(support, "user")
    insert = (
        f"INSERT INTO {quote(str(support.db_table))} ({support_idea}, {support_user}, {column(support, 'created')}) "
        f"VALUES (%s, %s, %s) ON CONFLICT ({support_idea}, {support_user}) DO NOTHING "
        f"RETURNING {quote(str(support.pk.column))}"
    )
    delete = (
        f"DELETE FROM {quote(str(support.db_table))} WHERE {support_idea} = %s AND {support_user} = %s "
        f"RETURNING {quote(str(support.pk.column))}"
    )
    supports, comments = column(idea, "support_count"), column(idea, "comment_count")
    update = (
        f"UPDATE {quote(str(idea.db_table))} SET {supports} = {supports} + %s "
        f"WHERE {quote(str(idea.pk.column))} = %s{{visible}} "
        f"RETURNING {supports}, {comments}"
    )
    query = Idea.objects.filter(visible_ideas()).query
    visible, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
    # Plain strings, not the choices' enum members, for the database driver.
    return insert, delete, update, (f" AND {visible}", tuple(str(p) if isinstance(p, str) else p for p in params))


def _support_idea(idea: Idea) -> Idea:
    """The idea to check a support click against: the caller's instance (the view reads it once with
    its process and phases); a pending, hidden or withdrawn one is read again, so a stale instance
    never refuses a click wrongly (the UPDATE above re-checks a visible one)."""
    if idea.is_visible:
        return idea
    return Idea.objects.select_related("process").get(pk=idea.pk)


def _change_count(idea: Idea, delta: int, *, visible: bool) -> bool:
    """Move support_count by ``delta`` and hand the new counters to the caller's instance. Returns
    False if ``visible`` was required and the idea is no longer visible (nothing changed)."""
    _insert, _delete, update, (condition, condition_params) = _support_sql(connection.vendor)
    sql = update.format(visible=condition if visible else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [delta, idea.pk, *(condition_params if visible else ())])
        row = cursor.fetchone()
    if row is None:
        return False
    idea.support_count, idea.comment_count = row
    return True


def _refresh_support_counters(idea: Idea) -> None:
    counts = Idea.objects.filter(pk=idea.pk).values_list("support_count", "comment_count").first()
    if counts is not None:
        idea.support_count, idea.comment_count = counts


def support(user: Person, idea: Idea) -> bool:
    """Support an idea. Returns True if a support was added, False if the person already supported it.

    The unique constraint on (idea, user) decides; the counter moves only when a row was inserted
    (see the comment above for why no row lock is needed).
    """
    with transaction.atomic():
        user = require_user(user, _("Bitte melden Sie sich an, um Ideen zu unterstützen."))
        checked = _support_idea(idea)
        require_visible_idea(checked, _("Eine zurückgezogene Idee kann nicht unterstützt werden."))
        if checked.author_id == user.pk:
            raise ParticipationError(_("Ihre eigene Idee können Sie nicht unterstützen."))
        require_phase(checked.process, "supports")
        with connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(_support_sql(connection.vendor)[0], [idea.pk, user.pk, now])
            inserted = cursor.fetchone() is not None
        if not inserted:
            _refresh_support_counters(idea)
            return False
        if not _change_count(idea, 1, visible=True):
            # Hidden or withdrawn since it was read: the error rolls the insert back and says why.
            withdrawn = _("Eine zurückgezogene Idee kann nicht unterstützt werden.")
            require_visible_idea(Idea.objects.get(pk=idea.pk), withdrawn)
            raise ParticipationError(_("Diese Idee kann nicht unterstützt werden."))  # pragma: no cover
        return True


def unsupport(user: Person, idea: Idea) -> bool:
    """Take a support back. Returns True if one was removed, False if there was none."""
    with transaction.atomic():
        user = require_user(user)
        require_phase(idea.process, "supports")
        with connection.cursor() as cursor:
            cursor.execute(_support_sql(connection.vendor)[1], [idea.pk, user.pk])
            deleted = cursor.fetchone() is not None
        if deleted:
            _change_count(idea, -1, visible=False)
        else:
            _refresh_support_counters(idea)
        return deleted


# --- Official answers -------------------------------------------------------------------------------


def answer_idea(office_user: Person, idea: Idea, state: str, justification: str, project: Any = None) -> Idea:
    """The programme office answers an idea with a state and a justification; accepted or implemented
    ideas may name the project that carries them out (``None`` removes a link)."""
    with transaction.atomic():
        if not can_answer(office_user):
            raise ParticipationError(_("Nur das Programmbüro kann Ideen beantworten."), code="permission")
        office = cast(User, office_user)
        if state not in ANSWER_STATES:
            raise ParticipationError(_("Bitte wählen Sie einen gültigen Stand für die Antwort."), field="state")
        justification = clean_text(
            justification, field="justification", max_length=DESCRIPTION_MAX,
            required_message=_("Bitte begründen Sie die Antwort."),
            too_long_message=_("Die Begründung darf höchstens %(max)s Zeichen lang sein."),
        )
        if project is not None and state not in PROJECT_STATES:
            raise ParticipationError(
                _("Nur angenommene oder umgesetzte Ideen können mit einem Projekt verknüpft werden."), field="project"
            )
        locked = lock(idea)
        if locked.state == IdeaState.WITHDRAWN:
            raise ParticipationError(_("Eine zurückgezogene Idee kann nicht beantwortet werden."))
        if locked.moderation == Moderation.PENDING:
            raise ParticipationError(_("Bitte geben Sie die Idee zuerst frei."))
        locked.state = state
        locked.answer_text = justification
        locked.answered_at = timezone.now()
        locked.answered_by = office
        locked.project = project
        locked.save(update_fields=["state", "answer_text", "answered_at", "answered_by", "project", "updated"])
        record_event(locked, IdeaEventKind.ANSWERED, office, text=justification, state=state)
        log(locked, "modellstadt.answer", user=office,
            data={"state": state, "reason": justification, "project": project.pk if project else None})
        signals.idea_answered.send(sender=Idea, idea=locked, actor=office)
        copy_back(locked, idea)
        return idea


# --- Uploaded images ----------------------------------------------------------------------------------


def idea_image_collection() -> Any:
    """The Wagtail collection for images uploaded with ideas, created below the root when missing."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=IDEA_IMAGE_COLLECTION).first()
    return collection if collection is not None else root.add_child(name=IDEA_IMAGE_COLLECTION)


def store_idea_image(upload: Any, image_format: str, user: Person) -> Any:
    """An upload checked by the form (``core.images.check_image``), re-encoded and stored in the ideas
    collection. Views call it only right before the idea is written, so failed forms store nothing.
    Raises ParticipationError on the image field when the file store is down."""
    try:
        return images.store_image(
            upload, image_format, title=_("Bild zu einer Idee"), user=user, collection=idea_image_collection()
        )
    except StorageUnavailable:
        raise ParticipationError(str(STORAGE_UNAVAILABLE_MESSAGE), field="image") from None


def delete_orphaned_images(*, older_than: Any = None, now: Any = None, dry_run: bool = False) -> int:
    """Delete the images of the ideas collection that belong to no idea and are older than
    ``older_than`` (default one day); their files and renditions go after the commit (Wagtail's signal
    handlers). Returns how many there were."""
    import datetime

    cutoff = (now or timezone.now()) - (older_than if older_than is not None else datetime.timedelta(days=1))
    orphans = selectors.orphaned_idea_images(cutoff)
    if not dry_run:
        for image in orphans:
            image.delete()
    return len(orphans)
