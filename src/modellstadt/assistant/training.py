"""Training new model versions from the starting corpus and this installation's own decisions.

Runs in the task worker (``tasks.train_models``) or from ``modellstadt assistant train``, never in
a request. Each model is first trained on four fifths of its data (at most ``PROBE_LIMIT``
examples) and measured on the rest (the figures the office sees), then trained on everything and
stored as a new version.

- Field suggestion: the starting corpus plus every idea whose field the office confirmed or
  corrected (``FieldSuggestion.confirmed_field``).
- Duplicates: word and character statistics of the corpus and all ideas; the pair decision (a
  logistic regression over pair features, ``evaluation.fit_pair_decision``) is fitted on the
  corpus's duplicate groups plus the duplicates the office linked or merged – these labelled
  rows only, never the thousands of other ideas. Its digest (``evaluation.labelled_fingerprint``)
  is stored with the version (``TrainedModel.labelled_fingerprint``); while it is unchanged the
  next training reuses that version's pair decision and field model instead of fitting them again.
- Spam pre-check: ideas and comments of this installation, hidden by moderators (not merged
  ideas) against published ones; trained only once there are ``SPAM_MIN_EACH`` of each.
"""

import logging
import time

import sklearn
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from modellstadt.assistant import corpus, engine, evaluation, store
from modellstadt.assistant.models import DuplicateLink, FieldSuggestion, ModelKind, TrainedModel
from modellstadt.assistant.sources import Comment, Idea, Moderation

logger = logging.getLogger(__name__)

# The probe that gives the quality figures is trained on at most this many examples.
PROBE_LIMIT = 5000


def spam_min_each():
    return getattr(settings, "ASSISTANT_SPAM_MIN_EACH", 10)


def _idea_rows():
    """Labelled rows from the office's field decisions."""
    decided = (
        FieldSuggestion.objects.filter(confirmed_field__isnull=False)
        .select_related("idea", "confirmed_field")
        .only("idea__title", "idea__description", "confirmed_field__slug")
    )
    return [corpus.LabelledIdea(f"i{s.idea_id}", s.confirmed_field.slug, "", s.idea.title, s.idea.description)
            for s in decided]


def _linked_groups():
    """idea id -> group tag, from the duplicate links (connected ideas share a tag)."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in DuplicateLink.objects.values_list("idea_id", "duplicate_of_id"):
        parent[find(a)] = find(b)
    return {x: f"link{find(x)}" for x in list(parent)}


def _split(rows):
    parts = evaluation.folds(rows, k=5)
    held = set(parts[0])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def _texts(rows):
    return [engine.idea_text(r.title, r.text) for r in rows]


def _save(kind, obj, *, rows, decisions, metrics, started, fingerprint=""):
    blob = store.dump(obj)
    with transaction.atomic():
        latest = TrainedModel.objects.select_for_update().filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
        return TrainedModel.objects.create(
            kind=kind, version=latest + 1, training_ideas=rows, office_decisions=decisions,
            seconds=round(time.perf_counter() - started, 2), metrics=metrics,
            library_version=sklearn.__version__, labelled_fingerprint=fingerprint, blob=blob,
        )


def field_rows():
    own = _idea_rows()
    return list(corpus.starting_corpus()) + own, len(own)


def _sample(rows, limit):
    """At most ``limit`` of ``rows``, spread evenly (the quality probe need not see everything)."""
    step = max(1, -(-len(rows) // limit))
    return rows[::step]


def fit_field(rows):
    """(model trained on all ``rows``, quality figures of a probe measured on a held-out fifth)."""
    train, test = _split(rows)
    with engine.single_thread():
        probe = engine.FieldModel.train(*zip(*[(engine.idea_text(r.title, r.text), r.field)
                                               for r in _sample(train, PROBE_LIMIT)], strict=True))
        top1, top3 = evaluation.field_accuracy(probe, test)
        model = engine.FieldModel.train(_texts(rows), [r.field for r in rows])
    return model, {"top1": round(top1, 4), "top3": round(top3, 4), "held_out": len(test)}


def train_field(rows=None, decisions=0):
    started = time.perf_counter()
    if rows is None:
        rows, decisions = field_rows()
    model, metrics = fit_field(rows)
    return _save(ModelKind.FIELD, model, rows=len(rows), decisions=decisions, metrics=metrics, started=started)


def duplicate_rows():
    groups = _linked_groups()
    linked = Idea.objects.filter(pk__in=groups).only("title", "description").order_by("pk")
    own = [corpus.LabelledIdea(f"i{i.pk}", "", groups[i.pk], i.title, i.description) for i in linked]
    return list(corpus.starting_corpus()) + own, len(own)


def fit_duplicates(rows, extra_texts=(), previous=None):
    """(model on ``rows`` + ``extra_texts`` with its pair decision, figures of a held-out probe).

    ``previous``: an earlier duplicate model fitted on the same labelled ``rows`` (the caller
    compares ``evaluation.labelled_fingerprint``); its field model and pair decision, and those of
    its probe, are reused, so only the statistics of the texts and the threshold are computed anew.
    The model keeps its probe's labelled parts (``probe_parts``) for the next time.
    """
    extra_texts = list(extra_texts)
    train, test = _split(rows)
    reuse = evaluation.labelled_parts(previous) if previous is not None else None
    probe_reuse = getattr(previous, "probe_parts", None)
    with engine.single_thread():
        probe = evaluation.train_duplicate_model(train, _sample(extra_texts, PROBE_LIMIT), reuse=probe_reuse)
        precision, recall, pairs = evaluation.duplicate_scores(probe, test)
        model = evaluation.train_duplicate_model(rows, extra_texts, reuse=reuse)
    model.probe_parts = evaluation.labelled_parts(probe)
    cutoff = model.pair_cutoff if model.pair_classifier is not None else model.threshold
    return model, {"precision": precision, "recall": recall, "held_out_pairs": pairs, "threshold": cutoff,
                   "pair_decision_reused": reuse is not None}


def _previous_duplicates(fingerprint):
    """The newest stored duplicate model fitted on labelled rows with ``fingerprint``, or None."""
    blob = (TrainedModel.objects.filter(kind=ModelKind.DUPLICATES, library_version=sklearn.__version__,
                                        labelled_fingerprint=fingerprint)
            .order_by("-version").values_list("blob", flat=True).first())
    if blob is None:
        return None
    try:
        return store.load(blob)
    except Exception:  # an unreadable row only means fitting everything again
        logger.exception("Stored duplicate model could not be loaded for reuse")
        return None


def train_duplicates(rows=None, decisions=0, extra_texts=None):
    """A new duplicate model version; reuses the pair decision while the labelled rows are unchanged."""
    started = time.perf_counter()
    if rows is None:
        rows, decisions = duplicate_rows()
        extra_texts = [engine.idea_text(t, d) for t, d in Idea.objects.values_list("title", "description")]
    extra_texts = list(extra_texts or [])
    fingerprint = evaluation.labelled_fingerprint(rows)
    model, metrics = fit_duplicates(rows, extra_texts, previous=_previous_duplicates(fingerprint))
    return _save(ModelKind.DUPLICATES, model, rows=len(rows) + len(extra_texts), decisions=decisions,
                 metrics=metrics, started=started, fingerprint=fingerprint)


def spam_examples():
    """(texts, hidden flags) from this installation's moderation decisions."""
    merged = set(DuplicateLink.objects.filter(merged=True).values_list("idea_id", flat=True))
    texts, hidden = [], []
    for pk, title, text, moderation in Idea.objects.values_list("pk", "title", "description", "moderation"):
        if moderation == Moderation.PENDING or pk in merged:
            continue
        texts.append(f"{title}\n{text}")
        hidden.append(moderation == Moderation.HIDDEN)
    comments = Comment.objects.filter(deleted_at__isnull=True).exclude(moderation=Moderation.PENDING)
    for text, moderation in comments.values_list("text", "moderation"):
        texts.append(text)
        hidden.append(moderation == Moderation.HIDDEN)
    return texts, hidden


def train_spam(texts=None, hidden=None):
    """A new spam model, or None while there are too few decisions of either kind."""
    started = time.perf_counter()
    if texts is None:
        texts, hidden = spam_examples()
    count_hidden = sum(hidden)
    if count_hidden < spam_min_each() or len(hidden) - count_hidden < spam_min_each():
        return None
    split = [i % 5 == 0 for i in range(len(texts))]
    train = [(t, h) for t, h, s in zip(texts, hidden, split, strict=True) if not s]
    test = [(t, h) for t, h, s in zip(texts, hidden, split, strict=True) if s]
    metrics = {"hidden": count_hidden, "published": len(hidden) - count_hidden}
    with engine.single_thread():
        if len({h for _, h in train}) == 2 and any(h for _, h in test):
            probe = engine.SpamModel.train([t for t, _ in train], [h for _, h in train])
            scores = probe.scores([t for t, _ in test])
            flagged = [h for (_, h), s in zip(test, scores, strict=True) if s >= 0.5]
            metrics["precision"] = (sum(flagged) / len(flagged)) if flagged else None
            metrics["recall"] = sum(flagged) / sum(h for _, h in test)
        model = engine.SpamModel.train(texts, hidden)
    return _save(ModelKind.SPAM, model, rows=len(texts), decisions=len(texts), metrics=metrics, started=started)


def train_all():
    """Train every model; returns the new ``TrainedModel`` rows (spam only when possible)."""
    trained = [train_field(), train_duplicates()]
    spam = train_spam()
    if spam is not None:
        trained.append(spam)
    store.forget()
    return trained


def decisions_since_last_training():
    """Office field decisions newer than the current field model."""
    latest = TrainedModel.objects.filter(kind=ModelKind.FIELD).aggregate(t=Max("trained_at"))["t"]
    decided = FieldSuggestion.objects.filter(decided_at__isnull=False)
    if latest is not None:
        decided = decided.filter(decided_at__gt=latest)
    return decided.count()
