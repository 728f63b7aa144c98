"""Time from pressing q to the end of the process, as a user quits the reader.

    .venv/bin/python benchmarks/quit.py [--runs 11] [--outlets 200] [--checkout DIR]

Each run starts ``newsreader`` in a pseudo-terminal (80x24, its own state and
cache directories), waits for its first screen (the status line is drawn),
presses q as soon as its status line says it is loading the rest of the story
or aligning it, and times until the process has exited. Three cases, alternating: an empty
Textual app (the baseline), the seed story, and a synthetic story of many
outlets whose alignment takes seconds (the worst case: q pressed while the
engine is busy). Medians are printed, with their ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from fcntl import ioctl
from pathlib import Path

from synthetic import story_texts

ROOT = Path(__file__).resolve().parent.parent
EMPTY = """
from textual.app import App
from textual.widgets import Static
class Empty(App):
    def compose(self):
        yield Static("row 1/1 · an empty app")
    def on_key(self, event):
        if event.key == "q":
            self.exit()
Empty().run()
"""


BUSY = (b"aligning", b"matching sentences")  # as the status line says while the engine runs


def run_once(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 60.0) -> float:
    """Seconds from q to exit, pressed once the status line says the reader is busy
    (or, for the empty app, once it has drawn its screen)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, in the pseudo-terminal
        os.chdir(cwd)  # `python -m reader` imports the reader of this checkout
        os.execvpe(argv[0], argv, env)
    ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    deadline = time.monotonic() + timeout
    markers = BUSY if "reader" in argv else (b"row ",)
    while not any(marker in seen for marker in markers):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            raise RuntimeError(f"no first screen from {argv}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 65536)
    pressed = time.perf_counter()
    os.write(fd, b"q")
    done = 0
    while True:  # keep reading, so the child never blocks on a full terminal
        try:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready and not os.read(fd, 65536):
                break
        except OSError:  # the terminal closed: the child is gone
            break
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    if not done:
        os.waitpid(pid, 0)
    elapsed = time.perf_counter() - pressed
    os.close(fd)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--outlets", type=int, default=200)
    parser.add_argument(
        "--checkout", type=Path, help="time the reader of another checkout (its top folder)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsreader-quit-"))
    try:
        story = work / "many-outlets"
        story.mkdir()
        for text in story_texts(args.outlets, 40):
            (story / text.name).write_text(f"{text.title}\n\n{text.text}\n", encoding="utf-8")
        newsreader = [sys.executable, "-m", "reader"]  # as the newsreader command runs it
        cases = {
            "empty Textual app": [sys.executable, "-c", EMPTY],
            "newsreader, seed story": newsreader,
            f"newsreader, {args.outlets} outlets": [*newsreader, str(story)],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for run in range(args.runs):
            for name, argv in cases.items():
                env = {
                    **os.environ,
                    "TERM": "xterm-256color",
                    "NEWSREADER_STATE_DIR": str(work / f"state-{run}"),
                    "NEWSREADER_CACHE_DIR": str(work / "cache"),
                }
                times[name].append(run_once(argv, env, args.checkout or ROOT))
        base = statistics.median(times["empty Textual app"])
        print(f"runs: {args.runs} each, alternating; q pressed at the first screen")
        print("| app | median q to exit | worst | ratio to empty app |")
        print("|---|---|---|---|")
        for name, values in times.items():
            median = statistics.median(values)
            print(
                f"| {name} | {median * 1000:.0f} ms | {max(values) * 1000:.0f} ms "
                f"| {median / base:.2f} |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
