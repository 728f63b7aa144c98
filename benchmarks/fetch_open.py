"""Time from `newsreader fetch` with five URLs to the reader's first screen.

    .venv/bin/python benchmarks/fetch_open.py [--runs 15]

The five pages are the bundled story's articles as news pages, served from this
process on 127.0.0.1 (webserver.py). Each run is a fresh process with a fresh
data directory, so every page is downloaded, extracted, saved and loaded; the
first screen is detected as startup.py does. In the same run, alternating: an
empty Textual app, and `newsreader DIR` opening the folder a fetch made (the
same story read from disk), so the ratio says what fetching adds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import ROOT, launch
from webserver import serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    scratch = Path(tempfile.mkdtemp(prefix="newsreader-fetch-open-"))
    state = str(scratch / "state")
    times: dict[str, list[float]] = {"empty": [], "open": [], "fetch": []}
    with serving() as base:
        urls = [f"{base}/seed/{n}.html" for n in range(5)]
        made = str(scratch / "made")
        launch("reader", state, "fetch", *urls, "--data-dir", made)  # warms caches too
        folder = str(next((Path(made) / "stories").iterdir()))
        for run in range(args.runs):
            times["empty"].append(launch("empty", state)[0])
            times["open"].append(launch("reader", state, folder, "--no-cache")[0])
            data = str(scratch / f"data{run}")
            times["fetch"].append(launch("reader", state, "fetch", *urls, "--data-dir", data)[0])
    empty, opened, fetched = (statistics.median(times[k]) for k in ("empty", "open", "fetch"))
    print(f"runs: {args.runs} each, alternating; five pages from 127.0.0.1")
    print("| launch | median to first screen |")
    print("|---|---|")
    print(f"| empty Textual app | {empty * 1000:.0f} ms |")
    print(f"| newsreader DIR (the fetched folder, no cache) | {opened * 1000:.0f} ms |")
    print(f"| newsreader fetch URL x5 | {fetched * 1000:.0f} ms |")
    print(f"fetch / open: {fetched / opened:.2f}; fetch / empty app: {fetched / empty:.2f}")


if __name__ == "__main__":
    main()
