"""Clutter flags on real news: how many, what they cost, and how hostile text fares.

    .venv/bin/python benchmarks/clutter.py PATH/TO/basil [--list] [--baseline REV]

PATH/TO/basil holds ``stories/EVENT/{fox,nyt,hpo}.txt``: text copied clean from
the outlets' pages, so nearly every flag there is worth a look. Each file is
loaded on its own, without its manifest, as a folder of articles with no
``story.toml`` would be.

* flags: the sentences flagged, by reason (``--list`` prints each one);
* cost: CPU time of ``clutter.flag`` over every article's paragraphs, median of
  5 runs, per sentence. ``--baseline REV`` also times ``clutter.py`` as it was
  at git revision REV, called the way that revision's ``build_article`` did
  (once to find the title, then again with it);
* hostile text: ``clutter.flag`` on paragraphs of 10 KB and 100 KB made of one
  piece repeated, the pieces that make backtracking patterns blow up.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from reader.articles import clutter, load_article
from reader.articles.segment import segment

RUNS = 5
HOSTILE = ["[/", "[", "(photo", "cookie ", "© ", "Copyright ", "A. ", "» x ", "Follow ", "_1"]
ROOT = Path(__file__).resolve().parent.parent

FlagStep = Callable[[Sequence[str]], object]


def files(basil: Path) -> list[Path]:
    return sorted((basil / "stories").glob("*/*.txt"))


def count_flags(paths: list[Path], show: bool) -> tuple[Counter[str], int]:
    """Flagged sentences by reason, and the number of sentences."""
    reasons: Counter[str] = Counter()
    total = 0
    for path in paths:
        article = load_article(path)
        total += len(article.sentences)
        for s in article.sentences:
            if s.clutter:
                reasons[s.clutter] += 1
                if show:
                    print(f"  {path.parent.name}/{path.name} [{s.clutter}] {s.text[:120]!r}")
    return reasons, total


def paragraphs(paths: list[Path]) -> tuple[list[list[str]], int]:
    """Each article's paragraphs as ``build_article`` gives them to the rules, and the
    number of sentences."""
    articles: list[list[str]] = []
    sentences = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        blocks = segment(text)
        articles.append([" ".join(block.text(text).split()) for block in blocks])
        sentences += sum(len(block.sentences) for block in blocks)
    return articles, sentences


def cost(step: FlagStep, articles: list[list[str]], sentences: int) -> float:
    """Median CPU µs per sentence of ``step`` over every article."""
    runs = []
    for _ in range(RUNS):
        start = time.process_time()
        for texts in articles:
            step(texts)
        runs.append(time.process_time() - start)
    return statistics.median(runs) * 1e6 / sentences


def at_revision(rev: str) -> ModuleType:
    """``reader/articles/clutter.py`` as it was at git revision ``rev``."""
    source = subprocess.run(
        ["git", "show", f"{rev}:reader/articles/clutter.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spec = importlib.util.spec_from_loader(f"clutter_at_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:clutter.py", "exec"), module.__dict__)
    return module


def called_twice(module: ModuleType) -> FlagStep:
    """The clutter step of a ``build_article`` that flagged, took the first unflagged
    paragraph for the title, then flagged again with it."""

    def step(texts: Sequence[str]) -> object:
        first = module.flag(texts)
        title = next((i for i, reason in enumerate(first) if reason is None), None)
        return module.flag(texts, title)

    return step


def hostile() -> None:
    print("\nclutter.flag on hostile paragraphs ([text, 'A title', text]), CPU ms:")
    for piece in HOSTILE:
        row = []
        for size in (10_000, 100_000):
            text = (piece * (size // len(piece) + 1))[:size]
            start = time.process_time()
            clutter.flag([text, "A title", text])
            row.append(f"{(time.process_time() - start) * 1e3:7.2f}")
        print(f"  {piece!r:14} 10 KB {row[0]}   100 KB {row[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basil", type=Path, help="the BASIL folder (with stories/)")
    parser.add_argument("--list", action="store_true", help="print every flagged sentence")
    parser.add_argument("--baseline", metavar="REV", help="also time clutter.py as of git REV")
    args = parser.parse_args()
    paths = files(args.basil)
    reasons, total = count_flags(paths, args.list)
    flagged = sum(reasons.values())
    print(f"{len(paths)} files, {total} sentences, {flagged} flagged: {dict(reasons)}")
    articles, sentences = paragraphs(paths)
    print(f"clutter.flag: {cost(clutter.flag, articles, sentences):.1f} µs/sentence (CPU)")
    if args.baseline:
        before = cost(called_twice(at_revision(args.baseline)), articles, sentences)
        print(f"as of {args.baseline}: {before:.1f} µs/sentence (CPU)")
    hostile()


if __name__ == "__main__":
    main()
