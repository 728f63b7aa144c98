"""Time from launch to the first screen: the reader on the seed story against an
empty Textual app, each in a fresh process, alternating, in the same run.

    .venv/bin/python benchmarks/startup.py [--runs 15]

Each child records the wall-clock time at which its first screen has been
composed and painted (headless: the first refresh after mounting); the parent
takes the time just before starting the child. The reader runs as the
``newsreader`` command does (the first two articles, the rest in the background,
highlights opened from a fresh state directory). Medians and their ratio are
printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys, time

def painted(app):
    print(time.time(), flush=True)
    app.exit()

if sys.argv[1] == "empty":
    from textual.app import App
    from textual.widgets import Static
    class Empty(App):
        def compose(self):
            yield Static("hello")
        def on_mount(self):
            self.call_after_refresh(painted, self)
    Empty().run(headless=True, size=(140, 40))
else:  # `newsreader` as typed, its first screen painted headless
    import reader.ui.app
    from reader.cli import main
    class Reader(reader.ui.app.ReaderApp):
        def on_mount(self):  # Textual calls ReaderApp.on_mount first, then this
            self.call_after_refresh(painted, self)
        def run(self, **_):
            return super().run(headless=True, size=(140, 40))
    reader.ui.app.ReaderApp = Reader
    main([])
"""


def launch(kind: str, state: str) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "NEWSREADER_STATE_DIR": state},
    ).stdout
    painted = float(out.strip().splitlines()[-1])
    return painted - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    state = tempfile.mkdtemp(prefix="newsreader-startup-")
    launch("empty", state)  # warm the file cache once for both
    launch("reader", state)
    empty: list[float] = []
    reader: list[float] = []
    for _ in range(args.runs):
        empty.append(launch("empty", state))
        reader.append(launch("reader", state))
    e, r = statistics.median(empty), statistics.median(reader)
    print(f"runs: {args.runs} each, alternating")
    print("| app | median launch to first screen |")
    print("|---|---|")
    print(f"| empty Textual app | {e * 1000:.0f} ms |")
    print(f"| newsreader, seed story | {r * 1000:.0f} ms |")
    print(f"ratio: {r / e:.2f}")


if __name__ == "__main__":
    main()
