"""The assistant's methods as plain functions and small model classes over texts.

No database and no Django here, so each method can be tested, benchmarked and evaluated on a
file on its own. The models are scikit-learn objects built from two kinds of features:

- **word stems** (German Snowball, umlauts folded; see ``nlp``) weighted with TF-IDF – these
  also give the explanation ("these words of your idea led to the suggestion");
- **character n-grams** (3–5 letters inside words) weighted with TF-IDF – they catch typos,
  missing umlauts and German compounds ("Ladesäule", "Ladesaeulen", "Schnellladepark").

Field suggestion: multinomial logistic regression; its probabilities are the confidence.
Duplicates: ranked by cosine similarity of the same features over title and text; whether a
pair is a duplicate is decided by a logistic regression over a few pair features, fitted on
the labelled duplicate groups. Topics: k-means over a few latent dimensions of the same features (LSA),
labelled with the stems most typical of each group. Thread summaries: the comments most similar to the rest of the
thread (degree centrality, as in LexRank), without near-repeats. Spam: logistic regression
on the installation's own moderation decisions.

Training and evaluation run inside ``single_thread()``: the models are sparse and small, and the
linear algebra libraries' worker threads (OpenBLAS, OpenMP) only spin against each other and
against the app's own processes; on the 2-core machine a field model on 315 ideas took 3.4 s CPU
with two BLAS threads and 0.4 s with one, with the same result.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from modellstadt.assistant import nlp

# The share of the character features in the similarity used for duplicates (rest: word stems).
CHAR_WEIGHT = 0.5
DEFAULT_DUPLICATE_THRESHOLD = 0.35


def single_thread():
    """Context in which numerical libraries (BLAS, OpenMP) use one thread; see the module text."""
    return threadpool_limits(limits=1)


def idea_text(title, text):
    """What the models read of an idea: the title counts twice, then the description."""
    title = (title or "").strip()
    return f"{title}\n{title}\n{text or ''}"


def _word_vectorizer(**kwargs):
    return TfidfVectorizer(analyzer=nlp.stems, sublinear_tf=True, **kwargs)


def _char_vectorizer(**kwargs):
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=nlp.char_text, sublinear_tf=True,
        dtype=np.float32, **kwargs,
    )


def _has_content(text):
    return bool(nlp.words(text))


@dataclass
class Reason:
    """One word of the text and how much it pulled towards the suggestion."""

    word: str
    weight: float


@dataclass
class FieldSuggestion:
    field: str
    confidence: float
    reasons: list = field(default_factory=list)

    @property
    def words(self):
        return [r.word for r in self.reasons]


class FieldModel:
    """Suggests the cooperation field of an idea, with the words that led to it."""

    def __init__(self, words, chars, classifier):
        self.words = words
        self.chars = chars
        self.classifier = classifier

    @property
    def labels(self):
        return list(self.classifier.classes_)

    @classmethod
    def train(cls, texts, labels, *, c=20.0):
        texts = list(texts)
        words = _word_vectorizer(min_df=1)
        chars = _char_vectorizer(min_df=2 if len(texts) > 1000 else 1, max_features=300_000)
        x = sparse.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        classifier = LogisticRegression(C=c, max_iter=2000)
        classifier.fit(x, list(labels))
        return cls(words, chars, classifier)

    def _features(self, texts):
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()

    def probabilities(self, texts):
        """Probability per field (columns in ``labels`` order) for each text."""
        return self.classifier.predict_proba(self._features(list(texts)))

    def _explainer(self):
        """Word vocabulary and each field's word weights above the mean of all fields (computed once)."""
        cached = getattr(self, "_explain_cache", None)
        if cached is None:
            n_words = len(self.words.vocabulary_)
            coef = self.classifier.coef_[:, :n_words]
            if coef.shape[0] == 1:  # two fields: one weight row for the second
                coef = np.vstack([-coef[0], coef[0]])
            centred = coef - coef.mean(axis=0)
            cached = self._explain_cache = (self.words.get_feature_names_out(), centred, n_words)
        return cached

    def suggest(self, text, top=3, reasons=5):
        """The ``top`` fields for ``text``, most likely first; [] when the text has no words."""
        if not _has_content(text):
            return []
        x = self._features([text])
        probabilities = self.classifier.predict_proba(x)[0]
        order = np.argsort(-probabilities)[:top]
        vocabulary, centred, n_words = self._explainer()
        word_part = x[:, :n_words]
        columns, values = word_part.indices, word_part.data
        forms = nlp.surface_forms(text)
        suggestions = []
        for index in order:
            weights = values * centred[index, columns]
            best = [i for i in np.argsort(-weights)[:reasons] if weights[i] > 0]
            explained = [Reason(forms.get(vocabulary[columns[i]], vocabulary[columns[i]]), float(weights[i]))
                         for i in best]
            suggestions.append(FieldSuggestion(self.labels[index], float(probabilities[index]), explained))
        return suggestions


# --- Duplicates -------------------------------------------------------------------------------------


@dataclass
class DuplicateMatch:
    key: object
    score: float
    shared: list = field(default_factory=list)


# What the pair decision reads of two ideas (in this order): combined, word-stem and character
# cosine, the share of stems they have in common (Jaccard), how alike the field model's
# probabilities are, and the ratio of their lengths. None of them depends on which other ideas are
# compared, so the decision means the same on a form with 5,000 listed ideas and in a test fold.
PAIR_FEATURES = ("combined", "words", "chars", "stem_jaccard", "field_similarity", "length_ratio")


class DuplicateModel:
    """Finds ideas that ask for the same thing, over title and text.

    The ranked list (``matches``) orders candidates by the combined cosine similarity. Whether a
    pair is a duplicate is decided by a small logistic regression over ``PAIR_FEATURES``
    (``pair_classifier``, fitted by ``evaluation.fit_pair_decision`` on the labelled duplicate
    groups); without one, by the cosine ``threshold``.
    """

    def __init__(self, words, chars, threshold=DEFAULT_DUPLICATE_THRESHOLD, field_model=None,
                 pair_classifier=None, pair_cutoff=0.5):
        self.words = words
        self.chars = chars
        self.threshold = threshold
        self.field_model = field_model
        self.pair_classifier = pair_classifier
        self.pair_cutoff = pair_cutoff

    @classmethod
    def train(cls, texts, threshold=DEFAULT_DUPLICATE_THRESHOLD, *, field_texts=(), field_labels=()):
        """Statistics of ``texts``; a field model from ``field_texts``/``field_labels`` (two fields or more)."""
        texts = list(texts)
        words = _word_vectorizer(min_df=1)
        chars = _char_vectorizer(min_df=2 if len(texts) > 1000 else 1, max_features=300_000)
        words.fit(texts)
        chars.fit(texts)
        field_labels = list(field_labels)
        field_model = None
        if len(set(field_labels)) >= 2:
            field_model = FieldModel.train(list(field_texts), field_labels)
        return cls(words, chars, threshold, field_model)

    def vectors(self, texts):
        """Unit vectors whose dot product is the combined similarity (word and character parts)."""
        texts = list(texts)
        w = normalize(self.words.transform(texts)) * np.sqrt(1 - CHAR_WEIGHT)
        c = normalize(self.chars.transform(texts)) * np.sqrt(CHAR_WEIGHT)
        return sparse.hstack([w, c]).tocsr()

    def similarities(self, texts):
        v = self.vectors(texts)
        return (v @ v.T).toarray()

    def pair_features(self, texts):
        """``PAIR_FEATURES`` of every pair of ``texts``, as an array of shape (n, n, features)."""
        texts = list(texts)
        w = normalize(self.words.transform(texts))
        c = normalize(self.chars.transform(texts))
        word_sims = (w @ w.T).toarray()
        char_sims = (c @ c.T).toarray()
        combined = (1 - CHAR_WEIGHT) * word_sims + CHAR_WEIGHT * char_sims
        stem_sets = [set(nlp.stems(t)) for t in texts]
        index = {s: i for i, s in enumerate(sorted(set().union(*stem_sets)))}
        rows = [i for i, found in enumerate(stem_sets) for _ in found]
        columns = [index[s] for found in stem_sets for s in found]
        present = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), max(1, len(index))))
        shared = (present @ present.T).toarray()
        sizes = np.array([len(found) for found in stem_sets], dtype=float)
        union = sizes[:, None] + sizes[None, :] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        field_model = getattr(self, "field_model", None)
        if field_model is not None:
            p = normalize(field_model.probabilities(texts))
            fields = p @ p.T
        else:
            fields = np.zeros_like(combined)
        lengths = np.array([max(1, len(nlp.words(t))) for t in texts], dtype=float)
        ratio = np.minimum(lengths[:, None], lengths[None, :]) / np.maximum(lengths[:, None], lengths[None, :])
        return np.stack([combined, word_sims, char_sims, jaccard, fields, ratio], axis=-1)

    def duplicate_probabilities(self, texts):
        """(n, n) probability from the pair classifier that two of ``texts`` are duplicates."""
        features = self.pair_features(texts)
        n = features.shape[0]
        flat = self.pair_classifier.predict_proba(features.reshape(n * n, -1))[:, 1]
        return flat.reshape(n, n)

    def decisions(self, texts):
        """(n, n) booleans: is each pair of ``texts`` a duplicate (the diagonal says nothing)."""
        if getattr(self, "pair_classifier", None) is None:
            return self.similarities(texts) >= self.threshold
        return self.duplicate_probabilities(texts) >= self.pair_cutoff

    def matches(self, text, candidates, limit=5, threshold=None):
        """Candidates (``[(key, text), ...]``) that duplicate ``text``, most similar first.

        Of the ``limit`` most similar candidates, those the pair decision calls duplicates; with an
        explicit ``threshold``, those whose cosine similarity reaches it.
        """
        candidates = list(candidates)
        if not candidates or not _has_content(text):
            return []
        query = self.vectors([text])
        others = self.vectors([t for _, t in candidates])
        scores = (others @ query.T).toarray().ravel()
        nearest = [i for i in np.argsort(-scores)[:limit] if scores[i] > 0]
        if threshold is not None:
            order = [i for i in nearest if scores[i] >= threshold]
        elif nearest:
            decided = self.decisions([text] + [candidates[i][1] for i in nearest])[0, 1:]
            order = [i for i, yes in zip(nearest, decided, strict=True) if yes]
        else:
            order = []
        query_stems = set(nlp.stems(text))
        forms = nlp.surface_forms(text)
        found = []
        for i in order:
            shared = [forms.get(s, s) for s in dict.fromkeys(nlp.stems(candidates[i][1])) if s in query_stems]
            found.append(DuplicateMatch(candidates[i][0], float(scores[i]), shared[:6]))
        return found

    def pairs(self, keys, texts, threshold=None):
        """All pairs of ``keys`` whose texts are duplicates, as ``(key_a, key_b, similarity)``.

        Decided by the pair decision, or by the cosine ``threshold`` when one is given.
        """
        keys = list(keys)
        texts = list(texts)
        if len(keys) < 2:
            return []
        sims = self.similarities(texts)
        found = sims >= threshold if threshold is not None else self.decisions(texts)
        rows, cols = np.where(np.triu(found, k=1))
        return sorted(((keys[a], keys[b], float(sims[a, b])) for a, b in zip(rows, cols, strict=True)),
                      key=lambda p: -p[2])


# --- Topics -----------------------------------------------------------------------------------------


@dataclass
class Topic:
    label: list
    keys: list
    supports: int = 0

    @property
    def size(self):
        return len(self.keys)


def topic_count(n):
    """How many topics for ``n`` ideas: about one per eight ideas, between 2 and 12."""
    return max(2, min(12, round(n / 8))) if n >= 4 else 1


def topics(items, k=None, label_words=3, seed=0):
    """Group ``items`` (``[(key, text, supports), ...]``) into topics, largest first.

    Word-stem and character features are reduced to a few latent dimensions (LSA: truncated SVD,
    which lets ideas with related words meet) and clustered with k-means. A topic's label is the
    stems most over-represented in it compared with all ideas, spelled as people wrote them.
    """
    items = [item for item in items if item[1] is not None]
    if not items:
        return []
    texts = [text for _, text, _ in items]
    words = _word_vectorizer(min_df=1)
    try:
        w = normalize(words.fit_transform(texts))
    except ValueError:  # no words in any text
        return [Topic([], [key for key, _, _ in items], sum(s for _, _, s in items))]
    k = min(k or topic_count(len(items)), len(items))
    if k <= 1:
        labels = np.zeros(len(items), dtype=int)
    else:
        c = normalize(_char_vectorizer(min_df=1).fit_transform(texts))
        x = sparse.hstack([w, c]).tocsr()
        dims = min(20, x.shape[1] - 1, len(items) - 1)
        z = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(x)) if dims >= 2 else x
        labels = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(z)
    vocabulary = words.get_feature_names_out()
    overall = np.asarray(w.mean(axis=0)).ravel()
    forms = {}
    for text in texts:
        for s, original in nlp.surface_forms(text).items():
            forms.setdefault(s, original)
    found = []
    for cluster in sorted(set(labels)):
        members = [i for i, label in enumerate(labels) if label == cluster]
        centre = np.asarray(w[members].mean(axis=0)).ravel()
        lift = centre - overall if len(set(labels)) > 1 else centre
        top = [i for i in np.argsort(-lift)[:label_words] if centre[i] > 0]
        label = [forms.get(vocabulary[i], vocabulary[i]) for i in top]
        found.append(Topic(label, [items[i][0] for i in members], sum(items[i][2] for i in members)))
    found.sort(key=lambda t: (-t.size, -t.supports))
    return found


# --- Thread summaries -------------------------------------------------------------------------------


def summarise(comments, size=3, redundancy=0.6):
    """The keys of the few comments (``[(key, text), ...]``) that carry most of a thread.

    Each comment is scored by how similar it is to all others (a comment that many others
    echo is central), slightly favouring substantial ones; picked greedily, skipping comments
    too similar to one already picked and those that share nothing with the rest.
    Returned in thread order, as ``[(key, score), ...]``.
    """
    comments = [(key, text) for key, text in comments if _has_content(text)]
    if len(comments) <= size:
        return [(key, 1.0) for key, _ in comments]
    texts = [text for _, text in comments]
    vectorizer = _word_vectorizer(min_df=1)
    x = normalize(vectorizer.fit_transform(texts))
    sims = (x @ x.T).toarray()
    np.fill_diagonal(sims, 0)
    lengths = np.array([min(len(nlp.words(t)), 60) for t in texts], dtype=float)
    scores = sims.sum(axis=1) * (0.5 + lengths / (2 * lengths.max()))
    picked = []
    for i in np.argsort(-scores):
        if scores[i] <= 0:  # shares nothing with the rest of the thread
            break
        if all(sims[i, j] < redundancy for j in picked):
            picked.append(i)
        if len(picked) == size:
            break
    top = scores.max() or 1.0
    return [(comments[i][0], float(scores[i] / top)) for i in sorted(picked)]


# --- Spam and abuse ---------------------------------------------------------------------------------


def _url_count(text):
    text = (text or "").lower()
    return text.count("http") + text.count("www.")


class SpamModel:
    """Probability that moderators would hide a text, learnt from their decisions here."""

    def __init__(self, words, chars, classifier):
        self.words = words
        self.chars = chars
        self.classifier = classifier

    @classmethod
    def train(cls, texts, hidden):
        texts = list(texts)
        hidden = [bool(h) for h in hidden]
        if len(set(hidden)) < 2:
            raise ValueError("Spam model needs hidden and released examples.")
        words = _word_vectorizer(min_df=1)
        chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False, sublinear_tf=True,
                                max_features=100_000, dtype=np.float32)
        x = cls._stack(words.fit_transform(texts), chars.fit_transform(texts), texts)
        classifier = LogisticRegression(C=5.0, max_iter=2000, class_weight="balanced")
        classifier.fit(x, hidden)
        return cls(words, chars, classifier)

    @staticmethod
    def _stack(w, c, texts):
        extra = sparse.csr_matrix(np.array([[min(_url_count(t), 5) / 5] for t in texts], dtype=np.float32))
        return sparse.hstack([w, c, extra]).tocsr()

    def scores(self, texts):
        texts = [(t or "")[: nlp.MAX_CHARS] for t in texts]
        if not texts:
            return []
        x = self._stack(self.words.transform(texts), self.chars.transform(texts), texts)
        column = list(self.classifier.classes_).index(True)
        return [float(p) for p in self.classifier.predict_proba(x)[:, column]]

    def score(self, text):
        return self.scores([text])[0]

    def reasons(self, text, limit=5):
        """Words of ``text`` that pushed its score up."""
        x = self.words.transform([(text or "")[: nlp.MAX_CHARS]])
        coef = self.classifier.coef_[0]
        vocabulary = self.words.get_feature_names_out()
        forms = nlp.surface_forms(text)
        pulls = sorted(
            ((float(v * coef[c]), vocabulary[c]) for c, v in zip(x.indices, x.data, strict=True) if coef[c] > 0),
            reverse=True,
        )
        return [forms.get(s, s) for _, s in pulls[:limit]]
