"""What every command shares: one-line messages, the state and data directory
flags, and opening the highlights store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.paths import state_dir
from reader.printable import printable

if TYPE_CHECKING:
    from reader.highlights.store import HighlightStore

EXIT_NOTHING_LOADED = 2


class OpenReader(Protocol):
    """``reader.cli.open_reader``, as the commands that end in the reader call it."""

    def __call__(
        self,
        paths: list[Path],
        *,
        state: Path | None = None,
        data: Path | None = None,
        show_feeds: bool = False,
    ) -> int: ...


def say(message: object) -> None:
    """One line on stderr; file names and what files hold in it are shown inert."""
    print(f"newsreader: {printable(str(message))}", file=sys.stderr)


def state_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        help="where highlights and the library are kept (default: the user state directory, "
        "or $NEWSREADER_STATE_DIR)",
    )


def data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where fetched stories are saved, under stories/ (default: the user data "
        "directory, or $NEWSREADER_DATA_DIR)",
    )


def open_store(state: Path | None, *, read_only: bool = False) -> HighlightStore | None:
    """The store, opened for writing unless the command only reads it; what it
    said on opening (a file moved aside, a read-only directory) is said here."""
    from reader.highlights.store import HighlightStore

    opened = HighlightStore.open(state_dir(state), read_only=read_only)
    for message in opened.messages:
        say(message)
    return opened.store


def last_story(state: Path | None) -> list[Path]:
    """The story read last, if its files are still there; else none (the bundled
    sample opens)."""
    from reader.highlights.store import HighlightStore, StoreError

    try:
        opened = HighlightStore.open(state_dir(state), read_only=True)
        if opened.store is None:
            return []
        try:
            last = opened.store.last_story()
        finally:
            opened.store.close()
    except StoreError:
        return []
    if last is None or not all(path.exists() for path in last.paths):
        return []
    return list(last.paths)
