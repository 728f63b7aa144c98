"""Matching quality on the hand-labelled seed story, across thresholds.

    .venv/bin/python benchmarks/quality.py

Pairs are judged as the groups imply them: two sentences of different outlets in
one group are a predicted pair. Precision counts a predicted pair right when the
labels list it (near-duplicate or looser rewrite); recall is given per kind.
"""

from __future__ import annotations

from pathlib import Path

from evaluate import read_labels, score

from reader.articles import load_story
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.engine import align

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    articles = load_story([ROOT / "seeds"]).articles
    labels = read_labels(ROOT / "tests" / "data" / "seed_pairs.json", articles)
    print(
        f"labelled pairs: {len(labels.near)} near-duplicates, {len(labels.loose)} looser rewrites"
    )
    print("| threshold | predicted pairs | precision | near-duplicates | looser rewrites |")
    print("|---:|---:|---:|---:|---:|")
    for threshold in sorted({40.0, 45.0, 50.0, 55.0, 60.0, 65.0, DEFAULT_THRESHOLD}):
        s = score(align(articles, threshold=threshold), labels)
        mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
        print(
            f"| {threshold:g}{mark} | {s.predicted} | {s.precision:.2f} | "
            f"{s.near_found}/{s.near_total} ({s.near_recall:.2f}) | "
            f"{s.loose_found}/{s.loose_total} ({s.loose_recall:.2f}) |"
        )


if __name__ == "__main__":
    main()
