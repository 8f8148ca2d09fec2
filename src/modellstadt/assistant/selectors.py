"""Reads of the assistant: suggestions, duplicate candidates, topics, thread summaries, spam scores.

Each function reads what it needs in a fixed number of queries and hands texts to the methods in
``engine``; the current model versions come from ``store``.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from modellstadt.assistant import engine, store
from modellstadt.assistant.models import DuplicateLink, FieldSuggestion, ModelKind, TrainedModel
from modellstadt.assistant.sources import LISTED_IDEAS, Comment, Idea, Moderation


@dataclass
class RankedField:
    field: object
    confidence: float
    words: list

    @property
    def percent(self):
        return round(100 * self.confidence)


@dataclass
class Ranking:
    suggestions: list = field(default_factory=list)
    version: int | None = None

    @property
    def top(self):
        return self.suggestions[0] if self.suggestions else None


def _fields(process=None):
    from modellstadt.strategy.models import CooperationFieldPage

    if process is not None:
        chosen = list(process.fields.live() if hasattr(process.fields, "live") else process.fields.all())
        if chosen:
            return chosen
    return list(CooperationFieldPage.objects.live())


def field_ranking(*, title, text, process=None, top=3, fields=None):
    """The ``top`` fields for an idea (only those open in ``process``), with the words behind each."""
    model, version = store.field_model()
    available = {f.slug: f for f in (fields if fields is not None else _fields(process))}
    ranked = []
    for suggestion in model.suggest(engine.idea_text(title, text), top=len(model.labels)):
        page = available.get(suggestion.field)
        if page is not None:
            ranked.append(RankedField(page, suggestion.confidence, suggestion.words))
        if len(ranked) == top:
            break
    return Ranking(ranked, version)


def suggestion_of(idea):
    """The stored suggestion for ``idea`` with its field pages, or None."""
    return FieldSuggestion.objects.select_related("suggested_field", "confirmed_field", "decided_by").filter(
        idea=idea
    ).first()


# --- Duplicates -------------------------------------------------------------------------------------


@dataclass
class Candidate:
    idea: object
    score: float
    shared: list

    @property
    def percent(self):
        return round(100 * self.score)


def _candidate_ideas(exclude_pk=None):
    qs = Idea.objects.filter(LISTED_IDEAS)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def duplicate_candidates(*, title, text, exclude=None, limit=5, threshold=None):
    """Listed ideas of every process that ask for the same as ``title``/``text``, most similar first.

    Two queries: the texts of the listed ideas, then the found ideas with process and field.
    """
    model, _version = store.duplicate_model()
    rows = _candidate_ideas(getattr(exclude, "pk", exclude)).values_list("pk", "title", "description")
    candidates = [(pk, engine.idea_text(t, d)) for pk, t, d in rows]
    matches = model.matches(engine.idea_text(title, text), candidates, limit=limit, threshold=threshold)
    if not matches:
        return []
    ideas = Idea.objects.select_related("process", "field").in_bulk([m.key for m in matches])
    return [Candidate(ideas[m.key], m.score, m.shared) for m in matches if m.key in ideas]


def links_of(idea):
    """Duplicate links from and to ``idea``, with the other idea."""
    return list(
        DuplicateLink.objects.filter(Q(idea=idea) | Q(duplicate_of=idea))
        .select_related("idea", "duplicate_of", "created_by")
    )


def merged_into(idea):
    """The idea ``idea`` was merged into, or None (the pointer its page shows)."""
    link = DuplicateLink.objects.filter(idea=idea, merged=True).select_related("duplicate_of").first()
    return link.duplicate_of if link else None


# --- Topics -----------------------------------------------------------------------------------------


@dataclass
class TopicView:
    label: list
    ideas: list
    supports: int

    @property
    def size(self):
        return len(self.ideas)

    @property
    def label_text(self):
        return ", ".join(self.label)


def process_topics(*, process, k=None):
    """The listed ideas of ``process`` grouped into topics, largest first. Two queries."""
    rows = list(
        Idea.objects.filter(LISTED_IDEAS, process=process).values_list("pk", "title", "description", "support_count")
    )
    found = engine.topics([(pk, engine.idea_text(t, d), s) for pk, t, d, s in rows], k=k)
    if not found:
        return []
    ideas = Idea.objects.select_related("field").only("title", "support_count", "field__title").in_bulk(
        [pk for pk, *_rest in rows]
    )
    return [
        TopicView(t.label, sorted((ideas[k] for k in t.keys), key=lambda i: (-i.support_count, i.pk)), t.supports)
        for t in found
    ]


# --- Thread summaries -------------------------------------------------------------------------------

SUMMARY_FROM = 6  # comments; shorter threads are read as they are


def thread_summary(*, idea, size=3):
    """The few visible comments on ``idea`` that carry most of the thread; [] for short threads."""
    rows = list(
        Comment.objects.filter(idea=idea, moderation=Moderation.PUBLISHED, deleted_at__isnull=True)
        .order_by("created", "id").values_list("pk", "text")
    )
    if len(rows) < SUMMARY_FROM:
        return []
    picked = engine.summarise(rows, size=size)
    comments = Comment.objects.select_related("author").in_bulk([pk for pk, _score in picked])
    return [comments[pk] for pk, _score in picked if pk in comments]


# --- Spam -------------------------------------------------------------------------------------------


def spam_scores(texts):
    """Scores (0–1) for ``{key: text}``, or {} while no spam model is trained yet."""
    model, _version = store.spam_model()
    if model is None or not texts:
        return {}
    keys = list(texts)
    return dict(zip(keys, model.scores([texts[k] for k in keys]), strict=True))


def spam_reasons(text):
    model, _version = store.spam_model()
    return model.reasons(text) if model is not None else []


# --- Model versions for the office ------------------------------------------------------------------


def model_status():
    """The newest version of each model (without its stored bytes), in the order of ``ModelKind``."""
    newest = {}
    for row in TrainedModel.objects.defer("blob").order_by("kind", "-version"):
        newest.setdefault(row.kind, row)
    return [(kind, label, newest.get(kind)) for kind, label in ModelKind.choices]


def undecided_suggestions(limit=50):
    return list(
        FieldSuggestion.objects.filter(decided_at__isnull=True)
        .select_related("idea", "idea__process", "idea__field", "suggested_field")
        .order_by("-created", "-id")[:limit]
    )
