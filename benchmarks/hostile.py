"""Hostile files, and the largest inputs loading takes: time and peak memory of each.

    .venv/bin/python benchmarks/hostile.py

Each case is a story folder (one good article beside the hostile file) loaded by
``newsreader show`` in a fresh process, capped at 2 GB of address space and 120 s;
the wall time, the peak resident memory and the reader's message are printed.

Then the costliest inputs within the limits, each loaded in-process, with the time
split into segmentation, clutter flags and the rest (reading, decoding, extraction,
building sentences): text of the most sentences one article may hold (a million
characters of "Go. "), and an HTML page of the most elements (50,000 paragraphs).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.articles import clutter, load_article
from reader.articles.load import MAX_HTML_ELEMENTS, MAX_TEXT_CHARS
from reader.articles.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Headline of the story\n\nA first sentence here. A second one follows.\n"


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\nBody.\n"


CASES: dict[str, Callable[[Path], None]] = {
    "named pipe x.txt": lambda d: os.mkfifo(d / "x.txt"),
    "link to /dev/zero": lambda d: (d / "zero.txt").symlink_to("/dev/zero"),
    "link to /proc/self/pagemap": lambda d: (d / "pagemap.txt").symlink_to("/proc/self/pagemap"),
    "symbolic link loop": lambda d: (d / "loop.txt").symlink_to("loop.txt"),
    "story.toml nested 5,000 deep": lambda d: (d / "story.toml").write_text(
        "a = " + "[" * 5000 + "]" * 5000
    ),
    "front matter nested 2,000 deep": lambda d: (d / "deep.md").write_text(
        "---\ntitle: " + "[" * 2000 + "]" * 2000 + "\n---\nBody.\n"
    ),
    "front matter alias bomb": lambda d: (d / "bomb.md").write_text(_alias_bomb()),
    "20 MB of short sentences": lambda d: (d / "big.txt").write_bytes(b"Go now. " * 2_621_440),
    "1M characters of short sentences": lambda d: (d / "short.txt").write_text(
        "Go. " * (MAX_TEXT_CHARS // 4)
    ),
}

CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from reader.cli import main
start = time.perf_counter()
main(["show", sys.argv[1]])
print(f"{time.perf_counter() - start:.2f}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_case(name: str, make: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory() as root:
        story = Path(root)
        (story / "good.txt").write_text(GOOD)
        make(story)
        try:
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(story)],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"{name:34s} over 120 s")
            return
    lines = run.stdout.strip().splitlines()
    if "Traceback" in run.stderr or not lines:
        print(f"{name:34s} FAILED: {run.stderr.strip().splitlines()[-1:]}")
        return
    seconds, peak = lines[-1].split()
    errors = run.stderr.strip().splitlines()
    message = errors[0].replace(root + "/", "") if errors else "-"
    print(f"{name:34s} {seconds:>6s} s {int(peak) // 1024:5d} MB  {message}")


def phases(name: str, path: Path) -> None:
    """Load ``path``, then time segmentation and clutter flags again on its text."""
    start = time.perf_counter()
    article = load_article(path)
    total = time.perf_counter() - start
    text = article.text
    start = time.perf_counter()
    blocks = segment(text)
    segmented = time.perf_counter() - start
    texts = [" ".join(block.text(text).split()) for block in blocks]
    start = time.perf_counter()
    clutter.flag(texts)
    clutter.flag(texts, 0)
    flagged = time.perf_counter() - start
    rest = total - segmented - flagged
    sentences = len(article.sentences)
    print(
        f"{name}: {len(text):,} characters, {sentences:,} sentences, {total:.2f} s "
        f"({total / sentences * 1e6:.0f} µs a sentence): segmentation {segmented:.2f} s, "
        f"clutter flags {flagged:.2f} s, the rest (reading, decoding, extraction, building "
        f"sentences) {rest:.2f} s; peak memory so far {_peak_mb()} MB"
    )


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    for name, make in CASES.items():
        run_case(name, make)
    print()
    with tempfile.TemporaryDirectory() as root:
        text = Path(root) / "short.txt"
        text.write_text("Go. " * (MAX_TEXT_CHARS // 4))
        phases("text at the limit", text)
        page = Path(root) / "page.html"
        paragraphs = "<p>Go now. Go now.</p>" * (MAX_HTML_ELEMENTS - 10)
        page.write_text(f"<html><body><article>{paragraphs}</article></body></html>")
        phases("HTML at the limit", page)


if __name__ == "__main__":
    main()
