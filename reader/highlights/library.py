"""The library: every story fetched or opened, and the feeds with their items,
kept in the highlights store so they have its durability.

This module holds the tables (schema version 4), the rows as plain data and the
queries, each run on a connection the store has already put in a transaction;
:class:`~reader.highlights.store.HighlightStore` offers them as methods. Removing
a story or a feed marks its row (``removed``) and keeps it: a story's highlights
are never touched, so they stay exportable, and remembering it again brings the
row back.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.highlights.model import storable

SCHEMA = 4
"""The schema version that brought the library: an older file, open read-only, has none."""
KEY_SEPARATOR = "\n"
"""Joins the files of a story opened from several files into one key."""


def create_library(db: sqlite3.Connection) -> None:
    """Schema 4: the library of stories, and the feeds with the items of their last
    good fetch."""
    db.execute(
        """CREATE TABLE stories (
            path TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            owned INTEGER NOT NULL DEFAULT 0,
            outlets TEXT NOT NULL DEFAULT '[]',
            date TEXT,
            articles INTEGER NOT NULL DEFAULT 0,
            sentences INTEGER NOT NULL DEFAULT 0,
            added TEXT NOT NULL,
            opened TEXT NOT NULL,
            removed TEXT
        )"""
    )
    db.execute("CREATE INDEX stories_opened ON stories (opened) WHERE removed IS NULL")
    db.execute(
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            etag TEXT,
            modified TEXT,
            fetched TEXT,
            status TEXT,
            added TEXT NOT NULL,
            removed TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE feed_items (
            feed TEXT NOT NULL REFERENCES feeds (url),
            id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            published TEXT,
            seen TEXT NOT NULL,
            PRIMARY KEY (feed, id)
        )"""
    )


# -- rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """A remembered story, as the library screen lists it.

    ``path`` is the story's key (see :func:`story_key`); ``owned`` says
    newsreader made its folder, so removing the story may delete the folder;
    ``outlets`` are in article order; ``highlights`` counts the live highlights
    filed under the story's name.
    """

    path: str
    name: str
    owned: bool
    outlets: tuple[str, ...]
    date: str | None
    articles: int
    sentences: int
    added: str
    opened: str
    highlights: int

    @property
    def paths(self) -> tuple[Path, ...]:
        """What to open: the folder, or the files of a story opened from several."""
        return tuple(_unstorable(part) for part in self.path.split(KEY_SEPARATOR))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A followed feed, with what the next polite fetch needs: the validators its
    last good answer carried (``etag``, ``modified``), when it was last fetched,
    and that fetch's outcome in one line (``status``)."""

    url: str
    title: str
    site: str
    etag: str | None
    modified: str | None
    fetched: str | None
    status: str | None
    added: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed's last good fetch. ``published`` is ISO 8601 UTC when the
    feed gave a date; ``seen`` is when this store first had the item (set by the
    store, ignored when saving), so an item can be marked new."""

    feed: str
    id: str
    title: str
    summary: str
    link: str
    published: str | None
    seen: str | None = None


def story_key(where: str | Path | Sequence[Path]) -> str:
    """The library's key of a story: a folder's (or single file's) resolved
    absolute path; for a story opened from several files, their resolved paths,
    sorted, joined by a newline. A ``str`` is taken as a key already made (a
    :attr:`StoryEntry.path`). A name whose bytes are not UTF-8 is kept with
    ``\\xNN`` escapes, as highlights keep file names, and
    :attr:`StoryEntry.paths` turns it back."""
    if isinstance(where, str):
        return storable(where)
    paths = [where] if isinstance(where, Path) else list(where)
    if not paths:
        raise ValueError("a story has at least one path")
    return KEY_SEPARATOR.join(sorted({storable(str(_resolved(p))) for p in paths}))


def _resolved(path: Path) -> Path:
    """The path with its links followed; as it is (made absolute) when they loop,
    since no story can be read there and the key must still be made."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return path.absolute()


def _unstorable(text: str) -> Path:
    """The path :func:`~reader.highlights.model.storable` made ``text`` from: each
    ``\\xNN`` escape of a byte that is not UTF-8 (0x80 and up) back to that byte."""
    return Path(re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m[1], 16)), text))


# -- stories ---------------------------------------------------------------------------

_STORY_COLUMNS = "path, name, owned, outlets, date, articles, sentences, added, opened"
_HIGHLIGHT_COUNT = (
    "(SELECT count(*) FROM highlights h WHERE h.story = stories.name AND h.deleted IS NULL)"
)


def remember(
    db: sqlite3.Connection,
    key: str,
    *,
    name: str,
    owned: bool,
    outlets: Sequence[str],
    date: str | None,
    articles: int,
    sentences: int,
    stamp: str,
) -> None:
    """Insert or update the story, opened at ``stamp`` and live again if it was
    removed. A live story stays owned once newsreader made it (a later plain
    open does not know who made the folder); a removed one takes ``owned``
    afresh, since its folder may have been deleted and made again by the reader."""
    db.execute(
        f"INSERT INTO stories ({_STORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (path) DO UPDATE SET name = excluded.name, "
        "owned = CASE WHEN removed IS NULL THEN max(owned, excluded.owned) "
        "ELSE excluded.owned END, "
        "outlets = excluded.outlets, date = excluded.date, articles = excluded.articles, "
        "sentences = excluded.sentences, opened = excluded.opened, removed = NULL",
        (
            key,
            storable(name),
            int(owned),
            json.dumps([storable(o) for o in outlets], ensure_ascii=False),
            None if date is None else storable(date),
            articles,
            sentences,
            stamp,
            stamp,
        ),
    )


def touch(db: sqlite3.Connection, key: str, stamp: str) -> bool:
    cursor = db.execute(
        "UPDATE stories SET opened = ? WHERE path = ? AND removed IS NULL", (stamp, key)
    )
    return cursor.rowcount > 0


def forget(db: sqlite3.Connection, key: str, stamp: str) -> bool:
    cursor = db.execute(
        "UPDATE stories SET removed = ? WHERE path = ? AND removed IS NULL", (stamp, key)
    )
    return cursor.rowcount > 0


def stories(db: sqlite3.Connection, limit: int | None = None) -> list[StoryEntry]:
    """Live stories, most recently opened first."""
    rows = db.execute(
        f"SELECT {_STORY_COLUMNS}, {_HIGHLIGHT_COUNT} FROM stories WHERE removed IS NULL "
        "ORDER BY opened DESC, path LIMIT ?",
        (-1 if limit is None else limit,),
    ).fetchall()
    return [_story(row) for row in rows]


def story(db: sqlite3.Connection, key: str) -> StoryEntry | None:
    """The live story of that key, if any."""
    row = db.execute(
        f"SELECT {_STORY_COLUMNS}, {_HIGHLIGHT_COUNT} FROM stories "
        "WHERE path = ? AND removed IS NULL",
        (key,),
    ).fetchone()
    return None if row is None else _story(row)


def _story(row: Sequence[Any]) -> StoryEntry:
    path, name, owned, outlets, date, articles, sentences, added, opened, count = row
    return StoryEntry(
        path,
        name,
        bool(owned),
        tuple(json.loads(outlets)),
        date,
        articles,
        sentences,
        added,
        opened,
        count,
    )


# -- feeds -----------------------------------------------------------------------------

_FEED_COLUMNS = "url, title, site, etag, modified, fetched, status, added"
_ITEM_COLUMNS = "feed, id, title, summary, link, published, seen"


def add_feed(db: sqlite3.Connection, url: str, title: str, site: str, stamp: str) -> bool:
    """Follow a feed, or bring a removed one back (with its validators and items);
    True unless it was followed already (then only its title and site change)."""
    live = db.execute("SELECT 1 FROM feeds WHERE url = ? AND removed IS NULL", (url,)).fetchone()
    db.execute(
        "INSERT INTO feeds (url, title, site, added) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET title = excluded.title, site = excluded.site, "
        "removed = NULL",
        (url, storable(title), storable(site), stamp),
    )
    return live is None


def remove_feed(db: sqlite3.Connection, url: str, stamp: str) -> bool:
    cursor = db.execute(
        "UPDATE feeds SET removed = ? WHERE url = ? AND removed IS NULL", (stamp, url)
    )
    return cursor.rowcount > 0


def feeds(db: sqlite3.Connection) -> list[FeedEntry]:
    """Live feeds, in the order they were added."""
    rows = db.execute(
        f"SELECT {_FEED_COLUMNS} FROM feeds WHERE removed IS NULL ORDER BY added, url"
    ).fetchall()
    return [FeedEntry(*row) for row in rows]


def save_fetch(
    db: sqlite3.Connection,
    url: str,
    *,
    etag: str | None,
    modified: str | None,
    fetched: str,
    status: str,
    items: Sequence[FeedItem] | None,
    title: str | None,
    site: str | None,
) -> bool:
    """Record a fetch of a live feed; see :meth:`HighlightStore.save_feed_fetch`."""
    kept = "coalesce(?, {})" if items is None else "?"  # a good fetch's validators replace
    cursor = db.execute(
        f"UPDATE feeds SET etag = {kept.format('etag')}, modified = {kept.format('modified')}, "
        "fetched = ?, status = ?, title = coalesce(?, title), site = coalesce(?, site) "
        "WHERE url = ? AND removed IS NULL",
        (
            etag,
            modified,
            fetched,
            storable(status),
            None if title is None else storable(title),
            None if site is None else storable(site),
            url,
        ),
    )
    if not cursor.rowcount:
        return False
    if items is None:
        return True
    seen = dict(db.execute("SELECT id, seen FROM feed_items WHERE feed = ?", (url,)).fetchall())
    db.execute("DELETE FROM feed_items WHERE feed = ?", (url,))
    db.executemany(
        f"INSERT INTO feed_items ({_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (feed, id) DO NOTHING",  # an id a feed repeats: its first item
        [
            (
                url,
                storable(item.id),
                storable(item.title),
                storable(item.summary),
                storable(item.link),
                None if item.published is None else storable(item.published),
                seen.get(storable(item.id), fetched),
            )
            for item in items
        ],
    )
    return True


def feed_items(db: sqlite3.Connection, url: str | None) -> list[FeedItem]:
    """Items of live feeds (or of the one at ``url``), newest first; undated last."""
    where = "feeds.removed IS NULL" + (" AND feeds.url = ?" if url is not None else "")
    columns = ", ".join(f"feed_items.{c.strip()}" for c in _ITEM_COLUMNS.split(","))
    rows = db.execute(
        f"SELECT {columns} FROM feed_items JOIN feeds ON feeds.url = feed_items.feed "
        f"WHERE {where} "
        "ORDER BY feed_items.published IS NULL, feed_items.published DESC, "
        "feed_items.feed, feed_items.rowid",
        () if url is None else (url,),
    ).fetchall()
    return [FeedItem(*row) for row in rows]
