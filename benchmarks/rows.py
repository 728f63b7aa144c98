"""What the pair view asks of the core while it scrolls and as the reader corrects.

    .venv/bin/python benchmarks/rows.py [--outlets N] [--repeats R]

On the seed story and on a synthetic story of N outlets (benchmarks/synthetic.py,
40 sentences each), medians of:

* ``pair_rows`` for one pair of articles (each pair of the seed story; the
  first 20 pairs of the synthetic one), the links already indexed by pair;
* one row's marks and emphasis (both sides; ``emphasis`` for a shared row) and
  ``find_all`` of a word on both sides: cold (the word caches emptied before
  each row, as for a row never shown; the stemmer's own cache, filled by
  matching, kept) and warm (scrolling back over it);
* ``Alignment.corrected`` with one link removed and one added, and the same on
  an alignment already corrected (the links no longer lazy).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from synthetic import make_story

from reader.articles import Article, load_story
from reader.articles.search import _folded, find_all
from reader.matching import diff
from reader.matching.engine import align
from reader.matching.layout import Row, pair_rows
from reader.matching.model import Alignment, Correction, Member
from reader.matching.view import Pair, mark

ROOT = Path(__file__).resolve().parent.parent


def median_time(action: Callable[..., object], repeats: int, *args: object) -> float:
    """The median time of ``action(*args)`` over ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clear_caches() -> None:
    for cached in (diff._compare, diff._tokens, diff.emphasis, _folded):
        cached.cache_clear()


def row_cost(alignment: Alignment, pair: Pair, row: Row, query: str) -> None:
    articles = alignment.articles
    for side in ("left", "right"):
        mark(alignment, row, side, pair)
    if row.left is not None and row.right is not None:
        diff.emphasis(
            articles[pair.left].sentences[row.left].text,
            articles[pair.right].sentences[row.right].text,
        )
    for index, article in ((row.left, pair.left), (row.right, pair.right)):
        if index is not None:
            find_all(articles[article].sentences[index].text, query)


def measure(name: str, articles: list[Article], pairs: int, repeats: int) -> None:
    alignment = align(articles)
    count = len(articles)
    chosen = list(itertools.permutations(range(count), 2))[:pairs]
    alignment.links_between(0, 1)  # the index, made once
    layouts = [median_time(pair_rows, repeats, alignment, a, b) for a, b in chosen]
    cold: dict[bool, list[float]] = {True: [], False: []}
    warm: dict[bool, list[float]] = {True: [], False: []}
    for a, b in chosen:
        pair = Pair(a, b, count)
        for row in pair_rows(alignment, a, b):
            clear_caches()
            cold[row.shared].append(median_time(row_cost, 1, alignment, pair, row, "the"))
            warm[row.shared].append(median_time(row_cost, 1, alignment, pair, row, "the"))
    links = list(alignment.links)
    first = articles[0].sentences
    corrections = [
        Correction(links[len(links) // 2].a, links[len(links) // 2].b, linked=False),
        Correction(Member(0, len(first) - 1), Member(1, 0), linked=True),
    ]
    fresh = median_time(alignment.corrected, repeats, corrections)
    once = alignment.corrected(corrections)
    again = median_time(once.corrected, repeats, corrections)
    sentences = sum(len(a.sentences) for a in articles)
    print(
        f"{name}: {count} articles, {sentences} sentences, {len(links)} links\n"
        f"  pair_rows: median {statistics.median(layouts) * 1e3:.2f} ms a pair "
        f"({len(chosen)} pairs)\n"
        + "".join(
            f"  a {kind} row's marks, emphasis and search: median "
            f"{statistics.median(cold[shared]) * 1e6:.0f} µs cold, "
            f"{statistics.median(warm[shared]) * 1e6:.1f} µs warm ({len(cold[shared])} rows)\n"
            for shared, kind in ((True, "shared"), (False, "one-sided"))
            if cold[shared]
        )
        + f"  corrected (one link removed, one added): median {fresh * 1e3:.1f} ms, "
        f"{again * 1e3:.1f} ms on a corrected alignment"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    measure("seed story", load_story([ROOT / "seeds"]).articles, 20, args.repeats)
    measure(
        f"synthetic story of {args.outlets} outlets",
        make_story(outlets=args.outlets, sentences=40, seed=0),
        20,
        args.repeats,
    )


if __name__ == "__main__":
    main()
