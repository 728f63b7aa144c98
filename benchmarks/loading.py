"""Loading speed: µs per sentence on a first read and a warm one, and loading's share of `align`.

    .venv/bin/python benchmarks/loading.py [--basil PATH/TO/basil] [--runs 5] [--baseline REV]

Stories are written as files to a temporary folder: synthetic ones of 5, 50 and
200 outlets x 40 sentences (``benchmarks/synthetic.py``), the bundled story
copied 40 times over (page clutter on every line: the clutter rules' worst
case), and, with ``--basil``, the 282 real articles of the BASIL data set.

Every figure is taken in a fresh Python process, as a user runs it, and is the
median of ``--runs`` runs:

* cold: loading every file of the story without the cache (reading, decoding,
  segmentation, clutter flags; the imports before it are left out, they are
  part of the whole process below), in µs per sentence;
* warm: the same through a cache filled by an earlier run (``--cache-dir``);
* baseline: cold loading by the loader of git revision ``--baseline`` (checked
  out into a temporary worktree and run by the same Python, alternating with the
  current tree), so the speed-up is measured on the same machine at the same time;
  its µs per sentence count the sentences it makes, the speed-ups compare the
  time to load the whole story;
* align: the whole ``python -m reader align --no-cache`` process (imports, loading,
  matching, output), and the share of it that cold loading takes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import story_texts

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "0acc81e"  # the loader before news-aware segmentation and the cache

# Run in a fresh process: load a story (imports done first) and print seconds and sentences.
_PROBE = """
import sys, time
from pathlib import Path
from reader.articles import load_story
paths = [Path(p) for p in sys.argv[1].split(",")]
if sys.argv[2] == "-":
    started = time.perf_counter()
    story = load_story(paths)
else:
    from reader.articles.cache import ArticleCache
    from reader.articles.load import Loader
    started = time.perf_counter()
    story = Loader(ArticleCache(Path(sys.argv[2]))).story(paths)
elapsed = time.perf_counter() - started
print(elapsed, sum(len(a.sentences) for a in story.articles))
"""


def write_synthetic(folder: Path, outlets: int) -> Path:
    story = folder / f"synthetic-{outlets}"
    story.mkdir()
    for text in story_texts(outlets, 40):
        (story / text.name).write_text(f"{text.title}\n\n{text.text}\n", encoding="utf-8")
    return story


def write_seed_copies(folder: Path, copies: int) -> Path:
    story = folder / "seeds-x40"
    story.mkdir()
    for number in range(copies):
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            shutil.copyfile(seed, story / f"{number:03d}-{seed.name}")
    return story


def probe(tree: Path, paths: list[Path], cache: Path | None) -> tuple[float, int]:
    """Seconds to import the loader and load ``paths``, and the sentences loaded."""
    env = os.environ | {"PYTHONPATH": str(tree)}
    argv = [sys.executable, "-c", _PROBE, ",".join(map(str, paths)), str(cache or "-")]
    # run from the tree itself: `python -c` puts the working directory first on the path
    done = subprocess.run(argv, env=env, cwd=tree, capture_output=True, text=True, check=True)
    out = done.stdout
    seconds, sentences = out.split()
    return float(seconds), int(sentences)


def whole_align(paths: list[Path]) -> float:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "reader", "align", "--no-cache", *map(str, paths)]
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - started


def baseline_tree(folder: Path, revision: str) -> Path | None:
    tree = folder / "baseline"
    done = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), revision],
        capture_output=True,
    )
    return tree if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", type=Path, help="the BASIL folder, for a row of real news")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsreader-loading-"))
    stories: list[tuple[str, list[Path]]] = [
        (f"synthetic, {n} outlets x 40", [write_synthetic(folder, n)]) for n in (5, 50, 200)
    ]
    stories.append(("bundled story x 40 (200 files)", [write_seed_copies(folder, 40)]))
    if args.basil:
        events = sorted((args.basil.resolve() / "stories").iterdir())
        stories.append((f"BASIL, {len(events)} events x 3", events))
    tree = baseline_tree(folder, args.baseline)
    try:
        print(
            "| story | sentences | baseline cold | cold | speed-up | warm | speed-up "
            "| align, whole process | loading's share |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, paths in stories:
            print(row(name, paths, folder, tree, args.runs), flush=True)
    finally:
        if tree is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)])
        shutil.rmtree(folder, ignore_errors=True)


def row(name: str, paths: list[Path], folder: Path, tree: Path | None, runs: int) -> str:
    cache = folder / f"cache-{abs(hash(name))}"
    probe(ROOT, paths, cache)  # fills the cache for the warm runs
    cold, warm, old, align = [], [], [], []
    sentences = old_sentences = 0
    for _ in range(runs):
        seconds, sentences = probe(ROOT, paths, None)
        cold.append(seconds)
        warm.append(probe(ROOT, paths, cache)[0])
        if tree is not None:
            seconds, old_sentences = probe(tree, paths, None)
            if old_sentences == 0:
                raise SystemExit(f"the baseline loaded nothing from {paths[0]}")
            old.append(seconds)
        align.append(whole_align(paths))
    median = {k: statistics.median(v) for k, v in (("cold", cold), ("warm", warm), ("old", old))}
    per = {k: v / sentences * 1e6 for k, v in median.items()}
    per["old"] = median["old"] / old_sentences * 1e6  # its own sentences, split its own way
    share = median["cold"] / statistics.median(align)
    return (
        f"| {name} | {sentences:,} | {per['old']:.1f} µs | {per['cold']:.1f} µs | "
        f"{median['old'] / median['cold']:.1f}x | {per['warm']:.1f} µs | "
        f"{median['old'] / median['warm']:.0f}x | "
        f"{statistics.median(align) * 1e3:,.0f} ms | {share:.0%} |"
    )


if __name__ == "__main__":
    main()
