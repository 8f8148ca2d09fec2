"""Duplicate detection: pair features and pair-decision variants compared by nested cross-validation.

    .venv/bin/python bench/assistant_duplicate_variants.py              # features + all variants (~3 min)
    .venv/bin/python bench/assistant_duplicate_variants.py --seed 1     # another split of the folds

Outer loop: the same five folds as ``evaluation.cross_validate`` (duplicate groups kept together).
For each outer fold, every statistic (TF-IDF, field model, reference texts, compound lexicon) is
fitted on the training folds only; the pair classifier is trained on pairs inside four inner parts
of the training folds (statistics fitted on the other three, as ``evaluation.fit_pair_decision``
does) and its cut-off is the balanced one on the inner out-of-fold predictions. A variant is to be
chosen by the inner figures; the held-out figures are printed beside them, never used to choose.
Average precision (AP) over all held-out pairs is shown for diagnosis only.

Features beyond the shipped six (``engine.PAIR_FEATURES``): title cosines, IDF-weighted stem
overlap, soft word alignment over character n-grams of words, hubness-corrected cosine (CSLS)
and rank against the training texts, stems with German compounds split on a lexicon of the
training words, and concepts from the German OpenThesaurus (Debian package
``openthesaurus-de-text``; those two features are zero when its file is missing).
``--transductive`` also fits the unsupervised statistics on the held-out texts (no labels), as a
deployed model's statistics include the ideas it compares.
"""

import argparse
import collections
import os
import pickle
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler, normalize  # noqa: E402

from modellstadt.assistant import corpus, engine, evaluation, nlp  # noqa: E402
from modellstadt.assistant.evaluation import balanced_cutoff  # noqa: E402

THESAURUS = Path("/usr/share/openthesaurus-de/thesaurus.txt")


SYN = collections.defaultdict(set)
_n = 0
for _line in THESAURUS.open(encoding="utf-8") if THESAURUS.exists() else []:
    if _line.startswith("#"):
        continue
    _terms = [re.sub(r"\([^)]*\)", "", t).strip() for t in _line.rstrip("\n").split(";")]
    _terms = [t for t in _terms if t and " " not in t and not t.endswith("...")]
    if len(_terms) < 2:
        continue
    for _t in _terms:
        SYN[nlp.stem(nlp.fold(_t))].add(_n)
    _n += 1
MAXSYN = int(os.environ.get("MAXSYN", "8"))


def concepts(text):
    out = []
    for s in nlp.stems(text):
        ids = SYN.get(s, ())
        if 0 < len(ids) <= MAXSYN:
            out.extend(f"c{i}" for i in ids)
    return out


def expanded(text):
    return nlp.stems(text) + concepts(text)


LINKS = ("", "s", "es", "n", "en", "e")


def split_word(word, lexicon, depth=0):
    """Parts of a compound whose pieces are all in ``lexicon`` (longest head first), or [word]."""
    if depth > 2 or len(word) < 7:
        return [word]
    for i in range(len(word) - 3, 2, -1):
        head = word[i:]
        if head not in lexicon and nlp.stem(head) not in lexicon:
            continue
        left = word[:i]
        for link in LINKS:
            if link and not left.endswith(link):
                continue
            mod = left[: len(left) - len(link)] if link else left
            if len(mod) >= 3 and (mod in lexicon or nlp.stem(mod) in lexicon):
                return [mod, head]
            if len(mod) >= 7:
                sub = split_word(mod, lexicon, depth + 1)
                if len(sub) > 1:
                    return sub + [head]
    return [word]


class Decompounder:
    def __init__(self, texts):
        self.lexicon = {w for t in texts for w in nlp.words(t) if len(w) >= 3}
        self.lexicon |= {nlp.stem(w) for w in self.lexicon if len(nlp.stem(w)) >= 3}

    def __call__(self, text):
        out = []
        for w in nlp.words(text):
            out.append(nlp.stem(w))
            parts = split_word(w, self.lexicon) if "-" not in w else [w]
            if len(parts) > 1:
                out.extend(nlp.stem(p) for p in parts)
        return out


class Parts:
    def __init__(self, rows, extra=()):
        texts = [engine.idea_text(r.title, r.text) for r in rows]
        stats = texts + list(extra)
        self.dc = Decompounder(stats)
        self.words_dc = TfidfVectorizer(analyzer=self.dc, sublinear_tf=True).fit(stats)
        self.words = engine._word_vectorizer(min_df=1).fit(stats)
        self.chars = engine._char_vectorizer(min_df=1).fit(stats)
        self.concepts = TfidfVectorizer(analyzer=concepts, sublinear_tf=True).fit(stats)
        self.expanded = TfidfVectorizer(analyzer=expanded, sublinear_tf=True).fit(stats)
        labelled = [r for r in rows if r.field]
        self.field = engine.FieldModel.train(
            [engine.idea_text(r.title, r.text) for r in labelled], [r.field for r in labelled]
        )
        self.ref_w = normalize(self.words.transform(texts))
        self.ref_c = normalize(self.chars.transform(texts))
        vocab_words = sorted({w for t in texts for w in nlp.words(t)})
        self.wordchars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(vocab_words)
        self.idf = dict(zip(self.words.get_feature_names_out(), self.words.idf_, strict=True))
        self.max_idf = float(self.words.idf_.max())


def titles(texts):
    return [t.split("\n", 1)[0] for t in texts]


def cos(a, b=None):
    a = normalize(a)
    b = a if b is None else normalize(b)
    return (a @ b.T).toarray()


def features(p, texts, k=5):
    f = {}
    w = normalize(p.words.transform(texts))
    c = normalize(p.chars.transform(texts))
    f["words"] = (w @ w.T).toarray()
    f["chars"] = (c @ c.T).toarray()
    f["combined"] = 0.5 * f["words"] + 0.5 * f["chars"]
    dv = normalize(p.words_dc.transform(texts))
    f["words_dc"] = (dv @ dv.T).toarray()
    f["combined_dc"] = 0.5 * f["words_dc"] + 0.5 * f["chars"]
    cv = normalize(p.concepts.transform(texts))
    f["concepts"] = (cv @ cv.T).toarray()
    ev = normalize(p.expanded.transform(texts))
    f["expanded"] = (ev @ ev.T).toarray()
    stem_sets = [set(nlp.stems(t)) for t in texts]
    n = len(texts)
    jac = np.zeros((n, n))
    wjac = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            a, b = stem_sets[i], stem_sets[j]
            u = a | b
            if u:
                jac[i, j] = len(a & b) / len(u)
                wi = lambda s: p.idf.get(s, p.max_idf)  # noqa: E731
                wjac[i, j] = sum(wi(s) for s in a & b) / sum(wi(s) for s in u)
    f["stem_jaccard"] = jac
    f["idf_jaccard"] = wjac
    prob = p.field.probabilities(texts)
    pn = normalize(prob)
    f["field_similarity"] = pn @ pn.T
    am = prob.argmax(1)
    f["same_field"] = (am[:, None] == am[None, :]).astype(float)
    f["field_dot"] = prob @ prob.T
    lengths = np.array([max(1, len(nlp.words(t))) for t in texts], dtype=float)
    f["length_ratio"] = np.minimum(lengths[:, None], lengths[None, :]) / np.maximum(lengths[:, None], lengths[None, :])
    tt = titles(texts)
    tw = normalize(p.words.transform(tt))
    tc = normalize(p.chars.transform(tt))
    f["title_words"] = (tw @ tw.T).toarray()
    f["title_chars"] = (tc @ tc.T).toarray()
    # reference-based (hubness) statistics against the training texts
    rw = (w @ p.ref_w.T).toarray()
    rc = (c @ p.ref_c.T).toarray()
    rcomb = 0.5 * rw + 0.5 * rc
    rcomb[rcomb > 0.98] = 0  # the text itself if it is in the reference
    top = -np.sort(-rcomb, axis=1)[:, :k]
    r = top.mean(1)
    f["csls"] = 2 * f["combined"] - r[:, None] - r[None, :]
    f["ratio_ref"] = f["combined"] / np.maximum(1e-6, np.maximum(r[:, None], r[None, :]))
    # fraction of reference texts closer to a than b is (symmetric: max of both directions)
    frac = np.zeros((n, n))
    for i in range(n):
        srt = np.sort(rcomb[i])
        frac[i] = 1 - np.searchsorted(srt, f["combined"][i], side="left") / len(srt)
    f["ref_rank"] = np.maximum(frac, frac.T)  # worse of the two
    f["ref_rank_min"] = np.minimum(frac, frac.T)
    # soft word alignment over char n-grams of words
    wl = [sorted(set(nlp.words(t))) for t in texts]
    allw = sorted({x for ws in wl for x in ws})
    if allw:
        idx = {x: i for i, x in enumerate(allw)}
        wv = normalize(p.wordchars.transform(allw))
        S = (wv @ wv.T).toarray()
        widf = np.array([p.idf.get(nlp.stem(x), p.max_idf) for x in allw])
        soft = np.zeros((n, n))
        soft_t = np.zeros((n, n))
        for i in range(n):
            ii = [idx[x] for x in wl[i]]
            for j in range(n):
                jj = [idx[x] for x in wl[j]]
                if not ii or not jj:
                    continue
                block = S[np.ix_(ii, jj)]
                a2b = (block.max(1) * widf[ii]).sum() / widf[ii].sum()
                b2a = (block.max(0) * widf[jj]).sum() / widf[jj].sum()
                soft[i, j] = 0.5 * (a2b + b2a)
                blk = np.where(block >= 0.5, block, 0)
                a2b = (blk.max(1) * widf[ii]).sum() / widf[ii].sum()
                b2a = (blk.max(0) * widf[jj]).sum() / widf[jj].sum()
                soft_t[i, j] = 0.5 * (a2b + b2a)
        f["soft_align"] = soft
        f["soft_align_t"] = soft_t
    else:
        f["soft_align"] = np.zeros((n, n))
        f["soft_align_t"] = np.zeros((n, n))
    return f


def pairs_of(p, rows):
    texts = [engine.idea_text(r.title, r.text) for r in rows]
    f = features(p, texts)
    upper = np.triu_indices(len(rows), k=1)
    names = sorted(f)
    x = np.stack([f[nm][upper] for nm in names], axis=-1)
    y = evaluation._true_pairs(rows)[upper]
    ids = [(rows[a].id, rows[b].id) for a, b in zip(*upper, strict=True)]
    return names, x, y, ids


BASE = ["combined", "words", "chars", "stem_jaccard", "field_similarity", "length_ratio"]


def clf(c=1.0, cw=None):
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000, class_weight=cw))


def run(data, feats, c=1.0, cw=None, verbose=False):
    names = data[0]["names"]
    cols = [names.index(f) for f in feats]
    inner_tp = inner_fp = inner_pos = 0
    tp = found = pos = 0
    mistakes = []
    allscores, ally = [], []
    for fold in data:
        xi, yi, parts = fold["inner"]
        xi = xi[:, cols]
        unseen = np.zeros(len(yi))
        for number in np.unique(parts):
            o = parts != number
            unseen[~o] = clf(c, cw).fit(xi[o], yi[o]).predict_proba(xi[~o])[:, 1]
        cut = balanced_cutoff(unseen, yi)
        f_in = unseen >= cut
        inner_tp += (f_in & yi).sum()
        inner_fp += (f_in & ~yi).sum()
        inner_pos += yi.sum()
        model = clf(c, cw).fit(xi, yi)
        xt, yt, ids = fold["test"]
        s = model.predict_proba(xt[:, cols])[:, 1]
        allscores.append(s)
        ally.append(yt)
        f = s >= cut
        tp += (f & yt).sum()
        found += f.sum()
        pos += yt.sum()
        for k in np.where(f != yt)[0]:
            mistakes.append(("FP" if f[k] else "FN", ids[k], round(float(s[k]), 3), cut))
    ip = inner_tp / max(1, inner_tp + inner_fp)
    ir = inner_tp / inner_pos
    ap = average_precision_score(np.concatenate(ally), np.concatenate(allscores))
    res = dict(
        inner_p=ip,
        inner_r=ir,
        inner_min=min(ip, ir),
        p=tp / max(1, found),
        r=tp / pos,
        tp=int(tp),
        found=int(found),
        pos=int(pos),
        ap=ap,
    )
    if verbose:
        return res, mistakes
    return res


def fmt(name, r):
    return (
        f"{name:55s} inner P/R {100 * r['inner_p']:5.1f}/{100 * r['inner_r']:5.1f} | held P/R "
        f"{100 * r['p']:5.1f}/{100 * r['r']:5.1f} ({r['tp']}/{r['found']}, {r['pos']}) AP {r['ap']:.3f}"
    )


def collect(seed, transductive):
    rows = list(corpus.starting_corpus())
    out = []
    started = time.time()
    with engine.single_thread():
        for fold, held in enumerate(evaluation.folds(rows, 5, seed)):
            hs = set(held)
            train = [r for i, r in enumerate(rows) if i not in hs]
            test = [rows[i] for i in held]
            extra = [engine.idea_text(r.title, r.text) for r in test] if transductive else ()
            names, xt, yt, idt = pairs_of(Parts(train, extra), test)
            inner = []
            for number, part in enumerate(evaluation.folds(train, 4, seed=1)):
                ps = set(part)
                others = [r for i, r in enumerate(train) if i not in ps]
                held_rows = [train[i] for i in part]
                extra = [engine.idea_text(r.title, r.text) for r in held_rows] if transductive else ()
                _, xi, yi, _ = pairs_of(Parts(others, extra), held_rows)
                inner.append((xi, yi, np.full(len(yi), number)))
            xi, yi, pi = zip(*inner, strict=True)
            out.append(
                {
                    "names": names,
                    "test": (xt, yt, idt),
                    "inner": (np.vstack(xi), np.concatenate(yi), np.concatenate(pi)),
                }
            )
            print(f"fold {fold}: {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    return out


def hgb(c=1.0, cw=None):
    return HistGradientBoostingClassifier(
        max_iter=100, max_depth=3, learning_rate=0.05, min_samples_leaf=20, random_state=0
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--transductive", action="store_true")
    parser.add_argument("--cache", help="pickle file for the features (read if it exists)")
    args = parser.parse_args()
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, "rb") as handle:
            data = pickle.load(handle)
    else:
        data = collect(args.seed, args.transductive)
        if args.cache:
            with open(args.cache, "wb") as handle:
                pickle.dump(data, handle)
    names = data[0]["names"]
    variants = {
        "shipped six features": BASE,
        "+ soft word alignment": BASE + ["soft_align"],
        "+ soft word alignment (>= 0.5 only)": BASE + ["soft_align_t"],
        "+ CSLS (hubness-corrected cosine)": BASE + ["csls"],
        "+ rank against training texts": BASE + ["ref_rank", "ref_rank_min"],
        "+ similarity / reference similarity": BASE + ["ratio_ref"],
        "+ IDF-weighted stem overlap": BASE + ["idf_jaccard"],
        "+ title cosines": BASE + ["title_words", "title_chars"],
        "+ field dot product, same top field": BASE + ["field_dot", "same_field"],
        "+ thesaurus concepts": BASE + ["concepts"],
        "+ stems with thesaurus synonyms": BASE + ["expanded"],
        "compound-split stems instead of stems": [
            f.replace("words", "words_dc").replace("combined", "combined_dc") for f in BASE
        ],
        "+ compound-split stems": BASE + ["words_dc", "combined_dc"],
        "all features": names,
        "all features, C = 0.1": (names, 0.1),
        "shipped six, class_weight balanced": (BASE, 1.0, "balanced"),
    }
    for label, spec in variants.items():
        feats, c, cw = (spec, 1.0, None) if isinstance(spec, list) else (spec + (None,) * (3 - len(spec)))
        print(fmt(label, run(data, feats, c=c, cw=cw)), flush=True)
    global clf
    clf = hgb
    print(fmt("shipped six, gradient boosting", run(data, BASE)), flush=True)
    print(fmt("all features, gradient boosting", run(data, names)), flush=True)


if __name__ == "__main__":
    main()
