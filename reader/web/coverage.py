"""The followed feeds asked and stored, and the events they cover, with how many
outlets cover each.

The items of every feed's last good fetch, grouped across outlets by
:func:`reader.matching.items.group_items`; what the feeds screen and the
``feeds`` command list, newest first.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.highlights.library import FeedEntry, FeedItem
from reader.highlights.store import HighlightStore
from reader.matching.items import Item, group_items
from reader.web.feeds import Outcome, PollResult, parse_stamp, poll_all
from reader.web.http import client


@dataclass(frozen=True)
class Coverage:
    """One event and the items of the outlets that report it, newest first."""

    items: tuple[FeedItem, ...]
    outlets: tuple[str, ...]
    """Each item's outlet, in the same order."""
    published: str | None
    """The newest item's date, ISO 8601 UTC."""

    @property
    def title(self) -> str:
        return self.items[0].title

    @property
    def single(self) -> bool:
        """Only one outlet reports it."""
        return len(self.outlets) == 1

    @property
    def links(self) -> dict[str, str]:
        """The articles to fetch to read it side by side, one per outlet: each
        link with the outlet the feed names."""
        return {
            item.link: outlet
            for item, outlet in zip(self.items, self.outlets, strict=True)
            if item.link
        }


def outlet(feed: FeedEntry) -> str:
    """The name a feed's items are shown under."""
    return feed.site or feed.title or feed.url


def coverage(feeds: Sequence[FeedEntry], items: Sequence[FeedItem]) -> list[Coverage]:
    """Items of the given feeds grouped into events, newest first; an item of a
    feed not given is left out."""
    names = {feed.url: outlet(feed) for feed in feeds}
    kept = [item for item in items if item.feed in names]
    grouped = group_items(
        [
            Item(names[item.feed], item.title, item.summary, parse_stamp(item.published))
            for item in kept
        ]
    )
    return [
        Coverage(
            items=tuple(kept[k] for k in story.items),
            outlets=story.outlets,
            published=kept[story.items[0]].published,
        )
        for story in grouped
    ]


def ask_feeds(
    feeds: Sequence[FeedEntry], stored: Sequence[FeedItem], stop: threading.Event | None = None
) -> list[PollResult]:
    """Every feed asked, a few at once (one asked a moment ago is not: see
    :func:`reader.web.feeds.poll`); ``stored`` are the items the store holds."""
    kept: dict[str, list[FeedItem]] = {}
    for item in stored:
        kept.setdefault(item.feed, []).append(item)
    with client() as session:
        return poll_all(session, feeds, now=datetime.now(UTC), stored=kept, stop=stop)


def save_polls(store: HighlightStore, results: Sequence[PollResult]) -> list[str]:
    """What the feeds said, stored (a failure or a 304 keeps the items stored);
    the failures, one line each."""
    failures: list[str] = []
    for result in results:
        if result.outcome == Outcome.SKIPPED:
            continue
        store.save_feed_fetch(
            result.url,
            etag=result.etag,
            modified=result.modified,
            fetched=result.fetched or "",
            status=result.status,
            items=result.items if result.outcome == Outcome.FETCHED else None,
            title=result.title,
            site=result.site,
        )
        if result.outcome == Outcome.FAILED:
            failures.append(f"{result.url}: {result.reason}")
    return failures
