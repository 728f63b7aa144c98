"""``newsreader stories``: the library on the command line: list, open, remove."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.commands.common import OpenReader, open_store, say, state_argument
from reader.printable import printable
from reader.wording import plural

if TYPE_CHECKING:
    from reader.highlights.library import StoryEntry


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader stories",
        description="The library: every story fetched or opened, most recent first. "
        "`stories open N` reads story N again; `stories remove N` takes it out of the "
        "library (and deletes its folder when newsreader made it). Highlights are never "
        "removed: export still lists them.",
    )
    parser.add_argument("action", nargs="?", choices=("list", "open", "remove"), default="list")
    parser.add_argument("number", nargs="?", type=int, metavar="N", help="the story's number")
    parser.add_argument("-y", "--yes", action="store_true", help="remove without asking")
    state_argument(parser)
    return parser


def stories(argv: Sequence[str], open_reader: OpenReader) -> int:
    """The ``stories`` command; ``open_reader`` is ``reader.cli.open_reader``."""
    args = _parser().parse_args(argv)
    read_only = args.action != "remove"
    store = open_store(args.state_dir, read_only=read_only)
    if store is None:
        return 1
    from reader.highlights.store import StoreError

    try:
        entries = store.stories()
    except StoreError as exc:
        say(exc)
        store.close()
        return 1
    if args.action == "list":
        store.close()
        _list(entries)
        return 0
    entry = _chosen(entries, args.number)
    if entry is None:
        store.close()
        return 2
    if args.action == "open":
        store.close()
        return open_reader(list(entry.paths), state=args.state_dir)
    try:
        return _remove(store.forget_story, entry, args.yes)
    finally:
        store.close()


def _list(entries: Sequence[StoryEntry]) -> None:
    if not entries:
        say("no stories yet: `newsreader fetch URL ...` brings one in; any folder opened is kept")
        return
    for number, entry in enumerate(entries, 1):
        date = (entry.date or "")[:10] or "no date"
        counts = f"{plural(entry.sentences, 'sentence')}, {plural(entry.highlights, 'highlight')}"
        print(f"{number:3d}. {printable(entry.name)}  ({date}; {counts})")
        print(f"     {printable(', '.join(entry.outlets))}")
        print(f"     {printable(entry.path)}")


def _chosen(entries: Sequence[StoryEntry], number: int | None) -> StoryEntry | None:
    if number is None:
        say("which story? give its number from `newsreader stories`")
        return None
    if not 1 <= number <= len(entries):
        say(f"no story {number}: the library has {plural(len(entries), 'story', 'stories')}")
        return None
    return entries[number - 1]


def _remove(forget: Callable[[str], bool], entry: StoryEntry, yes: bool) -> int:
    from reader.highlights.store import StoreError
    from reader.web.folder import remove_folder

    what = "and delete its folder (newsreader made it)" if entry.owned else "(its folder stays)"
    if not yes:
        if not sys.stdin.isatty():
            say(f"{entry.name}: not removed: --yes removes without asking")
            return 1
        answer = input(f"Remove {printable(entry.name)} from the library {what}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            say("nothing removed")
            return 1
    try:
        forget(entry.path)
    except StoreError as exc:
        say(exc)
        return 1
    if entry.owned:
        for problem in remove_folder(entry.paths):
            say(problem)
    kept = f"; {plural(entry.highlights, 'highlight')} kept" if entry.highlights else ""
    say(f"{entry.name}: removed from the library{kept}")
    return 0
