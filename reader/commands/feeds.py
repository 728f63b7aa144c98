"""``newsreader feeds``: follow outlets' feeds, and see which events several report."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.commands.common import (
    OpenReader,
    data_argument,
    open_store,
    say,
    state_argument,
)
from reader.printable import printable
from reader.wording import plural

if TYPE_CHECKING:
    from reader.highlights.store import HighlightStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader feeds",
        description="Without an action: ask every followed feed (a feed asked less than 15 "
        "minutes ago is not asked again), group their items into events across outlets and "
        "open the reader on the list (--print prints it instead). `feeds add URL` follows a "
        "feed (RSS 2.0, RSS 1.0 or Atom), or the feed a site's page links; `feeds list` "
        "lists them; `feeds remove URL|N` stops following one.",
    )
    parser.add_argument("action", nargs="?", choices=("add", "list", "remove"))
    parser.add_argument("target", nargs="?", metavar="URL|N")
    parser.add_argument("--print", action="store_true", help="print the events; do not open")
    data_argument(parser)
    state_argument(parser)
    return parser


def feeds(argv: Sequence[str], open_reader: OpenReader) -> int:
    args = _parser().parse_args(argv)
    if args.action in ("add", "remove") and not args.target:
        say(f"feeds {args.action}: give the feed's URL")
        return 2
    store = open_store(args.state_dir, read_only=args.action == "list")
    if store is None:
        return 1
    from reader.highlights.store import StoreError

    try:
        if args.action == "add":
            return _add(store, args.target)
        if args.action == "remove":
            return _remove(store, args.target)
        if args.action == "list":
            return _list(store)
        _ask(store)
        if args.print:
            return _print(store)
    except StoreError as exc:
        say(exc)
        return 1
    finally:
        store.close()
    return open_reader([], state=args.state_dir, data=args.data_dir, show_feeds=True)


def _add(store: HighlightStore, url: str) -> int:
    from reader.web.feeds import resolve_feed
    from reader.web.http import FetchError, client
    from reader.web.pages import normalise

    url = normalise(url)  # one spelling, so a feed is not followed twice
    try:
        with client() as session:
            feed = resolve_feed(session, url)
    except FetchError as exc:
        say(f"{exc.url}: {exc.reason}")
        return 2
    if not store.add_feed(feed.url, title=feed.title, site=feed.site):
        say(f"{feed.url}: already followed")
        return 0
    store.save_feed_fetch(
        feed.url,
        etag=feed.etag,
        modified=feed.modified,
        fetched=feed.fetched,
        status=plural(len(feed.items), "item"),
        items=feed.items,
    )
    found = f" (linked from {url})" if feed.url != url else ""
    say(f"following {feed.site}: {feed.url}{found}, {plural(len(feed.items), 'item')}")
    return 0


def _remove(store: HighlightStore, target: str) -> int:
    from reader.web.pages import normalise

    followed = store.feeds()
    url = normalise(target)
    if target.isdigit() and 1 <= int(target) <= len(followed):
        url = followed[int(target) - 1].url
    if not store.remove_feed(url):
        say(f"{target}: not a followed feed (`newsreader feeds list` lists them)")
        return 2
    say(f"no longer following {url}")
    return 0


def _list(store: HighlightStore) -> int:
    followed = store.feeds()
    if not followed:
        say("no feeds followed: `newsreader feeds add URL` follows one")
    for number, feed in enumerate(followed, 1):
        print(f"{number:3d}. {printable(feed.site or feed.title)}  {printable(feed.url)}")
        last = f"last asked {feed.fetched}: {feed.status}" if feed.fetched else "not asked yet"
        print(f"     {printable(last)}")
    return 0


def _ask(store: HighlightStore) -> None:
    """Ask every feed, politely, and store what each said; failures one line each."""
    from rich.console import Console
    from rich.status import Status

    from reader.web.coverage import ask_feeds, save_polls
    from reader.web.feeds import Outcome

    followed = store.feeds()
    if not followed:
        say("no feeds followed: `newsreader feeds add URL` follows one")
        return
    with Status(f"asking {plural(len(followed), 'feed')}…", console=Console(stderr=True)):
        results = ask_feeds(followed, store.feed_items())
    for failure in save_polls(store, results):
        say(failure)
    asked = sum(1 for result in results if result.outcome != Outcome.SKIPPED)
    say(f"{plural(len(followed), 'feed')}, {asked} asked now")


def _print(store: HighlightStore) -> int:
    from reader.web.coverage import coverage

    for event in coverage(store.feeds(), store.feed_items()):
        only = f"only {printable(event.outlets[0])}"
        count = only if event.single else f"{len(set(event.outlets))} outlets"
        print(f"{(event.published or '')[:10]:10}  {count:>16}  {printable(event.title)}")
    return 0
