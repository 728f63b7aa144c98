"""Engine speed on synthetic stories, against brute force with the engine's own scorer.

    .venv/bin/python benchmarks/speed.py [--quick] [--repeats 5] [--profile]

Stories come from :mod:`benchmarks.synthetic`: N outlets (5, 50, 200; ``--quick``:
5 and 50) of 40 body sentences each. For each story:

* engine: ``align(articles)`` at the default threshold; one warm-up run (its time
  is shown as "first"), then the median of ``--repeats`` runs; its peak memory
  is tracemalloc's peak during one more run (numpy and scipy buffers included).
* brute force: ``vectorize`` as the engine does, then every pair of sentences of
  different articles scored with the engine's scorer (``score_pairs``, with the
  neighbour and best-match signals taken over all pairs instead of the
  candidates), kept at or above the same threshold. Timed the same way.
  "Matches kept" is the share of its links that ``align(...).links`` also
  holds; "extra" counts engine links brute force lacks (the signals differ a
  little with the pairs they are taken over, so a few may appear).
* baselines, not the same scorer, timed for scale: difflib's
  ``SequenceMatcher(None, a, b).ratio()`` over every pair of body sentences of
  different articles (smallest story only: it is slow), and rapidfuzz's
  ``process.cdist`` with ``fuzz.ratio`` and ``utils.default_process``
  (``workers=-1``) over all body sentences against all (n x n, same-article
  pairs and both orders included, as cdist computes them). A baseline is run up
  to ``--repeats`` times, fewer when one run takes longer than 5 s.

``--profile`` adds cProfile's top functions for ``align`` on the largest story.
"""

from __future__ import annotations

import argparse
import cProfile
import difflib
import gc
import io
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

# the repository root, so that `benchmarks.synthetic` imports when run as a script
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import build, story_texts
from reader.articles import Article
from reader.matching import DEFAULT_THRESHOLD, text
from reader.matching.engine import align, score_pairs, vectorize
from reader.matching.model import Member

SIZES = (5, 50, 200)
QUICK_SIZES = (5, 50)
SENTENCES = 40
BLOCK_ROWS = 1024
"""Rows of the dense score matrix brute force holds at once (1024 x n floats)."""
BASELINE_BUDGET = 5.0
"""Seconds: a baseline slower than this per run is not repeated."""

Pair = tuple[Member, Member]


@dataclass
class Timing:
    first: float  # seconds, the warm-up run (or the only run)
    median: float  # seconds
    runs: int


@dataclass
class Row:
    outlets: int
    sentences: int
    candidates: int
    cross_pairs: int
    engine: Timing
    brute: Timing
    brute_links: int
    kept: int
    extra: int
    gap: float  # largest |brute-force score - score_pairs score| over brute links
    missed: Counter[int]  # brute links the engine lacks, by how many rare words they share
    engine_peak: float  # bytes
    brute_peak: float


@dataclass
class Baseline:
    outlets: int
    sentences: int
    name: str
    pairs: int
    timing: Timing


def measure(run: Callable[[], object], repeats: int, warmup: bool = True) -> Timing:
    """Time ``run``: a warm-up run when asked, then up to ``repeats`` timed runs."""
    first = _seconds(run)
    times = [] if warmup else [first]
    while len(times) < repeats and (warmup or first < BASELINE_BUDGET):
        times.append(_seconds(run))
    return Timing(first, statistics.median(times), len(times))


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def peak_memory(run: Callable[[], object]) -> float:
    """tracemalloc's peak (bytes) during one run of ``run``."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return float(peak)


def engine_links(articles: Sequence[Article]) -> set[Pair]:
    return {_ordered(link.a, link.b) for link in align(articles).links}


def brute_force(
    articles: Sequence[Article], threshold: float = DEFAULT_THRESHOLD
) -> dict[Pair, float]:
    """Every cross-article pair scored by ``score_pairs`` (no candidate blocking: the
    neighbour and best-match signals are taken over all pairs), kept at ``threshold``."""
    vectors = vectorize(articles)
    members = vectors.members
    n = len(members)
    article = np.array([m.article for m in members], dtype=np.int64)
    i, j = np.triu_indices(n, k=1)
    cross = article[i] != article[j]
    i, j = i[cross].astype(np.int64), j[cross].astype(np.int64)
    scores = score_pairs(vectors, i, j)
    keep = scores >= threshold
    return {
        (members[a], members[b]): s
        for a, b, s in zip(i[keep].tolist(), j[keep].tolist(), scores[keep].tolist(), strict=True)
    }


def scorer_gap(articles: Sequence[Article], links: dict[Pair, float]) -> float:
    """Largest difference between brute force's scores and ``score_pairs``' on ``links``."""
    if not links:
        return 0.0
    vectors = vectorize(articles)
    index = {m: k for k, m in enumerate(vectors.members)}
    i = np.array([index[a] for a, _ in links], dtype=np.int64)
    j = np.array([index[b] for _, b in links], dtype=np.int64)
    expected = np.array(list(links.values()), dtype=np.float32)
    return float(np.abs(score_pairs(vectors, i, j) - expected).max())


def rare_words_shared(articles: Sequence[Article], pairs: Iterable[Pair]) -> Counter[int]:
    """How many of the engine's rare (blocking) words each pair shares, counted."""
    vectors = vectorize(articles)
    index = {m: k for k, m in enumerate(vectors.members)}
    rare = vectors.rare.tocsr()
    return Counter(len(set(rare[index[a]].indices) & set(rare[index[b]].indices)) for a, b in pairs)


def clear_word_caches() -> None:
    """Empty the word caches of the engine's text module, as in a fresh process."""
    for value in vars(text).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def _ordered(a: Member, b: Member) -> Pair:
    return (a, b) if a <= b else (b, a)


def body_texts(articles: Sequence[Article]) -> list[list[str]]:
    return [[s.text for s in article.body] for article in articles]


def difflib_all_pairs(texts: list[list[str]]) -> int:
    """SequenceMatcher ratio of every cross-article pair; returns the pairs at or above 0.55."""
    cutoff = DEFAULT_THRESHOLD / 100
    return sum(
        difflib.SequenceMatcher(None, a, b).ratio() >= cutoff
        for first, second in combinations(texts, 2)
        for a in first
        for b in second
    )


def rapidfuzz_cdist(texts: list[str]) -> object:
    return process.cdist(
        texts,
        texts,
        scorer=fuzz.ratio,
        processor=utils.default_process,
        dtype=np.uint8,
        workers=-1,
    )


def run_story(
    outlets: int, repeats: int, difflib_too: bool
) -> tuple[Row, list[Baseline], list[Article]]:
    start = time.perf_counter()
    texts = story_texts(outlets, SENTENCES)
    made = time.perf_counter() - start
    articles = build(texts)
    built = time.perf_counter() - start - made
    sentences = sum(len(a.body) for a in articles)
    print(
        f"N={outlets}: {sentences} body sentences; texts generated in {made * 1000:.0f} ms, "
        f"built into articles (build_article) in {built * 1000:.0f} ms",
        file=sys.stderr,
    )
    clear_word_caches()
    engine = measure(lambda: align(articles), repeats)
    brute = measure(lambda: brute_force(articles), repeats)
    engine_peak = peak_memory(lambda: align(articles))
    brute_peak = peak_memory(lambda: brute_force(articles))
    expected = brute_force(articles)
    got = engine_links(articles)
    per_article = [len(a.body) for a in articles]
    cross_pairs = (sum(per_article) ** 2 - sum(k * k for k in per_article)) // 2
    row = Row(
        outlets=outlets,
        sentences=sentences,
        candidates=align(articles).candidates,
        cross_pairs=cross_pairs,
        engine=engine,
        brute=brute,
        brute_links=len(expected),
        kept=len(expected.keys() & got),
        extra=len(got - expected.keys()),
        gap=scorer_gap(articles, expected),
        missed=rare_words_shared(articles, expected.keys() - got),
        engine_peak=engine_peak,
        brute_peak=brute_peak,
    )
    bodies = body_texts(articles)
    flat = [t for texts_ in bodies for t in texts_]
    baselines: list[Baseline] = []
    if difflib_too:
        timing = measure(lambda: difflib_all_pairs(bodies), repeats, warmup=False)
        baselines.append(
            Baseline(outlets, sentences, "difflib SequenceMatcher.ratio", cross_pairs, timing)
        )
    timing = measure(lambda: rapidfuzz_cdist(flat), repeats, warmup=False)
    baselines.append(
        Baseline(outlets, sentences, "rapidfuzz cdist fuzz.ratio", len(flat) ** 2, timing)
    )
    return row, baselines, articles


def print_tables(rows: list[Row], baselines: list[Baseline]) -> None:
    print(
        f"Engine `align` against brute force with its own scorer "
        f"(threshold {DEFAULT_THRESHOLD:g}; times: median of runs after one warm-up)"
    )
    print()
    print(
        "| N | sentences | candidate pairs | engine first ms | engine median ms "
        "| engine µs/sentence | brute-force median ms | brute µs/sentence | speed-up "
        "| brute links | matches kept | extra | engine peak MB | brute peak MB |"
    )
    print("|" + "---:|" * 14)
    for r in rows:
        share = 100 * r.candidates / r.cross_pairs if r.cross_pairs else 0.0
        kept = f"{100 * r.kept / r.brute_links:.2f}%" if r.brute_links else "—"
        print(
            f"| {r.outlets} | {r.sentences} | {r.candidates:,} ({share:.1f}%) "
            f"| {r.engine.first * 1000:.0f} | {r.engine.median * 1000:.0f} "
            f"| {r.engine.median * 1e6 / r.sentences:.0f} "
            f"| {r.brute.median * 1000:.0f} | {r.brute.median * 1e6 / r.sentences:.0f} "
            f"| {r.brute.median / r.engine.median:.1f}× "
            f"| {r.brute_links:,} | {kept} ({r.kept:,}) | {r.extra} "
            f"| {r.engine_peak / 2**20:.1f} | {r.brute_peak / 2**20:.1f} |"
        )
    print()
    gap = max(r.gap for r in rows)
    print(
        f"Scorer check: on every brute-force link, its score and `score_pairs`' differ by "
        f"at most {gap:.2g} (float32 sums in another order)."
    )
    for r in rows:
        if r.missed:
            counts = ", ".join(
                f"{count} sharing {k} rare word{'s' if k != 1 else ''}"
                for k, count in sorted(r.missed.items())
            )
            print(f"N={r.outlets}: brute-force links the engine lacks: {counts}.")
    print()
    print("Baselines (other scorers, for scale; not thresholded into links)")
    print()
    print("| N | sentences | baseline | pairs scored | runs | median ms | × engine median |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    engine_of = {r.outlets: r.engine.median for r in rows}
    for b in baselines:
        print(
            f"| {b.outlets} | {b.sentences} | {b.name} | {b.pairs:,} | {b.timing.runs} "
            f"| {b.timing.median * 1000:.0f} | {b.timing.median / engine_of[b.outlets]:.1f}× |"
        )


def print_profile(articles: Sequence[Article], top: int = 20) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    align(articles)
    profiler.disable()
    print_stats(profiler, f"align, {len(articles)} outlets", top)


def print_stats(profiler: cProfile.Profile, what: str, top: int) -> None:
    """cProfile's top functions, by own time and by cumulative time, as Markdown blocks."""
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(f"\ncProfile of {what}, by {order}:\n")
        print("```")
        print(out.getvalue().strip())
        print("```")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 5 and 50 only, 3 runs")
    parser.add_argument("--repeats", type=int, help="timed runs per measurement (default 5)")
    parser.add_argument("--profile", action="store_true", help="cProfile align, largest N")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    repeats = args.repeats or (3 if args.quick else 5)
    rows: list[Row] = []
    baselines: list[Baseline] = []
    articles: list[Article] = []
    for outlets in sizes:
        row, found, articles = run_story(outlets, repeats, difflib_too=outlets == sizes[0])
        rows.append(row)
        baselines.extend(found)
    print_tables(rows, baselines)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"\nProcess peak RSS (ru_maxrss) at the end: {rss:.0f} MB "
        "(the whole run: brute-force blocks and cdist matrices included)."
    )
    if args.profile:
        print_profile(articles)


if __name__ == "__main__":
    main()
