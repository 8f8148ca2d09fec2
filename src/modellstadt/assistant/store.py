"""Loading and keeping the current model versions.

The newest ``TrainedModel`` of a kind trained with the installed scikit-learn release is the
current one. Each process keeps the loaded object in
memory and asks the database only for the newest version number (one small query), so a new
version trained by the worker is picked up by every app server on its next request.

Without a stored version, or when the stored one was trained with another scikit-learn release,
the field and duplicate models are trained from the shipped starting corpus on first use (about a
second) and kept in memory: a brand-new installation works without any set-up step.
"""

import io
import logging
import threading
from functools import lru_cache

import joblib
import sklearn

from modellstadt.assistant import corpus, engine
from modellstadt.assistant.models import ModelKind, TrainedModel

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded = {}  # kind -> (pk, object)


def dump(obj):
    buffer = io.BytesIO()
    joblib.dump(obj, buffer, compress=3)
    return buffer.getvalue()


def load(blob):
    return joblib.load(io.BytesIO(bytes(blob)))


def corpus_texts():
    return [engine.idea_text(r.title, r.text) for r in corpus.starting_corpus()]


@lru_cache(maxsize=1)
def corpus_field_model():
    rows = corpus.starting_corpus()
    with engine.single_thread():
        return engine.FieldModel.train(corpus_texts(), [r.field for r in rows])


@lru_cache(maxsize=1)
def corpus_duplicate_model():
    from modellstadt.assistant import evaluation

    with engine.single_thread():
        return evaluation.train_duplicate_model(list(corpus.starting_corpus()))


_FALLBACK = {ModelKind.FIELD: corpus_field_model, ModelKind.DUPLICATES: corpus_duplicate_model}


def current_row(kind):
    """(pk, version, library version) of the newest usable stored model of ``kind``, or None."""
    return TrainedModel.objects.filter(kind=kind, library_version=sklearn.__version__).order_by("-version").values_list(
        "pk", "version", "library_version"
    ).first()


def current(kind):
    """(model, version) for ``kind``; version None means the starting-corpus model (or no spam model)."""
    row = current_row(kind)
    if row is not None:
        pk, version, _library = row
        cached = _loaded.get(kind)
        if cached is not None and cached[0] == pk:
            return cached[1], version
        with _lock:
            try:
                blob = TrainedModel.objects.values_list("blob", flat=True).get(pk=pk)
                obj = load(blob)
            except Exception:  # a broken row must not break a page; fall back and say so in the log
                logger.exception("Assistant model %s v%s could not be loaded", kind, version)
            else:
                _loaded[kind] = (pk, obj)
                return obj, version
    fallback = _FALLBACK.get(kind)
    return (fallback() if fallback else None), None


def field_model():
    return current(ModelKind.FIELD)


def duplicate_model():
    return current(ModelKind.DUPLICATES)


def spam_model():
    return current(ModelKind.SPAM)


def forget():
    """Drop the models kept in memory (tests, after training in the same process)."""
    _loaded.clear()
