"""Highlights placed again after an edit of their article: how many land on the
edited words (right), how many become orphans, and how many land on other text
(wrong, the one outcome a reader cannot see and must never get).

    .venv/bin/python benchmarks/anchors.py [FOLDER ...] [--seed N] [--show N]

Each FOLDER is a story, or a folder of stories (BASIL's ``stories`` folder gives
94 events of real news); default: the bundled seed story. For every body
sentence of six words or more, one highlight is made, either of the whole
sentence or of a run of 3 to 12 of its words, and the article is edited in one
of these ways before the highlight is placed again:

* ``insert-inside``: a word inserted between two words of the highlight;
* ``insert-start`` / ``insert-end``: a word inserted just before or after it;
* ``remove``: an inner word of it removed; ``replace``: an inner word replaced;
* ``punctuation``: a semicolon added after an inner word;
* ``context``: a word of the context just before or after it replaced;
* ``elsewhere``: a sentence added at the start of the article;
* ``reorder``: its paragraph swapped with the one after it (or before, the last);
* ``delete``: the highlighted words deleted (the only right outcome: an orphan);
* ``name``: a highlight of one word that the article has elsewhere too (a name,
  "the"), that word replaced (right: the new word, or an orphan);
* ``duplicate``: its paragraph printed twice, the copy before or after it (right:
  the original place; an orphan listing both places is the honest answer, as
  the two texts cannot be told apart).

Ground truth is known since the edits are made here. A placement is ``right``
when it covers exactly the edited words; ``near`` when it overlaps them;
``wrong`` when it covers other text (for ``delete``, any placement); ``orphan``
when it is not placed (for ``duplicate``, counted as ``listed`` when the
candidates it lists include the right place). Printed per kind of edit, with
the median time of one placement.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter, defaultdict
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
    "context",
    "elsewhere",
    "reorder",
    "delete",
    "name",
    "duplicate",
)
OUTCOMES = ("right", "near", "orphan", "listed", "wrong")


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    start: int
    end: int
    edited: str
    expected: tuple[int, int] | None  # None: the words are gone; only an orphan is right


def cases(article: Article, rng: random.Random) -> Iterator[Case]:
    for s in article.body:
        words = list(WORD.finditer(s.text))
        if len(words) >= 6:
            case = _case(article.text, s, words, rng)
            if case is not None:
                yield case


def _case(text: str, s: Sentence, words: list[re.Match[str]], rng: random.Random) -> Case | None:
    kind = rng.choice(KINDS)
    if kind == "name":
        return _name(text, s, words, rng)
    if rng.random() < 0.5:
        start, end, inner = s.start, s.end, words
    else:
        i = rng.randrange(1, len(words) - 4)
        j = rng.randrange(i + 3, min(len(words), i + 12) + 1)
        inner = words[i:j]
        start, end = s.start + inner[0].start(), s.start + inner[-1].end()
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
    if kind == "context":
        return _context(text, start, end, rng)
    if kind == "delete":
        edited = text[:start] + text[end:]
        return Case(kind, text, start, end, edited, None)
    if kind in ("reorder", "duplicate"):
        return _paragraphs(kind, text, start, end, rng)
    added = "A sentence added on top by an editor.\n\n"
    return Case(kind, text, start, end, added + text, (start + len(added), end + len(added)))


def _insert(kind: str, text: str, start: int, end: int, at: int, words: str) -> Case:
    edited = text[:at] + words + text[at:]
    return Case(kind, text, start, end, edited, (start, end + len(words)))


def _name(text: str, s: Sentence, words: list[re.Match[str]], rng: random.Random) -> Case | None:
    """One word the article also has elsewhere, highlighted and then replaced."""
    repeated = [w for w in words if len(re.findall(rf"\b{re.escape(w.group())}\b", text)) > 1]
    if not repeated:
        return None
    w = rng.choice(repeated)
    start, end = s.start + w.start(), s.start + w.end()
    edited = text[:start] + NEW_WORD + text[end:]
    return Case("name", text, start, end, edited, (start, start + len(NEW_WORD)))


def _context(text: str, start: int, end: int, rng: random.Random) -> Case | None:
    """A word of the context (within 32 characters of the highlight) replaced."""
    before = [m for m in WORD.finditer(text, max(0, start - 30), start) if m.end() < start]
    after = [m for m in WORD.finditer(text, end, end + 30) if m.start() > end]
    choices = [*before[1:], *after[:-1]]  # whole words only, not cut by the window
    if not choices:
        return None
    w = rng.choice(choices)
    edited = text[: w.start()] + NEW_WORD + text[w.end() :]
    shift = 0 if w.start() > end else len(NEW_WORD) - (w.end() - w.start())
    return Case("context", text, start, end, edited, (start + shift, end + shift))


def _paragraphs(kind: str, text: str, start: int, end: int, rng: random.Random) -> Case | None:
    """The highlight's paragraph (a line) moved past its neighbour, or printed twice."""
    lines = text.split("\n")
    bounds, at = [], 0
    for line in lines:
        bounds.append((at, at + len(line)))
        at += len(line) + 1
    mine = next(i for i, (a, b) in enumerate(bounds) if a <= start and end <= b)
    if kind == "duplicate":
        a, b = bounds[mine]
        copy = text[a:b] + "\n"
        if rng.random() < 0.5:  # the copy after: the highlight stays where it was
            return Case(kind, text, start, end, text[: b + 1] + copy + text[b + 1 :], (start, end))
        edited = text[:a] + copy + text[a:]
        return Case(kind, text, start, end, edited, (start + len(copy), end + len(copy)))
    filled = [i for i, line in enumerate(lines) if line.strip()]
    at_mine = filled.index(mine)
    other = filled[at_mine + 1] if at_mine + 1 < len(filled) else filled[at_mine - 1]
    if other == mine or lines[other] == lines[mine]:
        return None
    swapped = list(lines)
    swapped[mine], swapped[other] = lines[other], lines[mine]
    edited = "\n".join(swapped)
    new_line_start = sum(len(line) + 1 for line in swapped[:other])
    shift = new_line_start - bounds[mine][0]
    return Case(kind, text, start, end, edited, (start + shift, end + shift))


def outcome(
    case: Case, start: int, end: int, orphan: bool, candidates: tuple[tuple[int, int], ...]
) -> str:
    if case.expected is None:
        return "orphan" if orphan else "wrong"
    if orphan:
        return "listed" if case.expected in candidates else "orphan"
    if (start, end) == case.expected:
        return "right"
    if start < case.expected[1] and case.expected[0] < end:
        return "near"
    return "wrong"


def folders(paths: list[Path]) -> Iterator[Path]:
    """Each story folder: the paths given, or the story folders inside them."""
    for path in paths:
        inner = sorted(p for p in path.iterdir() if p.is_dir()) if path.is_dir() else []
        if inner and not any(p.suffix == ".txt" for p in path.iterdir()):
            yield from inner
        else:
            yield path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print N wrong placements")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seconds: dict[str, list[float]] = defaultdict(list)
    wrong: list[tuple[str, str, str]] = []
    for folder in folders(args.folders):
        for article in load_story([folder]).articles:
            for case in cases(article, rng):
                q = quote(case.text, case.start, case.end)
                began = time.perf_counter()
                placed = place(case.edited, case.start, case.end, q)
                seconds[case.kind].append(time.perf_counter() - began)
                candidates = getattr(placed, "candidates", ())
                result = outcome(case, placed.start, placed.end, placed.orphan, candidates)
                counts[case.kind][result] += 1
                if result == "wrong":
                    got = case.edited[placed.start : placed.end]
                    wanted = "" if case.expected is None else case.edited[slice(*case.expected)]
                    wrong.append((case.kind, wanted or f"(deleted) {q.exact}", got))
    print(f"{'edit':<14}{'cases':>7}" + "".join(f"{o:>8}" for o in OUTCOMES) + f"{'median ms':>11}")
    total: Counter[str] = Counter()
    for kind in KINDS:
        if counts[kind]:
            total.update(counts[kind])
            median = statistics.median(seconds[kind]) * 1000
            row = "".join(f"{counts[kind][o]:>8}" for o in OUTCOMES)
            print(f"{kind:<14}{sum(counts[kind].values()):>7}{row}{median:>11.3f}")
    print(f"{'all':<14}{sum(total.values()):>7}" + "".join(f"{total[o]:>8}" for o in OUTCOMES))
    for kind, wanted, got in wrong[: args.show]:
        print(f"\n{kind}\n  wanted: {' '.join(wanted.split())!r}")
        print(f"  placed: {' '.join(got.split())!r}")


if __name__ == "__main__":
    main()
