"""Benchmark of the idea assistant: quality on held-out data and speed (no database needed).

    .venv/bin/python bench/assistant_run.py                 # everything
    .venv/bin/python bench/assistant_run.py --json FILE     # ... and write the figures as JSON
    .venv/bin/python bench/assistant_run.py --only retrain  # only (c), the retraining (about a minute)

Measures
(a) quality by 5-fold cross-validation on the shipped corpus (``assistant/corpus/ideen.tsv``;
    folds keep each duplicate group together; the duplicate threshold is tuned on the training
    folds only): field suggestion top-1 and top-3, duplicate precision and recall over pairs,
    and the share of ideas with a duplicate that find it among their five most similar ideas;
(b) time per field suggestion (one ``FieldModel.suggest`` with its explanation): median and
    95th percentile over 300 ideas, with the model trained on the corpus and on 20,000 ideas;
(c) retraining on 20,000 ideas with ``training.fit_field`` and ``training.fit_duplicates``, the
    functions the training task runs (a probe on at most 5,000 examples for the quality figures,
    then the full model; threshold tuning), without storing: first as after a change of the
    labelled ideas (pair decision fitted), then once more as the task runs while they are
    unchanged (``previous=``: pair decision and its field model reused);
(d) topics for the 2,000 ideas of one process (``engine.topics``).

The 20,000 and 2,000 ideas for (b)–(d) are generated from the corpus: each one joins two to four
sentences of corpus ideas of the same field, with a few letters dropped and umlauts spelled out,
so vocabulary and length are realistic. They are for timing only, never for quality figures.
Wall time and CPU time are both recorded, with the share of the machine that was busy just before
each measurement: on a shared, saturated machine the wall time says more about the neighbours.
"""

import argparse
import json
import os
import platform
import random
import re
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellstadt.settings")

TARGETS = {"top1": 0.80, "top3": 0.95, "dup_precision": 0.80, "dup_recall": 0.80,
           "suggest_ms": 50, "retrain_s": 60, "topics_s": 10}


def busy_other():
    """CPU share used by the whole machine in the last second (all processes), 0–100 %."""
    def snapshot():
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        return sum(values), values[3] + values[4]

    total1, idle1 = snapshot()
    time.sleep(1)
    total2, idle2 = snapshot()
    return round(100 * (1 - (idle2 - idle1) / max(1, total2 - total1)), 1)


def synthetic(rows, n, seed=1):
    from modellstadt.assistant.corpus import LabelledIdea

    rng = random.Random(seed)
    by_field = {}
    for row in rows:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", row.text) if s]
        by_field.setdefault(row.field, []).extend(sentences)
    titles = {}
    for row in rows:
        titles.setdefault(row.field, []).append(row.title)
    fields = sorted(by_field)
    out = []
    for i in range(n):
        field = fields[i % len(fields)]
        text = " ".join(rng.sample(by_field[field], rng.randint(2, 4)))
        if rng.random() < 0.3:
            text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        if rng.random() < 0.3 and len(text) > 20:
            cut = rng.randrange(len(text) - 1)
            text = text[:cut] + text[cut + 1:]
        out.append(LabelledIdea(f"s{i}", field, "", rng.choice(titles[field]), text))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    parser.add_argument("--only", choices=("all", "retrain"), default="all",
                        help="retrain: measure only the retraining on 20,000 ideas")
    args = parser.parse_args()

    import django

    django.setup()
    import sklearn

    from modellstadt.assistant import corpus, engine, evaluation, training

    rows = list(corpus.starting_corpus())
    figures = {"machine": f"{os.cpu_count()} cores, {platform.machine()}", "python": platform.python_version(),
               "scikit_learn": sklearn.__version__, "corpus_ideas": len(rows)}

    if args.only == "all":
        load = busy_other()
        start, cpu_start = time.perf_counter(), time.process_time()
        cv = evaluation.cross_validate(rows, k=5)
        figures["cross_validation"] = {
            "top1": cv.top1, "top3": cv.top3, "dup_precision": cv.dup_precision, "dup_recall": cv.dup_recall,
            "dup_hit5": cv.dup_hit5, "dup_pairs": cv.dup_pairs, "dup_threshold": cv.dup_threshold,
            "seconds": round(time.perf_counter() - start, 1), "cpu_s": round(time.process_time() - cpu_start, 1),
            "machine_busy_before_pct": load,
        }

    big_rows = synthetic(rows, 20_000)
    big_texts = [engine.idea_text(r.title, r.text) for r in big_rows]

    def timed_suggestions(model, sample):
        for text in sample[:20]:
            model.suggest(text)  # warm caches
        times, cpu = [], []
        for text in sample:
            t0, c0 = time.perf_counter(), time.thread_time()
            model.suggest(text)
            times.append(1000 * (time.perf_counter() - t0))
            cpu.append(1000 * (time.thread_time() - c0))
        times.sort()
        cpu.sort()
        p95 = int(0.95 * len(times)) - 1
        return round(median(times), 2), round(times[p95], 2), round(median(cpu), 2), round(cpu[p95], 2)

    sample = [engine.idea_text(r.title, r.text) for r in rows[:300]]

    load = busy_other()
    cpu0, t0 = time.process_time(), time.perf_counter()
    # Exactly what the training task does, without storing: probe + full model, threshold tuning.
    big, _metrics = training.fit_field(big_rows)
    field_s = time.perf_counter() - t0
    field_cpu = time.process_time() - cpu0
    t1, cpu1 = time.perf_counter(), time.process_time()
    duplicates, _metrics = training.fit_duplicates(rows, big_texts)
    dup_s = time.perf_counter() - t1
    dup_cpu = time.process_time() - cpu1
    load_reused = busy_other()
    t2, cpu2 = time.perf_counter(), time.process_time()
    training.fit_duplicates(rows, big_texts, previous=duplicates)
    reused_s = time.perf_counter() - t2
    reused_cpu = time.process_time() - cpu2
    figures["retrain_20000"] = {
        "field_s": round(field_s, 1), "field_cpu_s": round(field_cpu, 1), "duplicates_s": round(dup_s, 1),
        "duplicates_cpu_s": round(dup_cpu, 1), "total_s": round(field_s + dup_s, 1),
        "total_cpu_s": round(field_cpu + dup_cpu, 1), "machine_busy_before_pct": load,
        "duplicates_reused_s": round(reused_s, 1), "duplicates_reused_cpu_s": round(reused_cpu, 1),
        "total_reused_s": round(field_s + reused_s, 1), "total_reused_cpu_s": round(field_cpu + reused_cpu, 1),
        "machine_busy_before_reused_pct": load_reused,
    }
    retrain = figures["retrain_20000"]
    retrain_checks = [
        ("Neu trainieren 20.000 s", retrain["total_s"], TARGETS["retrain_s"], False),
        ("Neu trainieren 20.000 s CPU", retrain["total_cpu_s"], TARGETS["retrain_s"], False),
        ("Neu trainieren 20.000 s, Paarentscheidung übernommen", retrain["total_reused_s"],
         TARGETS["retrain_s"], False),
        ("Neu trainieren 20.000 s CPU, Paarentscheidung übernommen", retrain["total_reused_cpu_s"],
         TARGETS["retrain_s"], False),
    ]
    if args.only == "retrain":
        report(figures, retrain_checks, args.json)
        return

    texts = [engine.idea_text(r.title, r.text) for r in rows]
    small = engine.FieldModel.train(texts, [r.field for r in rows])

    load = busy_other()
    keys = ("median", "p95", "cpu_median", "cpu_p95")
    figures["suggest_ms_corpus_model"] = dict(zip(keys, timed_suggestions(small, sample), strict=True))
    figures["suggest_ms_20000_model"] = dict(zip(keys, timed_suggestions(big, sample), strict=True))
    figures["suggest_machine_busy_before_pct"] = load

    items = [(r.id, engine.idea_text(r.title, r.text), i % 7) for i, r in enumerate(big_rows[:2000])]
    load = busy_other()
    t0, c0 = time.perf_counter(), time.process_time()
    found = engine.topics(items)
    figures["topics_2000"] = {"seconds": round(time.perf_counter() - t0, 2),
                              "cpu_s": round(time.process_time() - c0, 2), "topics": len(found),
                              "machine_busy_before_pct": load}

    c = figures["cross_validation"]
    checks = [
        ("Top-1 (Kreuzvalidierung)", c["top1"], TARGETS["top1"], True),
        ("Top-3 (Kreuzvalidierung)", c["top3"], TARGETS["top3"], True),
        ("Dubletten-Präzision", c["dup_precision"] or 0, TARGETS["dup_precision"], True),
        ("Dubletten-Trefferquote", c["dup_recall"] or 0, TARGETS["dup_recall"], True),
        ("Vorschlag ms (p95, Modell aus 20.000)", figures["suggest_ms_20000_model"]["p95"],
         TARGETS["suggest_ms"], False),
        ("Vorschlag ms CPU (p95, Modell aus 20.000)", figures["suggest_ms_20000_model"]["cpu_p95"],
         TARGETS["suggest_ms"], False),
        *retrain_checks,
        ("Themen 2.000 s", figures["topics_2000"]["seconds"], TARGETS["topics_s"], False),
        ("Themen 2.000 s CPU", figures["topics_2000"]["cpu_s"], TARGETS["topics_s"], False),
    ]
    report(figures, checks, args.json)
    print(f"Dubletten unter den 5 ähnlichsten: {100 * (c['dup_hit5'] or 0):.1f} %")


def report(figures, checks, json_path):
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    for label, value, target, higher in checks:
        ok = value >= target if higher else value < target
        shown = f"{100 * value:.1f} %" if higher else f"{value}"
        wanted = f">= {100 * target:.0f} %" if higher else f"< {target}"
        print(f"{label}: {shown} (Ziel {wanted}) {'erreicht' if ok else 'NICHT erreicht'}")
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
