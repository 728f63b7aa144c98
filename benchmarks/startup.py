"""Time from launch to the first screen: the reader on the seed story against an
empty Textual app, each in a fresh process, alternating, in the same run.

    .venv/bin/python benchmarks/startup.py [--runs 15]

Each child records the wall-clock time at which its first screen has been
composed and painted (headless: the first refresh after mounting); the parent
takes the time just before starting the child. The reader's modules are
compiled to bytecode first, as installing the package does; the reader is
started through ``reader.cli.main`` in the command's own import order. The reader runs as the
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

marks = []  # (step, wall-clock time) on the way to the first screen

def painted(app):
    for step, at in marks:
        print(step, at)
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
else:  # `newsreader` as typed: the command's own import order, its first screen headless
    import importlib.abc, importlib.util

    class Watch(importlib.abc.MetaPathFinder):
        # when the command imports the reader, its app is made to say when it has painted
        def find_spec(self, name, path=None, target=None):
            if name != "reader.ui.app":
                return None
            marks.append(("first articles loaded", time.time()))
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run_module = spec.loader.exec_module
            def exec_module(module):
                run_module(module)
                marks.append(("interface imported", time.time()))
                class Reader(module.ReaderApp):
                    def on_mount(self):  # runs before ReaderApp.on_mount and the first paint
                        self.call_after_refresh(painted, self)
                    def run(self, **_):
                        return super().run(headless=True, size=(140, 40))
                module.ReaderApp = Reader
            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Watch())
    from reader.cli import main
    marks.append(("command imported", time.time()))
    main(sys.argv[2:])
"""


def launch(kind: str, state: str, *argv: str) -> tuple[float, dict[str, float]]:
    """Seconds from start to the first screen, and to each step on the way;
    ``argv`` are the command's arguments (none: ``newsreader`` alone)."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "NEWSREADER_STATE_DIR": state},
    ).stdout
    lines = out.strip().splitlines()
    steps = {" ".join(line.split()[:-1]): float(line.split()[-1]) - start for line in lines[:-1]}
    return float(lines[-1]) - start, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # An installed package is compiled once, when pip installs it; an editable
    # checkout (with PYTHONDONTWRITEBYTECODE set) would compile on every launch.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    state = tempfile.mkdtemp(prefix="newsreader-startup-")
    launch("empty", state)  # warm the file cache once for both
    launch("reader", state)
    empty: list[float] = []
    reader: list[float] = []
    steps: dict[str, list[float]] = {}
    for _ in range(args.runs):
        empty.append(launch("empty", state)[0])
        total, marks = launch("reader", state)
        reader.append(total)
        for step, at in marks.items():
            steps.setdefault(step, []).append(at)
    e, r = statistics.median(empty), statistics.median(reader)
    print(f"runs: {args.runs} each, alternating")
    print("| app | median launch to first screen |")
    print("|---|---|")
    print(f"| empty Textual app | {e * 1000:.0f} ms |")
    print(f"| newsreader, seed story | {r * 1000:.0f} ms |")
    print(f"ratio: {r / e:.2f}")
    print()
    print("| newsreader, step | median time since launch |")
    print("|---|---|")
    for step, times in steps.items():
        print(f"| {step} | {statistics.median(times) * 1000:.0f} ms |")
    print(f"| first screen painted | {r * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
