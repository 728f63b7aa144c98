"""The counterparts offered for a link by hand: is the right one near the top, and fast?

    .venv/bin/python benchmarks/counterparts.py [--basil PATH/TO/basil]

For each sentence of a hand-labelled pair (``tests/data/seed_pairs.json``, and
with ``--basil`` the labelled BASIL events in ``tests/data/basil_pairs``),
``reader.matching.view.nearest`` ranks every sentence of the other article; the
rank of its best labelled counterpart is counted at 1, 3 and 8 (the list the
reader picks from). Then the time of one ``nearest`` call, median over every
labelled sentence, cold (no sentence normalised yet: the first call for an
article) and warm (its sentences normalised, as for every later call).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from evaluate import read_labels

from reader.articles import Article, load_story
from reader.matching.model import Alignment, Member
from reader.matching.view import _normalised, nearest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data"


def labelled(basil: Path | None) -> list[tuple[Sequence[Article], Path]]:
    found: list[tuple[Sequence[Article], Path]] = [
        (load_story([ROOT / "seeds"]).articles, LABELS / "seed_pairs.json")
    ]
    if basil is not None:
        for path in sorted((LABELS / "basil_pairs").glob("*.json")):
            event = json.loads(path.read_text(encoding="utf-8"))["event"]
            found.append((load_story([basil / "stories" / event]).articles, path))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", type=Path, help="the BASIL folder, for the labelled events")
    args = parser.parse_args()
    ranks: list[int] = []
    cold: list[float] = []
    warm: list[float] = []
    for articles, path in labelled(args.basil):
        alignment = Alignment(articles, [], [], 0.0)  # nearest reads only the texts
        labels = read_labels(path, articles)
        truth: dict[tuple[Member, int], set[int]] = {}
        for pair in labels.all:
            a, b = sorted(pair)
            truth.setdefault((a, b.article), set()).add(b.sentence)
            truth.setdefault((b, a.article), set()).add(a.sentence)
        for (member, other), counterparts in sorted(truth.items()):
            count = len(articles[other].sentences)
            _normalised.cache_clear()
            start = time.perf_counter()
            found = nearest(alignment, member, other, k=count)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            nearest(alignment, member, other)
            warm.append(time.perf_counter() - start)
            order = [index for index, _ in found]
            ranks.append(min(order.index(c) + 1 for c in counterparts))
    print(f"{len(ranks)} labelled sentences; best counterpart ranked")
    for k in (1, 3, 8):
        print(f"  first{'' if k == 1 else f' {k}'}: {sum(r <= k for r in ranks) / len(ranks):.0%}")
    print(
        f"nearest(): median {statistics.median(cold) * 1e3:.2f} ms cold (first call for an "
        f"article), {statistics.median(warm) * 1e3:.2f} ms warm"
    )


if __name__ == "__main__":
    main()
