"""`newsreader align` as a whole process on stories of 50 to 1,000 outlets, against brute force.

    .venv/bin/python benchmarks/scale.py [--sizes 50,200,1000] [--runs 3] [--kept] [--profile N]

Each story is synthetic (:mod:`benchmarks.synthetic`, fixed seed): N outlets of 40
sentences, where ``POPULAR`` headline facts are each told by 50% to 85% of the
outlets (so by 25 to 43 of 50 outlets and by 500 to 850 of 1,000), every time
in the outlet's own wording, and the other shared facts by about 12 outlets.
The story is written as text files to a temporary folder, then:

* align: ``python -m reader align --format json --no-cache FOLDER`` in a fresh
  process, its JSON written to a file; wall time from start to exit (imports,
  loading, matching, output), the median of ``--runs`` runs, and the process's
  peak resident memory (``ru_maxrss`` from ``os.wait4``);
* brute force: ``rapidfuzz.process.cdist`` with ``fuzz.ratio`` and
  ``utils.default_process`` (``workers=-1``, ``dtype=uint8``) over every body
  sentence against every other, in this process, once per story: the cost of
  scoring all pairs with a fast fuzzy scorer.

The exponent is the least-squares slope of log(align time) against log(N), and
time per sentence is shown so growth is plain. ``--profile N`` prints
cProfile's top functions of the whole align command on the N-outlet story.

``--kept`` adds what candidate blocking keeps, in this process: every pair of
sentences of different outlets scored with the engine's own scorer (brute
force, as in ``benchmarks/speed.py``), and the share of its matches that
``align`` finds; also the pairs sharing two rare words before the per-sentence
cap, and the matches among them, so the cap's own cost is plain.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

# the repository root, so that `benchmarks.synthetic` imports when run as a script
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import story_texts
from reader.articles import load_story

ROOT = Path(__file__).resolve().parent.parent
SIZES = (50, 200, 1000)
SENTENCES = 40
POPULAR = 8
"""Headline facts told by most outlets, per story."""


@dataclass
class Kept:
    outlets: int
    brute: int  # matches of brute force with the engine's scorer
    found: int  # of them, found by align
    extra: int  # align's matches brute force lacks
    uncapped: int  # of them, found among the pairs sharing two rare words, before the cap
    candidates: int  # pairs align scores
    sharing: int  # pairs sharing two rare words, before the cap


@dataclass
class Row:
    outlets: int
    sentences: int  # body sentences
    align: float  # seconds, median
    runs: int
    peak: float  # bytes, largest over the runs
    brute: float  # seconds
    output: int  # bytes of JSON


def write_story(folder: Path, outlets: int) -> tuple[Path, list[str]]:
    """The story's files in ``folder``, and its body sentences as the reader segments them."""
    story = folder / f"outlets-{outlets}"
    story.mkdir()
    texts = story_texts(outlets, SENTENCES, popular=POPULAR)
    for text in texts:
        (story / text.name).write_text(text.text, encoding="utf-8")
    bodies = [s.text for article in load_story([story]).articles for s in article.body]
    return story, bodies


def run_align(story: Path, output: Path) -> tuple[float, float]:
    """Seconds and peak resident bytes of one whole ``align --format json`` process."""
    command = [sys.executable, "-m", "reader", "align", "--format", "json", "--no-cache"]
    with output.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen([*command, str(story)], stdout=out, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"align failed on {story} with exit code {child.returncode}")
    return elapsed, usage.ru_maxrss * 1024.0  # KiB on Linux


def brute_force(bodies: list[str]) -> float:
    start = time.perf_counter()
    process.cdist(
        bodies,
        bodies,
        scorer=fuzz.ratio,
        processor=utils.default_process,
        dtype=np.uint8,
        workers=-1,
    )
    return time.perf_counter() - start


def measure(folder: Path, outlets: int, runs: int) -> Row:
    story, bodies = write_story(folder, outlets)
    output = folder / f"align-{outlets}.json"
    timings = [run_align(story, output) for _ in range(runs)]
    row = Row(
        outlets=outlets,
        sentences=len(bodies),
        align=statistics.median(t for t, _ in timings),
        runs=runs,
        peak=max(p for _, p in timings),
        brute=brute_force(bodies),
        output=output.stat().st_size,
    )
    print(
        f"N={outlets}: align {row.align:.2f} s, cdist {row.brute:.1f} s, "
        f"peak {row.peak / 2**20:.0f} MB",
        file=sys.stderr,
    )
    return row


def kept(folder: Path, outlets: int) -> Kept:
    """Matches ``align`` finds against brute force with its own scorer, on the story."""
    from benchmarks.speed import brute_force as same_scorer
    from reader.matching.engine import _sharing_pairs, align, score_pairs, vectorize

    articles = load_story([folder / f"outlets-{outlets}"]).articles
    alignment = align(articles)
    found = {(link.a, link.b) for link in alignment.links}
    expected = same_scorer(articles).keys()
    vectors = vectorize(articles)
    i, j, _ = _sharing_pairs(vectors)
    i, j = i.astype(np.int64), j.astype(np.int64)
    linked = score_pairs(vectors, i, j) >= alignment.threshold
    members = vectors.members
    uncapped = {(members[a], members[b]) for a, b in zip(i[linked], j[linked], strict=True)}
    return Kept(
        outlets=outlets,
        brute=len(expected),
        found=len(found & expected),
        extra=len(found - expected),
        uncapped=len(uncapped & expected),
        candidates=alignment.candidates,
        sharing=len(i),
    )


def print_kept(rows: list[Kept]) -> None:
    print()
    print("Matches kept against brute force with the engine's own scorer (threshold of align)")
    print()
    print(
        "| outlets | brute-force matches | found by align | extra "
        "| pairs sharing two rare words | their matches | pairs align scores |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.outlets} | {r.brute:,} | {r.found:,} ({100 * r.found / r.brute:.2f}%) "
            f"| {r.extra} | {r.sharing:,} | {r.uncapped:,} ({100 * r.uncapped / r.brute:.2f}%) "
            f"| {r.candidates:,} ({100 * r.candidates / r.sharing:.0f}%) |"
        )


def exponent(rows: list[Row]) -> float:
    """Least-squares slope of log(align seconds) against log(outlets)."""
    x = np.log([r.outlets for r in rows])
    y = np.log([r.align for r in rows])
    return float(np.polyfit(x, y, 1)[0])


def print_table(rows: list[Row]) -> None:
    print(
        f"`newsreader align --format json`, whole process, against rapidfuzz cdist "
        f"(fuzz.ratio, all pairs, both cores); {POPULAR} headline facts each told by "
        "50-85% of the outlets"
    )
    print()
    print(
        "| outlets × sentences | body sentences | align, whole process | per sentence "
        "| brute-force cdist | align / cdist | align peak RSS | JSON |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.outlets} × {SENTENCES} | {r.sentences:,} | {r.align:.2f} s "
            f"| {r.align * 1e6 / r.sentences:.0f} µs | {r.brute:.1f} s "
            f"| {r.align / r.brute:.3f}× | {r.peak / 2**20:.0f} MB | {r.output / 2**20:.1f} MB |"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        pairwise = math.log(last.align / first.align) / math.log(last.outlets / first.outlets)
        print()
        print(
            f"Growth of align time from {first.outlets} to {last.outlets} outlets: "
            f"n^{exponent(rows):.2f} (least squares over all sizes), "
            f"n^{pairwise:.2f} (first to last)."
        )


def print_profile(folder: Path, outlets: int, top: int = 25) -> None:
    """cProfile of the align command, in this process, on the ``outlets`` story."""
    from reader.cli import main

    story, _ = write_story(folder, outlets)
    profiler = cProfile.Profile()
    with Path(os.devnull).open("w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            profiler.enable()
            main(["align", "--format", "json", "--no-cache", str(story)])
            profiler.disable()
        finally:
            sys.stdout = stdout
    from benchmarks.speed import print_stats

    print_stats(profiler, f"align --format json, {outlets} outlets", top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(SIZES),
        help="outlets per story, comma-separated (default 50,200,1000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="align runs per story (default 3)")
    parser.add_argument("--kept", action="store_true", help="matches kept against brute force")
    parser.add_argument("--profile", type=int, metavar="N", help="profile align on N outlets")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsreader-scale-") as name:
        folder = Path(name)
        if args.profile:
            print_profile(folder, args.profile)
            return
        print_table([measure(folder, outlets, args.runs) for outlets in args.sizes])
        if args.kept:
            print_kept([kept(folder, outlets) for outlets in args.sizes])


if __name__ == "__main__":
    main()
