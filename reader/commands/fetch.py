"""``newsreader fetch``: pages from the web into a story folder, then the reader."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.commands.common import (
    EXIT_NOTHING_LOADED,
    OpenReader,
    data_argument,
    open_store,
    say,
    state_argument,
)
from reader.printable import printable
from reader.wording import plural

if TYPE_CHECKING:
    from reader.web.folder import FetchReport
    from reader.web.pages import PageEvent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader fetch",
        description="Download each page, keep its article text and metadata (and the page "
        "itself, under raw/) in a story folder, and open the reader on it. Given a story "
        "folder (--into) and no URL, the pages that failed last time are asked for again.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL")
    parser.add_argument(
        "--story", metavar="TITLE", help="the story's title (default: the first page's)"
    )
    parser.add_argument(
        "--into",
        type=Path,
        metavar="DIR",
        help="add to this story folder (made if missing) instead of a new one under the "
        "data directory's stories/",
    )
    parser.add_argument("--no-open", action="store_true", help="fetch only; do not open the reader")
    parser.add_argument(
        "--timeout", type=_seconds, default=10.0, metavar="S", help="seconds to wait for a server"
    )
    data_argument(parser)
    state_argument(parser)
    return parser


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.1 <= number <= 600:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be between 0.1 and 600 seconds, not {value}")
    return number


def fetch(argv: Sequence[str], open_reader: OpenReader) -> int:
    from reader.paths import stories_dir
    from reader.web.folder import FolderError, fetch_story

    args = _parser().parse_args(argv)
    if not args.urls and args.into is None:
        say("give the URLs of the pages to fetch (or --into DIR to retry the pages that failed)")
        return EXIT_NOTHING_LOADED
    try:
        with _Bar(len(args.urls)) as bar:
            report = fetch_story(
                args.urls,
                folder=args.into,
                title=args.story,
                stories=stories_dir(args.data_dir),
                progress=bar.page,
                timeout=args.timeout,
                stop=bar.stop,
            )
    except FolderError as exc:
        say(exc)
        return EXIT_NOTHING_LOADED
    _tell(report)
    if not report.ok or report.folder is None:
        say("nothing fetched")
        return EXIT_NOTHING_LOADED
    if args.no_open:
        _remember(report.folder, args.state_dir)
        return 0
    return open_reader([report.folder], state=args.state_dir, data=args.data_dir)


def _tell(report: FetchReport) -> None:
    """One line for each page that was not saved as it should be, then the total."""
    for failed in report.failed:
        say(f"{failed.url}: {failed.reason}")
    for skipped in report.skipped:
        say(f"{skipped.url}: {skipped.reason}")
    for saved in report.warned:
        say(f"warning: {saved.url}: {saved.warning}; saved as {saved.file}")
    if report.folder is not None and report.saved:
        say(f"{plural(len(report.saved), 'article')} saved in {report.folder}")
    if report.failed and report.folder is not None:
        say(f"to try the failed again: newsreader fetch --into {report.folder}")


def _remember(folder: Path, state: Path | None) -> None:
    """Put a story fetched without opening in the library."""
    from reader.articles import load_story
    from reader.highlights.store import StoreError

    story = load_story([folder])
    store = open_store(state)
    if store is None:
        return
    try:
        store.remember_articles(
            folder, name=story.name, owned=story.made_by_newsreader, articles=story.articles
        )
    except StoreError as exc:
        say(exc)
    finally:
        store.close()


class _Bar:
    """Rich's progress display on stderr: a line a page and a bar for the whole.
    Pages report from the fetching threads; Rich's display takes its own lock."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.stop = threading.Event()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("fetching", total=total or None)

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._progress.stop()

    def page(self, event: PageEvent) -> None:
        if event.state == "started":
            self._progress.update(self._task, total=event.total)
            return
        mark = {"finished": "✓", "failed": "✗", "skipped": "="}[event.state]
        self._progress.console.print(
            f"{mark} {printable(event.url)}", markup=False, highlight=False
        )
        self._progress.advance(self._task)
