"""Read queries of ideas: phase state, idea lists, an idea with its history, similar ideas.

Every function here costs a fixed number of queries whatever the data size: lists are one query
(counters are columns, whether the viewer supports an idea is an EXISTS subquery).
"""

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.core.paginator import Page
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellstadt.core.cache import generation_kept, kept_while_unchanged
from modellstadt.core.stemming import stem_pattern, stems
from modellstadt.ideas.models import (
    IDEA_IMAGE_COLLECTION,
    Idea,
    IdeaEvent,
    IdeaState,
    Moderation,
    Phase,
    Process,
    Support,
)
from modellstadt.ideas.permissions import Person, can_moderate
from modellstadt.strategy.models import CooperationFieldPage

# --- Phases -----------------------------------------------------------------------------------------

ACTIONS = ("ideas", "supports", "comments")

_ACTION_MESSAGES = {
    "ideas": {
        "open": _("Ideen können bis %(moment)s eingereicht werden."),
        "opens": _("Ideen können ab %(moment)s eingereicht werden."),
        "closed": _("Ideen können in diesem Verfahren nicht mehr eingereicht werden."),
    },
    "supports": {
        "open": _("Ideen können bis %(moment)s unterstützt werden."),
        "opens": _("Ideen können ab %(moment)s unterstützt werden."),
        "closed": _("Ideen können in diesem Verfahren nicht mehr unterstützt werden."),
    },
    "comments": {
        "open": _("Ideen können bis %(moment)s kommentiert werden."),
        "opens": _("Ideen können ab %(moment)s kommentiert werden."),
        "closed": _("Ideen können in diesem Verfahren nicht mehr kommentiert werden."),
    },
}
_NOT_SCHEDULED = _("Für dieses Verfahren stehen noch keine Termine fest.")


def format_moment(value: datetime | None) -> str:
    """'3. März 2026, 18:00 Uhr' in Europe/Berlin (core.formatting; at midnight only the date)."""
    from modellstadt.core.formatting import format_moment as _format_moment

    return str(_format_moment(value))


def format_deadline_moment(value: datetime | None) -> str:
    """'einschließlich 24. Januar 2027' for an end at midnight (core.formatting), for "bis %(moment)s"."""
    from modellstadt.core.formatting import deadline_moment

    return str(deadline_moment(value))


@dataclass(frozen=True)
class ActionState:
    """Whether one action (submit ideas, support, comment) is possible now, and if not, when."""

    action: str
    allowed: bool
    opens_at: datetime | None = None  # not allowed now, but a later phase allows it
    closes_at: datetime | None = None  # allowed now, until then
    scheduled: bool = True  # False while the process has no phases at all

    @property
    def closed(self) -> bool:
        """Not allowed now and no later phase allows it."""
        return not self.allowed and self.opens_at is None

    @property
    def last_day(self) -> date | None:
        """The last calendar day (Europe/Berlin) on which the action is possible, while it is: an end at
        midnight makes the day before the last one (for Leichte Sprache: "Der letzte Tag ist …")."""
        if not self.allowed or self.closes_at is None:
            return None
        end = timezone.localtime(self.closes_at)
        if (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def message(self) -> str:
        """The sentence a page shows next to the action (and the error a service raises)."""
        if not self.scheduled:
            return str(_NOT_SCHEDULED)
        texts = _ACTION_MESSAGES[self.action]
        if self.allowed:
            return str(texts["open"]) % {"moment": format_deadline_moment(self.closes_at)}
        if self.opens_at is not None:
            return str(texts["opens"]) % {"moment": format_moment(self.opens_at)}
        return str(texts["closed"])


@dataclass(frozen=True)
class PhaseState:
    """Where a process stands at a moment: which phase runs, what comes next, what is allowed."""

    status: str  # "not_scheduled", "upcoming", "running", "between" (a gap), "finished"
    phase: object | None  # the running Phase
    next_phase: object | None
    phases: tuple
    ideas: ActionState
    supports: ActionState
    comments: ActionState

    @property
    def is_running(self) -> bool:
        return self.status == "running"

    def action(self, name: str) -> ActionState:
        return cast(ActionState, getattr(self, name))


def _sorted_phases(process: Process) -> tuple[Phase, ...]:
    # .all() uses a prefetch_related("phases") cache when the caller has one.
    return tuple(sorted(process.phases.all(), key=lambda p: (p.starts_at, p.pk or 0)))


def _current(phases: tuple[Phase, ...], now: datetime) -> Phase | None:
    running = [p for p in phases if p.is_running(now)]
    return running[-1] if running else None  # overlapping phases: the one that started last wins


def current_phase(process: Process, now: datetime | None = None) -> Phase | None:
    """The phase running at ``now`` (default: now), or None."""
    return _current(_sorted_phases(process), now or timezone.now())


def _action_state(action: str, phases: tuple[Phase, ...], current: Phase | None, now: datetime) -> ActionState:
    flag = f"allows_{action}"
    if not phases:
        return ActionState(action, allowed=False, scheduled=False)
    if current is not None and getattr(current, flag):
        # The window closes at the first phase boundary after ``now`` where the phase then in force (the
        # one that started last, as in ``_current``) does not allow the action or none runs: a following
        # phase that allows it extends the window, and so does an earlier, longer phase around a nested one.
        boundaries = sorted({t for p in phases for t in (p.starts_at, p.ends_at) if t > now})
        closes_at = next(
            (t for t in boundaries if not ((then := _current(phases, t)) is not None and getattr(then, flag))),
            current.ends_at,
        )
        return ActionState(action, allowed=True, closes_at=closes_at)
    later = next((p for p in phases if p.starts_at > now and getattr(p, flag)), None)
    return ActionState(action, allowed=False, opens_at=later.starts_at if later else None)


def phase_state(process: Process, now: datetime | None = None) -> PhaseState:
    """PhaseState of ``process`` at ``now`` (default: now). One query, none with prefetched phases."""
    return _state_of(_sorted_phases(process), now or timezone.now())


def _state_of(phases: tuple[Phase, ...], now: datetime) -> PhaseState:
    current = _current(phases, now)
    next_phase = next((p for p in phases if p.starts_at > now), None)
    if not phases:
        status = "not_scheduled"
    elif current is not None:
        status = "running"
    elif now < phases[0].starts_at:
        status = "upcoming"
    elif now >= max(p.ends_at for p in phases):
        status = "finished"
    else:
        status = "between"
    states = {action: _action_state(action, phases, current, now) for action in ACTIONS}
    return PhaseState(status=status, phase=current, next_phase=next_phase, phases=phases, **states)


@dataclass(frozen=True)
class RunningProcess:
    process: Process
    state: PhaseState


def running_processes(now: datetime | None = None) -> list[RunningProcess]:
    """Processes with a phase running at ``now`` (default: now), newest first, each with its PhaseState.

    One query whatever the number of processes and phases: all phases of the processes that have a
    running phase, each with its process (the home page and the Leichte-Sprache page invite people to
    take part with it)."""
    now = now or timezone.now()
    running = Phase.objects.filter(starts_at__lte=now, ends_at__gt=now).values("process_id")
    phases = Phase.objects.filter(process_id__in=running).select_related("process")
    by_process: dict[int, tuple[Process, list[Phase]]] = {}
    for phase in phases:
        by_process.setdefault(phase.process_id, (phase.process, []))[1].append(phase)
    found = [
        RunningProcess(process, _state_of(tuple(sorted(group, key=lambda p: (p.starts_at, p.pk or 0))), now))
        for process, group in by_process.values()
    ]
    return sorted(found, key=lambda item: (item.process.created, item.process.pk), reverse=True)


# --- Ideas ------------------------------------------------------------------------------------------

SORTS = ("newest", "supports", "comments", "random")
_ORDERINGS = {
    "newest": ("-created", "-id"),
    "supports": ("-support_count", "-id"),
    "comments": ("-comment_count", "-id"),
}
_RANDOM_MODULUS = 2_147_483_647  # 2**31 - 1, a prime: (id * a + b) mod p is a permutation of small ids


def _random_parameters(seed: int) -> tuple[int, int]:
    digest = hashlib.sha256(f"modellstadt-ideas:{seed}".encode()).digest()
    multiplier = int.from_bytes(digest[:4], "big") % (_RANDOM_MODULUS - 1) + 1
    offset = int.from_bytes(digest[4:8], "big") % _RANDOM_MODULUS
    return multiplier, offset


def random_order_key(seed: int) -> ExpressionWrapper:
    """A per-seed pseudo-random order computed in the database (SQLite and PostgreSQL alike).

    Each visitor keeps one seed (e.g. in the session), so paging through the list is stable for
    them while the position of an idea differs between visitors. Integer arithmetic only: ids
    below 2**32 times a multiplier below 2**31 stay inside a 64-bit integer.
    """
    multiplier, offset = _random_parameters(seed)
    return ExpressionWrapper(
        (F("id") * Value(multiplier) + Value(offset)) % Value(_RANDOM_MODULUS), output_field=BigIntegerField()
    )


def with_viewer_flags(queryset: QuerySet[Idea], viewer: Person) -> QuerySet[Idea]:
    """Annotate ``viewer_supports`` (does the viewer support this idea?) as an EXISTS subquery."""
    if viewer is not None and viewer.is_authenticated:
        flag: Exists | Value = Exists(Support.objects.filter(idea=OuterRef("pk"), user=viewer.pk))
    else:
        flag = Value(False, output_field=BooleanField())
    return queryset.annotate(viewer_supports=flag)


CARD_COLUMNS = (
    "id", "title", "state", "moderation", "created", "support_count", "comment_count", "process_id", "field_id",
    "organisation__name",
    "author__display_name", "author__first_name", "author__last_name", "author__username",
)


def idea_list(process: Process | None = None, field: Any = None, state: str | None = None, sort: str = "newest",
              seed: int = 0, viewer: Person = None) -> QuerySet[Idea]:
    """Published ideas, filtered and sorted, as one query.

    ``state``: one of IdeaState; without it, withdrawn ideas are left out. ``sort``: "newest",
    "supports", "comments" or "random" (stable per ``seed``); unknown values mean "newest".
    """
    # With a state filter the list may show withdrawn ideas too (state "withdrawn"); never others'
    # pending or hidden ones.
    qs = Idea.objects.filter(moderation=Moderation.PUBLISHED) if state in IdeaState.values else Idea.objects.visible()
    # Only what a card shows (views.with_cards): the description and the author's other columns would
    # be read and turned into objects for nothing. Process and field titles come from the few rows the
    # list reads anyway for its filters: two joins fewer made planning the query 1.3 → 0.4 ms.
    qs = qs.select_related("author", "organisation").only(*CARD_COLUMNS)
    if process is not None:
        qs = qs.filter(process=process)
    if field is not None:
        qs = qs.filter(field=field)
    if state in IdeaState.values:
        qs = qs.filter(state=state)
    qs = with_viewer_flags(qs, viewer)
    if sort == "random":
        return qs.annotate(random_key=random_order_key(int(seed or 0))).order_by("random_key", "id")
    return qs.order_by(*_ORDERINGS.get(sort, _ORDERINGS["newest"]))


def idea_page(ideas: QuerySet[Idea], page_number: Any, per_page: int, count_key: str = "") -> Page:
    """One page of an ``idea_list`` queryset: a Django ``Page`` whose ``object_list`` is a list.

    Costs two queries whatever the page: the COUNT (an index-only scan of the partial list index)
    and the rows as a "deferred join" – the page's ids are chosen by a subquery on the idea table
    alone (``ORDER BY ... LIMIT 20 OFFSET n`` along the index), and only those 20 rows are joined
    with author and organisation, so page 50 costs what page 1 costs.

    ``count_key`` names the list's filters (not its order): with it, the COUNT (3.6 ms of database
    time for 20,000 ideas) is kept under the content generation, which every idea saved, hidden,
    withdrawn or merged bumps (``ideas.receivers``, ``core.cache.content_changed``); support clicks
    change no count of listed ideas.
    """
    from django.core.paginator import Paginator

    ids = ideas.values_list("pk", flat=True)  # same filters and order, no joins, no viewer flag
    paginator = Paginator(ids, per_page)
    if count_key:
        name = f"idea-count:{hashlib.sha256(count_key.encode()).hexdigest()[:32]}"
        paginator.count = kept_while_unchanged(name, lambda: paginator.count)
    page = paginator.get_page(page_number)
    page.object_list = list(ideas.filter(pk__in=page.object_list))  # type: ignore[arg-type]  # an empty page runs no query
    return page


@functools.cache
def _unshown_field_columns() -> tuple[str, ...]:
    """The field page's columns an idea's page does not show (it shows the title). Compiling and reading
    all ~40 columns of the field page, of the project page and of the answering account made the one
    row of an idea's page cost 12 ms of Python; the project (only answered ideas have one) is read
    when shown."""
    shown = {"title", "id", "page_ptr"}
    return tuple(
        f"field__{f.name}" for f in CooperationFieldPage._meta.concrete_fields
        if f.name not in shown and not f.primary_key
    )


def idea_detail(pk: Any, viewer: Person = None, *, with_phases: bool = False) -> Idea | None:
    """The idea for its page, or None, with its process (``idea.process``). Pending ideas are visible
    only to their author and moderators; hidden ones are returned so the page can show the reason
    instead of the content.

    ``with_phases``: the process's phases too (``process.phases.all()`` without a query), for the
    phase state and the comment section of the idea's page. The process with its phases is then kept
    under the content generation while anything is kept (every saved or deleted process and phase
    moves it, ``ideas.receivers``): one query for the page's idea. Otherwise they are joined and read:
    two queries, as the pinned counts of the tests see."""
    keep_process = with_phases and generation_kept()
    related = ("field", "author", "organisation", "image") + (() if keep_process else ("process",))
    qs = (
        Idea.objects.select_related(*related).defer(*_unshown_field_columns()).filter(pk=pk)
        # No ORDER BY for one primary key: the model's default order made Django match the sort column
        # against all ~100 selected columns of the six joined tables (10 % of the page's time).
        .order_by()
    )
    found = list(with_viewer_flags(qs, viewer))  # not .first(), which would order by pk
    if not found:
        return None
    idea = found[0]
    if idea.moderation == Moderation.PENDING:
        is_author = viewer is not None and viewer.is_authenticated and idea.author_id == viewer.pk
        if not (is_author or can_moderate(viewer)):
            return None
    if keep_process:
        idea.process = kept_while_unchanged(
            f"process-with-phases:{idea.process_id}",
            lambda: Process.objects.prefetch_related("phases").get(pk=idea.process_id),
        )
    elif with_phases:
        prefetch_related_objects([idea], "process__phases")
    return idea


def idea_history(idea: Idea, public: bool = True) -> list[IdeaEvent]:
    """The idea's events, oldest first: public ones only, with the columns the idea's page shows (who
    acted is not shown there, so no account is joined); all of them with their actors if ``public`` is
    False."""
    qs = IdeaEvent.objects.filter(idea=idea).order_by("created", "id")
    if public:
        return list(qs.filter(kind__in=IdeaEvent.PUBLIC_KINDS).only("idea_id", "kind", "state", "text", "created"))
    return list(qs.select_related("actor"))


# Words that say nothing about an idea's topic; left out before looking for similar titles.
GERMAN_STOPWORDS = frozenset(
    """
    aber alle als am an auch auf aus bei bis das dass dem den der des die ein eine einem einen einer
    eines es für gegen hat im in ins ist mehr mit nach neue neuen neuer neues nicht noch oder ohne
    sich sind so um und uns unser unsere vom von vor was wie wir zu zum zur über
    """.split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


def similar_ideas(title: str | None, process: Process, limit: int = 5, exclude: Idea | None = None) -> list[Idea]:
    """Ideas in ``process`` whose titles share word stems with ``title``, most overlapping first.

    Shown before an idea is submitted, to reduce duplicates. Works the same on SQLite and
    PostgreSQL: German Snowball stems ("Ladesäule" -> "ladesaul") matched as umlaut-tolerant
    regular expressions against titles, scored by how many stems a title contains. One query.
    """
    words = [w for w in _WORD.findall((title or "")[:200]) if w.lower() not in GERMAN_STOPWORDS]
    word_stems = [s for s in dict.fromkeys(stems(" ".join(words))) if len(s) >= 3]
    if not word_stems:
        return []
    score: Any = Value(0)
    for stem in word_stems:
        score = score + Case(When(title__iregex=stem_pattern(stem), then=Value(1)), default=Value(0))
    qs = (
        Idea.objects.visible().filter(process=process)
        .annotate(overlap=score)
        .filter(overlap__gt=0)
        .order_by("-overlap", "-support_count", "-id")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs[:limit])


# --- The office's open work (back-office home page) ---------------------------------------------------


def unanswered_ideas() -> QuerySet[Idea]:
    """Published ideas the office has not answered yet, oldest first (the ones waiting longest)."""
    return (
        Idea.objects.filter(moderation=Moderation.PUBLISHED, answered_at__isnull=True)
        .exclude(state=IdeaState.WITHDRAWN)
        .select_related("process")
        .order_by("created", "id")
    )


def ended_processes_condition(now: datetime | None = None) -> Any:
    """A filter on ideas: their process has phases and all of them have ended (the process is over)."""
    now = now or timezone.now()
    phases = Phase.objects.filter(process=OuterRef("process"))
    return Exists(phases) & ~Exists(phases.filter(ends_at__gt=now))


def unanswered_ideas_of_ended_processes(now: datetime | None = None) -> QuerySet[Idea]:
    """Unanswered ideas whose process is over: the promised public answer is overdue. Oldest first."""
    return unanswered_ideas().filter(ended_processes_condition(now))


def upcoming_phase_ends(now: datetime | None = None) -> QuerySet[Phase]:
    """Phases that have not ended yet, by their end: the participation deadlines ahead."""
    now = now or timezone.now()
    return Phase.objects.filter(ends_at__gte=now).select_related("process").order_by("ends_at", "id")


# --- Uploaded images ----------------------------------------------------------------------------------


def orphaned_idea_images(uploaded_before: datetime | None, uploaded_by: Any = None) -> list[Any]:
    """Images of the ideas collection uploaded before ``uploaded_before`` (any time if None; only those
    of the account ``uploaded_by`` if given) that no idea shows and nothing else refers to (Wagtail's
    reference index, e.g. a news post an editor illustrated with one).

    They are left by an edit that replaced or removed an idea's image, or by a submission that failed
    before images were stored only with their idea. A fixed number of queries, whatever the number of
    images."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.images import get_image_model
    from wagtail.models import ReferenceIndex

    image_model = get_image_model()
    images = image_model.objects.filter(collection__name=IDEA_IMAGE_COLLECTION)
    if uploaded_before is not None:
        images = images.filter(created_at__lt=uploaded_before)
    if uploaded_by is not None:
        images = images.filter(uploaded_by_user=uploaded_by)
    candidates = list(
        images.exclude(pk__in=Idea.objects.filter(image__isnull=False).values("image_id"))
        .order_by("created_at", "pk")
    )
    if not candidates:
        return []
    referenced = set(
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(image_model),
            to_object_id__in=[str(image.pk) for image in candidates],
        ).values_list("to_object_id", flat=True)
    )
    return [image for image in candidates if str(image.pk) not in referenced]
