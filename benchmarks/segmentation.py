"""Segmentation against the BASIL data set's own sentence splits.

    .venv/bin/python benchmarks/segmentation.py PATH/TO/basil [--show N]

PATH/TO/basil holds ``stories/EVENT/{fox,nyt,hpo}.txt`` and ``sentences/EVENT.json``
(for each file, its body as a list of paragraphs, each a list of sentences). Each
file is loaded as the reader loads it; its body sentences (the title line left
out) are compared with the reference as multisets of exact strings (surrounding
whitespace, which the reference sometimes keeps, aside):

* recall: the share of reference sentences the reader reproduces exactly;
* precision: the share of the reader's sentences that are exactly a reference one.

About 2% of the reference sentences are two or more sentences run together
("It was late. We all went home."). A missed reference sentence is set
aside as such when the reader's sentences, joined, give it exactly and every
place the reader split it is an unmistakable sentence end: a question or
exclamation mark, or a full stop after a lowercase word or a number (never after
a capitalised word, which could be an abbreviation such as "Gov." or "Jr.").
The figures are given with and without those set aside; ``--show N`` prints N
disagreements of each kind, to check them by hand.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.articles import Article, load_story

# What a sentence unmistakably ends with: "...the war.", "...97-1.", "...you?", "...hell!”"
_CLEAR_END = re.compile(r"(?:(?:\b[a-z]{2,}|\d)\.|[?!]+)[\"'”’)]*$")


@dataclass
class Tally:
    reference: int = 0
    reader: int = 0
    missed: Counter[str] = field(default_factory=Counter)  # reference sentences not reproduced
    extra: Counter[str] = field(default_factory=Counter)  # reader sentences not in the reference
    run_together: list[str] = field(default_factory=list)  # reference sentences set aside
    pieces: int = 0  # reader sentences that make up the ones set aside


def compare(basil: Path) -> Tally:
    tally = Tally()
    for story_dir in sorted((basil / "stories").iterdir()):
        reference = json.loads((basil / "sentences" / f"{story_dir.name}.json").read_text("utf-8"))
        for article in load_story([story_dir]).articles:
            paragraphs = reference[article.source.name]
            _compare_article(
                article, [s.strip() for p in paragraphs for s in p if s.strip()], tally
            )
    return tally


def _compare_article(article: Article, reference: list[str], tally: Tally) -> None:
    titled = bool(article.text.split("\n", 1)[0].strip())  # one file has no title line
    sentences = [s for s in article.sentences if s.paragraph >= titled]
    ref, ours = Counter(reference), Counter(s.text for s in sentences)
    tally.reference += sum(ref.values())
    tally.reader += sum(ours.values())
    missed, extra = ref - ours, ours - ref
    starts = {s.start: i for i, s in enumerate(sentences)}
    for text in list(missed.elements()):
        pieces = _pieces(article.text, text, sentences, starts)
        if pieces and all(extra[p] > 0 for p in pieces):
            tally.run_together.append(text)
            tally.pieces += len(pieces)
            missed[text] -= 1
            extra.subtract(pieces)
    tally.missed += +missed
    tally.extra += +extra


def _pieces(text: str, sentence: str, ours: list, starts: dict[int, int]) -> list[str]:  # type: ignore[type-arg]
    """The reader's sentences that joined give ``sentence``, if each split is a clear end."""
    at = text.find(sentence)
    if at < 0 or at not in starts:
        return []
    pieces = []
    for s in ours[starts[at] :]:
        if s.end > at + len(sentence):
            return []
        pieces.append(s.text)
        if s.end == at + len(sentence):
            break
    if len(pieces) < 2 or not all(_CLEAR_END.search(p) for p in pieces[:-1]):
        return []
    return pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basil", type=Path, help="the BASIL folder (stories/ and sentences/)")
    parser.add_argument("--show", type=int, default=0, help="disagreements to print of each kind")
    args = parser.parse_args()
    t = compare(args.basil)
    found = t.reference - t.missed.total() - len(t.run_together)
    exact = t.reader - t.extra.total() - t.pieces
    print("| | reference sentences reproduced | reader sentences that are a reference one |")
    print("|---|---:|---:|")
    print(f"| exact match | {_share(found, t.reference)} | {_share(exact, t.reader)} |")
    print(
        f"| reference sentences run together set aside ({len(t.run_together)}) | "
        f"{_share(found, t.reference - len(t.run_together))} | "
        f"{_share(exact, t.reader - t.pieces)} |"
    )
    if args.show:
        for title, items in (
            ("reference sentences run together (set aside)", t.run_together),
            ("missed reference sentences", list(t.missed)),
            ("reader sentences not in the reference", list(t.extra)),
        ):
            print(f"\n{title}:")
            for text in items[: args.show]:
                print("  |", text)


def _share(part: int, whole: int) -> str:
    return f"{part:,}/{whole:,} ({part / whole:.2%})"


if __name__ == "__main__":
    main()
