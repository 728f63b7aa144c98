"""Segmentation against the BASIL data set's own sentence splits.

    .venv/bin/python benchmarks/segmentation.py PATH/TO/basil [--show N]

PATH/TO/basil holds ``stories/EVENT/{fox,nyt,hpo}.txt`` and ``sentences/EVENT.json``
(for each file, its body as a list of paragraphs, each a list of sentences). Each
file is loaded as the reader loads it; its body sentences (the title line left
out) are compared with the reference as multisets of exact strings (surrounding
whitespace, which the reference sometimes keeps, aside):

* recall: the share of reference sentences the reader reproduces exactly;
* precision: the share of the reader's sentences that are exactly a reference one.

``--show N`` prints N disagreements of each kind, to check them by hand.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from reader.articles import load_story


def compare(basil: Path) -> tuple[Counter[str], Counter[str], int, int]:
    """Missed reference sentences, extra reader sentences, reference count, reader count."""
    missed: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    n_ref = n_ours = 0
    for story_dir in sorted((basil / "stories").iterdir()):
        reference = json.loads((basil / "sentences" / f"{story_dir.name}.json").read_text("utf-8"))
        story = load_story([story_dir])
        for article in story.articles:
            ref = Counter(
                s.strip() for para in reference[article.source.name] for s in para if s.strip()
            )
            ours = Counter(s.text for s in article.sentences if s.paragraph > 0)
            n_ref += sum(ref.values())
            n_ours += sum(ours.values())
            missed += ref - ours
            extra += ours - ref
    return missed, extra, n_ref, n_ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basil", type=Path, help="the BASIL folder (stories/ and sentences/)")
    parser.add_argument("--show", type=int, default=0, help="disagreements to print of each kind")
    args = parser.parse_args()
    missed, extra, n_ref, n_ours = compare(args.basil)
    found = n_ref - sum(missed.values())
    exact = n_ours - sum(extra.values())
    print(f"reference sentences reproduced exactly: {found}/{n_ref} ({found / n_ref:.2%})")
    print(f"reader sentences that are a reference one: {exact}/{n_ours} ({exact / n_ours:.2%})")
    if args.show:
        print("\nmissed reference sentences:")
        for text in list(missed)[: args.show]:
            print("  -", text)
        print("\nreader sentences not in the reference:")
        for text in list(extra)[: args.show]:
            print("  +", text)


if __name__ == "__main__":
    main()
