"""Quality figures of the assistant: on a labelled file, and by cross-validation on the corpus.

- Field suggestion: top-1 and top-3 accuracy (is the labelled field the first / among the
  first three suggestions).
- Duplicates: precision and recall over pairs. A pair is a true duplicate when both ideas
  carry the same ``dup_group``; it is found when the model's pair decision says so
  (``fit_pair_decision``; the cosine threshold for a model without one).
- Time per suggestion: median and 95th percentile of one ``suggest`` call, in milliseconds.

``evaluate_file`` never trains on the file it evaluates. ``cross_validate`` splits the corpus
into folds that keep each duplicate group together, trains on the others and evaluates on
the held-out fold (the duplicate threshold and pair decision are fitted on the training folds only).
"""

import hashlib
import time
from dataclasses import dataclass, field
from statistics import median

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modellstadt.assistant import engine


@dataclass
class Figures:
    ideas: int = 0
    top1: float = 0.0
    top3: float = 0.0
    dup_precision: float | None = None
    dup_recall: float | None = None
    dup_pairs: int = 0
    dup_threshold: float = 0.0
    dup_hit5: float | None = None
    ms_median: float = 0.0
    ms_p95: float = 0.0
    unknown_fields: list = field(default_factory=list)

    def lines(self):
        def pct(v):
            return "–" if v is None else f"{100 * v:.1f} %"

        lines = [
            f"Ideen: {self.ideas}",
            f"Top-1: {pct(self.top1)}",
            f"Top-3: {pct(self.top3)}",
            f"Dubletten-Präzision: {pct(self.dup_precision)}",
            f"Dubletten-Trefferquote: {pct(self.dup_recall)}",
            f"Dubletten unter den 5 ähnlichsten: {pct(self.dup_hit5)}",
            f"Dubletten-Paare: {self.dup_pairs}",
            f"Dubletten-Schwelle: {self.dup_threshold:.2f}",
            f"Zeit je Vorschlag (Median): {self.ms_median:.1f} ms",
            f"Zeit je Vorschlag (95 %): {self.ms_p95:.1f} ms",
        ]
        if self.unknown_fields:
            lines.append(f"Unbekannte Felder in der Datei: {', '.join(sorted(self.unknown_fields))}")
        return lines


def _texts(rows):
    return [engine.idea_text(r.title, r.text) for r in rows]


def field_accuracy(model, rows):
    """(top-1, top-3) of ``model`` on ``rows``."""
    if not rows:
        return 0.0, 0.0
    probabilities = model.probabilities(_texts(rows))
    labels = np.array(model.labels)
    order = np.argsort(-probabilities, axis=1)
    top1 = top3 = 0
    for row, ranking in zip(rows, order, strict=True):
        ranked = list(labels[ranking[:3]])
        top1 += ranked[0] == row.field
        top3 += row.field in ranked
    return top1 / len(rows), top3 / len(rows)


def _true_pairs(rows):
    groups = np.array([r.dup_group or f"\0{i}" for i, r in enumerate(rows)])
    same = groups[:, None] == groups[None, :]
    return np.triu(same, k=1)


def hit_rate(similarities, rows, k=5):
    """Share of ideas with a duplicate whose ``k`` most similar ideas include one of them.

    This is what a person sees on the submission form and in the back office: the five most
    similar ideas, whatever the threshold.
    """
    groups = [r.dup_group for r in rows]
    sims = np.array(similarities, dtype=float)
    np.fill_diagonal(sims, -1)
    hits = total = 0
    for i, group in enumerate(groups):
        if not group or groups.count(group) < 2:
            continue
        total += 1
        nearest = np.argsort(-sims[i])[:k]
        hits += any(groups[j] == group for j in nearest)
    return (hits / total if total else None), total


def duplicate_scores(model, rows, threshold=None):
    """(precision, recall, true pairs) of the duplicate finder on ``rows``.

    Pairs are decided by the model's pair decision, or by the cosine ``threshold`` if given.
    """
    truth = _true_pairs(rows)
    if threshold is None:
        decided = model.decisions(_texts(rows))
    else:
        decided = model.similarities(_texts(rows)) >= threshold
    found = np.triu(decided, k=1)
    tp = int((found & truth).sum())
    positives, predicted = int(truth.sum()), int(found.sum())
    precision = tp / predicted if predicted else None
    recall = tp / positives if positives else None
    return precision, recall, positives


def tune_threshold(model, rows, candidates=None):
    """The threshold with the best F1 on ``rows`` (training data); the default if no pairs."""
    truth = _true_pairs(rows)
    if not truth.any():
        return engine.DEFAULT_DUPLICATE_THRESHOLD
    sims = np.triu(model.similarities(_texts(rows)), k=1)
    upper = np.triu(np.ones_like(truth, dtype=bool), k=1)
    best, best_f1 = engine.DEFAULT_DUPLICATE_THRESHOLD, -1.0
    for threshold in candidates or np.arange(0.15, 0.80, 0.01):
        found = (sims >= threshold) & upper
        tp = (found & truth).sum()
        if not found.sum():
            continue
        p, r = tp / found.sum(), tp / truth.sum()
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return round(best, 2)


# Pair decision: a logistic regression over ``engine.PAIR_FEATURES``. Its examples are the pairs
# inside each of ``PAIR_FOLDS`` parts of the labelled rows, with the statistics (and field model)
# trained on the other parts - so it learns from pairs it has not seen, as in use. The cut-off is
# the one that balances precision and recall (the larger of the two smaller ones) on predictions for
# parts the classifier was not fitted on.
PAIR_FOLDS = 4
PAIR_C = 1.0


def _field_rows(rows):
    return [r for r in rows if r.field]


# Raise when the pair decision, its features or the field model behind them change: stored parts
# fitted under another number are then fitted again (see ``labelled_fingerprint``).
PAIR_DECISION_FORMAT = 1


@dataclass
class LabelledParts:
    """What a duplicate model learns from its labelled rows alone (not from unlabelled texts).

    The field model behind the field-similarity feature and the pair decision are fitted on
    probes of the labelled rows only, so they can be reused as long as those rows are the same.
    """

    field_model: object
    pair_classifier: object
    pair_cutoff: float


def labelled_parts(model):
    return LabelledParts(getattr(model, "field_model", None), getattr(model, "pair_classifier", None),
                         getattr(model, "pair_cutoff", 0.5))


def labelled_fingerprint(rows):
    """A digest of everything the labelled parts depend on: the rows' fields, groups and texts in order.

    Group tags count only by which rows share them (two namings of the same groups are equal);
    row ids do not count. The code's ``PAIR_DECISION_FORMAT`` and settings are part of it.
    """
    digest = hashlib.sha256(repr((PAIR_DECISION_FORMAT, PAIR_FOLDS, PAIR_C, engine.PAIR_FEATURES,
                                  engine.CHAR_WEIGHT)).encode())
    groups = {}
    for row in rows:
        group = groups.setdefault(row.dup_group, len(groups)) if row.dup_group else None
        digest.update(repr((row.field, group, row.title, row.text)).encode())
    return digest.hexdigest()


def train_duplicate_model(rows, extra_texts=(), reuse=None):
    """A duplicate model on ``rows`` (+ unlabelled ``extra_texts``): threshold tuned, pair decision fitted.

    ``reuse``: the ``LabelledParts`` of an earlier model trained on the same ``rows`` (same
    ``labelled_fingerprint``); they are taken over instead of being fitted again, which gives the
    same model.
    """
    if reuse is not None:
        model = engine.DuplicateModel.train(_texts(rows) + list(extra_texts))
        model.field_model = reuse.field_model
        model.threshold = tune_threshold(model, rows)
        model.pair_classifier, model.pair_cutoff = reuse.pair_classifier, reuse.pair_cutoff
        return model
    labelled = _field_rows(rows)
    model = engine.DuplicateModel.train(
        _texts(rows) + list(extra_texts), field_texts=_texts(labelled), field_labels=[r.field for r in labelled],
    )
    model.threshold = tune_threshold(model, rows)
    fit_pair_decision(model, rows)
    return model


def _pair_examples(rows):
    """(features, is duplicate, part) of the pairs inside each part of ``rows``."""
    features, labels, parts = [], [], []
    for number, part in enumerate(folds(rows, PAIR_FOLDS, seed=1)):
        if len(part) < 2:
            continue
        inside = set(part)
        others = [r for i, r in enumerate(rows) if i not in inside]
        held = [rows[i] for i in part]
        labelled = _field_rows(others)
        probe = engine.DuplicateModel.train(
            _texts(others), field_texts=_texts(labelled), field_labels=[r.field for r in labelled],
        )
        upper = np.triu_indices(len(held), k=1)
        features.append(probe.pair_features(_texts(held))[upper])
        labels.append(_true_pairs(held)[upper])
        parts.append(np.full(len(upper[0]), number))
    return np.vstack(features), np.concatenate(labels), np.concatenate(parts)


def _pair_classifier():
    return make_pipeline(StandardScaler(), LogisticRegression(C=PAIR_C, max_iter=5000))


def balanced_cutoff(scores, truth, candidates=None):
    """The cut-off whose smaller value of precision and recall on ``scores`` is largest."""
    best, best_value = 0.5, -1.0
    positives = truth.sum()
    for cutoff in candidates if candidates is not None else np.arange(0.02, 0.95, 0.01):
        found = scores >= cutoff
        if not found.sum():
            continue
        tp = (found & truth).sum()
        value = min(tp / found.sum(), tp / positives)
        if value > best_value:
            best, best_value = float(cutoff), value
    return round(best, 2)


def fit_pair_decision(model, rows):
    """Fit ``model``'s pair classifier on the duplicate groups of ``rows``; without groups, none."""
    rows = list(rows)
    model.pair_classifier = None
    if not _true_pairs(rows).any() or len(rows) < 2 * PAIR_FOLDS:
        return model
    x, y, parts = _pair_examples(rows)
    if len(set(y)) < 2:
        return model
    unseen = np.zeros(len(y))
    for number in np.unique(parts):
        outside = parts != number
        if len(set(y[outside])) < 2:
            return model
        unseen[~outside] = _pair_classifier().fit(x[outside], y[outside]).predict_proba(x[~outside])[:, 1]
    model.pair_cutoff = balanced_cutoff(unseen, y)
    model.pair_classifier = _pair_classifier().fit(x, y)
    return model


def _cutoff(model):
    """The figure that decides pairs: the pair classifier's cut-off, or the cosine threshold."""
    if getattr(model, "pair_classifier", None) is not None:
        return model.pair_cutoff
    return model.threshold


def suggestion_times(model, rows, limit=200):
    times = []
    for row in rows[:limit]:
        start = time.perf_counter()
        model.suggest(engine.idea_text(row.title, row.text))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    if not times:
        return 0.0, 0.0
    return median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def evaluate_file(field_model, duplicate_model, rows):
    """Figures of the given (already trained) models on ``rows``; nothing is trained here."""
    known = set(field_model.labels)
    figures = Figures(ideas=len(rows))
    figures.unknown_fields = sorted({r.field for r in rows} - known)
    figures.top1, figures.top3 = field_accuracy(field_model, rows)
    figures.dup_precision, figures.dup_recall, figures.dup_pairs = duplicate_scores(duplicate_model, rows)
    figures.dup_threshold = _cutoff(duplicate_model)
    figures.dup_hit5 = hit_rate(duplicate_model.similarities(_texts(rows)), rows)[0]
    figures.ms_median, figures.ms_p95 = suggestion_times(field_model, rows)
    return figures


def folds(rows, k=5, seed=0):
    """Indices of ``k`` folds, each duplicate group kept in one fold, fields spread evenly."""
    rng = np.random.default_rng(seed)
    units = {}
    for i, row in enumerate(rows):
        units.setdefault(row.dup_group or f"\0{i}", []).append(i)
    by_field = {}
    for members in units.values():
        by_field.setdefault(rows[members[0]].field, []).append(members)
    assignment = [[] for _ in range(k)]
    position = 0
    for name in sorted(by_field):
        groups = by_field[name]
        rng.shuffle(groups)
        for members in groups:
            assignment[position % k].extend(members)
            position += 1
    return assignment


def cross_validate(rows, k=5, seed=0):
    """Figures averaged over ``k`` folds: train on k-1 folds, evaluate on the held-out one.

    Duplicate pairs only exist inside a fold, so the held-out fold is evaluated together with
    nothing else – a conservative setting (every other idea of the fold is a distractor).
    """
    with engine.single_thread():
        return _cross_validate(list(rows), k, seed)


def _cross_validate(rows, k, seed):
    parts = folds(rows, k, seed)
    totals = Figures(ideas=len(rows))
    tp1 = tp3 = 0.0
    precisions, recalls, times = [], [], []
    thresholds = []
    hits = []
    for held in parts:
        held_set = set(held)
        train = [rows[i] for i in range(len(rows)) if i not in held_set]
        test = [rows[i] for i in held]
        field_model = engine.FieldModel.train(_texts(train), [r.field for r in train])
        top1, top3 = field_accuracy(field_model, test)
        tp1 += top1 * len(test)
        tp3 += top3 * len(test)
        duplicate_model = train_duplicate_model(train)
        thresholds.append(_cutoff(duplicate_model))
        truth = _true_pairs(test)
        rate, with_duplicates = hit_rate(duplicate_model.similarities(_texts(test)), test)
        if rate is not None:
            hits.append((rate * with_duplicates, with_duplicates))
        found = np.triu(duplicate_model.decisions(_texts(test)), k=1)
        precisions.append(((found & truth).sum(), found.sum()))
        recalls.append(((found & truth).sum(), truth.sum()))
        times.extend([suggestion_times(field_model, test, limit=40)[0]])
    totals.top1, totals.top3 = tp1 / len(rows), tp3 / len(rows)
    tp = sum(a for a, _ in precisions)
    totals.dup_precision = tp / sum(b for _, b in precisions) if sum(b for _, b in precisions) else None
    totals.dup_recall = tp / sum(b for _, b in recalls) if sum(b for _, b in recalls) else None
    totals.dup_pairs = int(sum(b for _, b in recalls))
    totals.dup_threshold = float(np.mean(thresholds))
    totals.dup_hit5 = sum(a for a, _ in hits) / sum(b for _, b in hits) if hits else None
    totals.ms_median = float(median(times))
    totals.ms_p95 = float(max(times))
    return totals
