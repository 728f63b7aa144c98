"""Highlights placed again after an edit of their article: how often the placement
covers exactly the edited words, and how long placing takes.

    .venv/bin/python benchmarks/anchors.py [FOLDER ...] [--seed N] [--show N]

Each FOLDER is a story (default: the bundled seed story; BASIL's
``stories/EVENT`` folders give real news). For every body sentence of six words
or more, one highlight is made, either of the whole sentence or of a run of 3 to
12 of its words, and the article is edited in one of these ways before the
highlight is placed again:

* ``insert-inside``: a word inserted between two words of the highlight;
* ``insert-start`` / ``insert-end``: a word inserted just before or after it;
* ``remove``: an inner word of it removed; ``replace``: an inner word replaced;
* ``punctuation``: a semicolon added after an inner word;
* ``elsewhere``: a sentence added at the start of the article (the highlight's
  own words untouched).

A placement is right when it covers exactly the edited words (for ``elsewhere``:
the same words, moved). Printed per kind of edit: right / cases, orphans, and
the median time of one placement.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.articles import Article, Sentence, load_story
from reader.highlights.anchors import place, quote

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")
NEW_WORD = "Zorvath"  # a word no article has, so a placement cannot borrow it from elsewhere
KINDS = (
    "insert-inside",
    "insert-start",
    "insert-end",
    "remove",
    "replace",
    "punctuation",
    "elsewhere",
)


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    start: int
    end: int
    edited: str
    expected: tuple[int, int]


def cases(article: Article, rng: random.Random) -> Iterator[Case]:
    for s in article.body:
        words = list(WORD.finditer(s.text))
        if len(words) >= 6:
            yield _case(article.text, s, words, rng)


def _case(text: str, s: Sentence, words: list[re.Match[str]], rng: random.Random) -> Case:
    if rng.random() < 0.5:
        start, end, inner = s.start, s.end, words
    else:
        i = rng.randrange(1, len(words) - 4)
        j = rng.randrange(i + 3, min(len(words), i + 12) + 1)
        inner = words[i:j]
        start, end = s.start + inner[0].start(), s.start + inner[-1].end()
    kind = rng.choice(KINDS)
    k = rng.randrange(1, len(inner) - 1)
    word_start, word_end = s.start + inner[k].start(), s.start + inner[k].end()
    if kind == "insert-inside":
        return _insert(kind, text, start, end, word_start, NEW_WORD + " ")
    if kind == "insert-start":
        return _insert(kind, text, start, end, s.start + inner[0].start(), NEW_WORD + " ")
    if kind == "insert-end":
        return _insert(kind, text, start, end, s.start + inner[-1].end(), " " + NEW_WORD)
    if kind == "remove":
        cut = s.start + inner[k + 1].start()
        edited = text[:word_start] + text[cut:]
        return Case(kind, text, start, end, edited, (start, end - (cut - word_start)))
    if kind == "replace":
        edited = text[:word_start] + NEW_WORD + text[word_end:]
        grown = len(NEW_WORD) - (word_end - word_start)
        return Case(kind, text, start, end, edited, (start, end + grown))
    if kind == "punctuation":
        return _insert(kind, text, start, end, word_end, ";")
    added = "A sentence added on top by an editor.\n\n"
    return Case(kind, text, start, end, added + text, (start + len(added), end + len(added)))


def _insert(kind: str, text: str, start: int, end: int, at: int, words: str) -> Case:
    edited = text[:at] + words + text[at:]
    return Case(kind, text, start, end, edited, (start, end + len(words)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print N misplaced cases")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    orphans: dict[str, int] = defaultdict(int)
    seconds: dict[str, list[float]] = defaultdict(list)
    wrong: list[tuple[str, str, str]] = []
    for folder in args.folders:
        for article in load_story([folder]).articles:
            for case in cases(article, rng):
                q = quote(case.text, case.start, case.end)
                began = time.perf_counter()
                placed = place(case.edited, case.start, case.end, q)
                seconds[case.kind].append(time.perf_counter() - began)
                total[case.kind] += 1
                orphans[case.kind] += placed.orphan
                if not placed.orphan and (placed.start, placed.end) == case.expected:
                    right[case.kind] += 1
                else:
                    got = "" if placed.orphan else case.edited[placed.start : placed.end]
                    wanted = case.edited[case.expected[0] : case.expected[1]]
                    wrong.append((case.kind, wanted, got))
    print(f"{'edit':<14} {'right':>13} {'orphans':>8} {'median ms':>10}")
    for kind in KINDS:
        if total[kind]:
            share = f"{right[kind]}/{total[kind]}"
            median = statistics.median(seconds[kind]) * 1000
            print(f"{kind:<14} {share:>13} {orphans[kind]:>8} {median:>10.3f}")
    everything = sum(total.values())
    print(f"{'all':<14} {sum(right.values())}/{everything:<7} {sum(orphans.values()):>8}")
    for kind, wanted, got in wrong[: args.show]:
        print(f"\n{kind}\n  wanted: {' '.join(wanted.split())!r}")
        print(f"  placed: {' '.join(got.split())!r}")


if __name__ == "__main__":
    main()
