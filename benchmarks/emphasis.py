"""What the pair view colours inside a shared row: differing words, or shared ones.

    .venv/bin/python benchmarks/emphasis.py PATH/TO/basil

Each pair of sentences is measured by ``reader.matching.diff.difference``: the
share of its content words that the word diff finds changed. Three sets of pairs:

* labelled: the hand-labelled ``near`` and ``loose`` pairs of the seed story
  (``tests/data/seed_pairs.json``) and of the labelled BASIL events
  (``tests/data/basil_pairs``): the spread of the measure for each kind, and for
  each cut-off how many near pairs it keeps "differ" and loose ones "shared";
* engine: the shared rows ``pair_rows`` makes for every pair of outlets of the
  94 BASIL events: for each cut-off, how many pairs fall in each kind and the
  average share of a sentence's words coloured; then at ``LOOSE``, that share
  before (every differing word, as ``word_diff`` colours them) and after
  (``emphasis``), overall and per kind.

The BASIL text stays outside the project: give its folder as the argument.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluate import read_labels

from reader.articles import Article, Span, load_story
from reader.matching.diff import LOOSE, _compare, _shared, _tokens, difference
from reader.matching.engine import align
from reader.matching.layout import pair_rows

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data"
CUTS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)

TextPair = tuple[str, str]


def labelled(basil: Path) -> dict[str, list[TextPair]]:
    """The labelled pairs' texts, by kind."""
    stories: list[tuple[Sequence[Article], Path]] = [
        (load_story([ROOT / "seeds"]).articles, LABELS / "seed_pairs.json")
    ]
    for path in sorted((LABELS / "basil_pairs").glob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))["event"]
        stories.append((load_story([basil / "stories" / event]).articles, path))
    found: dict[str, list[TextPair]] = {"near": [], "loose": []}
    for articles, path in stories:
        labels = read_labels(path, articles)
        for kind, pairs in (("near", labels.near), ("loose", labels.loose)):
            for pair in sorted(pairs, key=sorted):
                a, b = sorted(pair)
                found[kind].append(
                    (
                        articles[a.article].sentences[a.sentence].text,
                        articles[b.article].sentences[b.sentence].text,
                    )
                )
    return found


def engine_pairs(basil: Path) -> list[TextPair]:
    """The shared rows of every pair of outlets of every BASIL event."""
    found: list[TextPair] = []
    for folder in sorted((basil / "stories").iterdir()):
        if not folder.is_dir():
            continue
        articles = load_story([folder]).articles
        alignment = align(articles)
        for left, right in itertools.combinations(range(len(articles)), 2):
            for row in pair_rows(alignment, left, right):
                if row.left is not None and row.right is not None:
                    found.append(
                        (
                            articles[left].sentences[row.left].text,
                            articles[right].sentences[row.right].text,
                        )
                    )
    return found


def coloured(text: str, spans: Iterable[Span]) -> float:
    """The share of the sentence's words inside the spans."""
    words = _tokens(text)[0]
    if not words:
        return 0.0
    inside = [(s.start, s.end) for s in spans]
    hit = sum(1 for start, end, _ in words if any(a <= start and end <= b for a, b in inside))
    return hit / len(words)


def describe(values: list[float]) -> str:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return (
        f"n={len(values)}, median {statistics.median(values):.2f}, "
        f"quartiles {q[0]:.2f}-{q[2]:.2f}, min {min(values):.2f}, max {max(values):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basil", type=Path, help="the BASIL folder (stories/EVENT/*.txt)")
    args = parser.parse_args()

    labels = labelled(args.basil)
    measured = {kind: [difference(a, b) for a, b in pairs] for kind, pairs in labels.items()}
    print("labelled pairs, share of content words that differ:")
    for kind, values in measured.items():
        print(f"  {kind:5} {describe(values)}")

    pairs = engine_pairs(args.basil)
    rows = [measure(a, b) for a, b in pairs]
    print(
        f"\nby cut-off: labelled near pairs shown 'differ', loose ones 'shared'; then, on the "
        f"engine's {len(pairs)} shared rows of BASIL, the pairs shown 'differ', the average "
        "share of a sentence's words coloured, and the sentences more than 60% coloured"
    )
    for cut in sorted({*CUTS, LOOSE}):
        near = sum(v <= cut for v in measured["near"]) / len(measured["near"])
        loose = sum(v > cut for v in measured["loose"]) / len(measured["loose"])
        shares = [s for row in rows for s in (row.differ if row.difference <= cut else row.shared)]
        chosen = "  <- LOOSE" if cut == LOOSE else ""
        print(
            f"  {cut:.2f}: near {near:4.0%}, loose {loose:4.0%} | "
            f"differ {sum(r.difference <= cut for r in rows):4}, "
            f"coloured {statistics.mean(shares):4.0%}, over 60% {sum(s > 0.6 for s in shares):4}"
            f"{chosen}"
        )

    print(f"\nthe engine's shared rows on BASIL at LOOSE = {LOOSE}:")
    for name in ("differ", "shared", "all"):
        chosen_rows = [
            r for r in rows if name == "all" or (r.difference <= LOOSE) == (name == "differ")
        ]
        if not chosen_rows:
            continue
        before = statistics.mean(s for r in chosen_rows for s in r.differ)
        after = statistics.mean(
            s for r in chosen_rows for s in (r.differ if r.difference <= LOOSE else r.shared)
        )
        print(
            f"  {name:6} {len(chosen_rows):5} pairs; words coloured per sentence: "
            f"before {before:.0%} (every differing word), after {after:.0%}"
        )


@dataclass(frozen=True)
class Measured:
    """A pair's difference and the share of each sentence's words coloured when
    showing the differing words, and when showing the shared ones."""

    difference: float
    differ: tuple[float, float]
    shared: tuple[float, float]


def measure(a: str, b: str) -> Measured:
    differing = _compare(a, b)
    return Measured(
        difference(a, b),
        (coloured(a, differing.left), coloured(b, differing.right)),
        (coloured(a, _shared(a, b)), coloured(b, _shared(b, a))),
    )


if __name__ == "__main__":
    main()
