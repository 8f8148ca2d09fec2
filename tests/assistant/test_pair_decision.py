"""The pair decision of the duplicate finder: a logistic regression over pair features, fitted on
labelled duplicate groups, which decides what counts as a duplicate in lists and figures."""

import numpy as np
import pytest

from modellstadt.assistant import corpus, engine, evaluation, store

BUS_A = engine.idea_text("Busdaten für alle freigeben",
                         "Die Abfahrtszeiten der Busse in Echtzeit als offene Daten veröffentlichen.")
BUS_B = engine.idea_text("Echtzeitdaten der Busse öffnen",
                         "Bitte die Echtzeit-Abfahrten der Busse als offene Daten für alle bereitstellen.")
TREES = engine.idea_text("Mehr Bäume in der Innenstadt", "Im Sommer fehlt Schatten, bitte Straßenbäume pflanzen.")


@pytest.fixture(scope="module")
def duplicate_model():
    return store.corpus_duplicate_model()


def test_corpus_model_decides_pairs_with_its_classifier(duplicate_model):
    assert duplicate_model.pair_classifier is not None
    assert 0 < duplicate_model.pair_cutoff < 1
    decided = duplicate_model.decisions([BUS_A, BUS_B, TREES])
    assert decided[0, 1] and decided[1, 0]
    assert not decided[0, 2] and not decided[1, 2]


def test_pair_features_are_symmetric_bounded_and_one_for_the_same_text(duplicate_model):
    features = duplicate_model.pair_features([BUS_A, BUS_B, TREES])
    assert features.shape == (3, 3, len(engine.PAIR_FEATURES))
    assert np.allclose(features, features.transpose(1, 0, 2))
    assert (features >= -1e-9).all() and (features <= 1 + 1e-6).all()
    assert np.allclose(features[0, 0], 1.0, atol=1e-5)
    jaccard = engine.PAIR_FEATURES.index("stem_jaccard")
    assert features[0, 1, jaccard] > features[0, 2, jaccard] == 0


def test_matches_keep_only_what_the_pair_decision_accepts(duplicate_model):
    found = duplicate_model.matches(BUS_A, [(1, TREES), (2, BUS_B)])
    assert [m.key for m in found] == [2]
    assert found[0].score > 0  # the similarity the form shows
    # an explicit cosine threshold still lists what reaches it, whatever the decision says
    assert {m.key for m in duplicate_model.matches(BUS_A, [(1, TREES), (2, BUS_B)], threshold=0.0)} == {1, 2}


def test_pairs_follow_the_decision(duplicate_model):
    pairs = duplicate_model.pairs(["a", "b", "c"], [BUS_A, BUS_B, TREES])
    assert [p[:2] for p in pairs] == [("a", "b")]


def test_without_duplicate_groups_the_cosine_threshold_decides():
    rows = [r for r in corpus.starting_corpus() if not r.dup_group][:40]
    model = evaluation.train_duplicate_model(rows)
    assert model.pair_classifier is None
    texts = [BUS_A, BUS_B, TREES]
    assert (model.decisions(texts) == (model.similarities(texts) >= model.threshold)).all()


def test_balanced_cutoff_balances_precision_and_recall():
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.2])
    truth = np.array([True, True, False, True, False, False])
    # at 0.6: 3 of 4 found are right, all 3 duplicates found -> min 0.75, better than 0.8 (1.0 / 0.67)
    assert evaluation.balanced_cutoff(scores, truth, candidates=[0.2, 0.6, 0.8, 0.9]) == 0.6


def test_pair_decision_is_fitted_on_training_rows_only():
    rows = list(corpus.starting_corpus())
    parts = evaluation.folds(rows, 5)
    held = set(parts[0])
    train = [r for i, r in enumerate(rows) if i not in held]
    test = [rows[i] for i in parts[0]]
    model = evaluation.train_duplicate_model(train)
    precision, recall, pairs = evaluation.duplicate_scores(model, test)
    cosine_precision, cosine_recall, _ = evaluation.duplicate_scores(model, test, threshold=model.threshold)
    assert pairs > 0
    assert precision is not None and recall is not None and 0 < precision <= 1 and 0 < recall <= 1
    # on this held-out fold the decision is at least as good as the cosine threshold in both figures
    assert precision >= (cosine_precision or 0) and recall >= cosine_recall
