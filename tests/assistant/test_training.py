"""Training new versions: numerical libraries on one thread, and the duplicate pair decision fitted
only when the labelled ideas changed."""

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from modellstadt.assistant import corpus, engine, evaluation, training
from modellstadt.assistant.models import DuplicateLink, ModelKind, TrainedModel
from tests.assistant.conftest import idea

STARTING_CORPUS = corpus.starting_corpus()
EXTRA = [engine.idea_text("Ladesäulen am Bahnhof", "Mehr Schnellladepunkte für E-Autos am Bahnhof."),
         engine.idea_text("Glasfaser für Vorsfelde", "Bitte das Glasfaser-Netz bis in die Ortsteile legen.")]


def _small_corpus():
    """Every duplicate group of the corpus and 40 other ideas: enough for a pair decision, quick to fit."""
    rows = STARTING_CORPUS
    return tuple([r for r in rows if r.dup_group] + [r for r in rows if not r.dup_group][:40])


def _blas_threads():
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_training_runs_the_numerical_libraries_on_one_thread(monkeypatch):
    seen = []
    original = engine.FieldModel.train.__func__

    def recording(cls, texts, labels, **kwargs):
        seen.append(_blas_threads())
        return original(cls, texts, labels, **kwargs)

    monkeypatch.setattr(engine.FieldModel, "train", classmethod(recording))
    rows = list(corpus.starting_corpus())[:120]
    with threadpool_limits(limits=2):  # as on a 2-core machine, whatever this one has
        training.fit_field(rows)
        training.fit_duplicates(rows[:60])
    assert seen and all(threads == {1} for threads in seen)


def test_labelled_fingerprint_follows_fields_groups_and_texts_not_ids_or_tag_names():
    rows = list(corpus.starting_corpus())[:50]
    renamed = [corpus.LabelledIdea(f"x{r.id}", r.field, r.dup_group and f"other-{r.dup_group}", r.title, r.text)
               for r in rows]
    assert evaluation.labelled_fingerprint(rows) == evaluation.labelled_fingerprint(renamed)
    changed = rows[:-1] + [corpus.LabelledIdea(rows[-1].id, rows[-1].field, "new", rows[-1].title, rows[-1].text)]
    assert evaluation.labelled_fingerprint(changed) != evaluation.labelled_fingerprint(rows)
    edited = rows[:-1] + [corpus.LabelledIdea(rows[-1].id, rows[-1].field, "", rows[-1].title, "anders")]
    assert evaluation.labelled_fingerprint(edited) != evaluation.labelled_fingerprint(rows)


def test_reused_labelled_parts_give_the_same_model():
    rows = list(_small_corpus())
    fresh, fresh_metrics = training.fit_duplicates(rows, EXTRA)
    again, metrics = training.fit_duplicates(rows, EXTRA, previous=fresh)
    assert not fresh_metrics["pair_decision_reused"] and metrics["pair_decision_reused"]
    assert {k: v for k, v in metrics.items() if k != "pair_decision_reused"} == \
        {k: v for k, v in fresh_metrics.items() if k != "pair_decision_reused"}
    texts = [engine.idea_text(r.title, r.text) for r in rows[:40]] + EXTRA
    assert np.array_equal(again.decisions(texts), fresh.decisions(texts))
    assert fresh.pair_classifier is not None and again.pair_classifier is fresh.pair_classifier
    assert again.pair_cutoff == fresh.pair_cutoff and again.threshold == fresh.threshold


def test_training_reuses_the_pair_decision_until_the_office_links_duplicates(process, resident, office_user,
                                                                             monkeypatch):
    fitted = []
    original = evaluation.fit_pair_decision

    def counting(model, rows):
        fitted.append(len(rows))
        return original(model, rows)

    monkeypatch.setattr(evaluation, "fit_pair_decision", counting)
    monkeypatch.setattr(corpus, "starting_corpus", _small_corpus)
    first = training.train_duplicates()
    assert len(fitted) == 2  # the probe's and the model's
    assert len(first.labelled_fingerprint) == 64 and not first.metrics["pair_decision_reused"]

    idea(process, resident, "Neue Idee", "Ein Text, der nur die Statistik der Wörter ändert.")
    second = training.train_duplicates()
    assert len(fitted) == 2  # new text, same labelled ideas: nothing fitted again
    assert second.labelled_fingerprint == first.labelled_fingerprint and second.metrics["pair_decision_reused"]

    a = idea(process, resident, "Busdaten freigeben", "Abfahrtszeiten der Busse als offene Daten.")
    b = idea(process, resident, "Echtzeitdaten der Busse", "Bitte die Abfahrten der Busse offen bereitstellen.")
    DuplicateLink.objects.create(idea=a, duplicate_of=b, created_by=office_user)
    third = training.train_duplicates()
    assert len(fitted) == 4 and not third.metrics["pair_decision_reused"]
    assert third.labelled_fingerprint != first.labelled_fingerprint
    assert list(TrainedModel.objects.filter(kind=ModelKind.DUPLICATES).values_list("version", flat=True)) == [3, 2, 1]
