"""Highlights, the reader's corrections of the aligner and the library of stories
and feeds (:mod:`reader.highlights.library`) in SQLite, in the state directory:
``highlights.sqlite3``.

Every change is its own committed transaction (WAL journal, synchronous=FULL),
so a reader killed at any moment loses nothing it showed as saved, and two
readers open at once both keep all their changes. The schema has a version
(``PRAGMA user_version``) and migrations. A file that is not a newsreader
database, or is damaged, is moved aside with a message and a new one started.
Removing a highlight or a correction keeps the row (marked deleted), and a
highlight's earlier quotes are kept in ``highlight_history``, so nothing is
destroyed; so with a story or a feed removed from the library.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.highlights import library
from reader.highlights.library import FeedEntry, FeedItem, StoryEntry, story_key
from reader.highlights.model import Highlight, Revision, SentenceRef, StoredCorrection, now
from reader.highlights.wal import damage

if TYPE_CHECKING:
    from reader.articles import Article

FILE_NAME = "highlights.sqlite3"
SCHEMA_VERSION = 4
READABLE_FROM = 3
"""The oldest schema a read-only open reads as it is: its highlights and corrections
are as now, and what later versions added (the library) reads as empty."""
APPLICATION_ID = int.from_bytes(b"NwsR", "big")
"""``PRAGMA application_id`` of newsreader's databases (0x4E777352)."""
COLUMNS = [f.name for f in fields(Highlight) if f.name != "history"]
"""The columns of ``highlights`` that hold a Highlight's fields (its history has a table)."""
REVISION_COLUMNS = [f.name for f in fields(Revision)]
SIDE_COLUMNS = [f.name for f in fields(SentenceRef)]
CORRECTION_COLUMNS = [
    "id",
    "story",
    *(f"a_{c}" for c in SIDE_COLUMNS),
    *(f"b_{c}" for c in SIDE_COLUMNS),
    "linked",
    "created",
]


class StoreError(Exception):
    """Highlights cannot be read or saved; the message says why, in one line."""


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            story TEXT NOT NULL,
            article TEXT NOT NULL,
            source TEXT NOT NULL,
            outlet TEXT NOT NULL,
            title TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            "group" TEXT,
            date TEXT,
            url TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted TEXT
        )"""
    )
    db.execute("CREATE INDEX highlights_story ON highlights (story, article, start)")


def _v2(db: sqlite3.Connection) -> None:
    """Highlights follow edits: an orphan flag, and the quotes they had before."""
    db.execute("ALTER TABLE highlights ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """CREATE TABLE highlight_history (
            highlight TEXT NOT NULL REFERENCES highlights (id),
            fingerprint TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            replaced TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX highlight_history_of ON highlight_history (highlight, replaced)")


def _v3(db: sqlite3.Connection) -> None:
    """The reader's corrections of the aligner, one live row per pair of sentences."""
    sides = ",\n".join(
        f"{side}_{name} {'INTEGER' if name in ('start', 'end') else 'TEXT'} NOT NULL"
        for side in "ab"
        for name in SIDE_COLUMNS
    )
    db.execute(
        f"""CREATE TABLE corrections (
            id TEXT PRIMARY KEY,
            story TEXT NOT NULL,
            {sides},
            linked INTEGER NOT NULL,
            created TEXT NOT NULL,
            deleted TEXT
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX corrections_pair ON corrections "
        "(story, a_article, a_start, a_exact, b_article, b_start, b_exact) WHERE deleted IS NULL"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,
    _v2,
    _v3,
    library.create_library,
]
"""MIGRATIONS[n] takes a database from schema version n to n + 1."""


@dataclass
class Opened:
    store: HighlightStore | None
    messages: list[str]
    read_only: bool = False
    """The store can be read but not changed: "changes can't be saved"."""


class HighlightStore:
    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection | None = None,
        read_only: bool = False,
        schema: int = SCHEMA_VERSION,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.schema = schema
        """The file's schema version: older only when opened read-only."""
        self._lock: int | None = None  # the open lock file, held shared around each write
        self._identity = _identity(path)
        if connection is not None:
            self._db = connection
            return
        self._db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if getattr(exc, "sqlite_errorcode", None) in _DAMAGED:
                raise _Unusable(f"not a readable database ({exc})") from None
            raise
        self._identity = _identity(path)

    @classmethod
    def open(cls, directory: Path, read_only: bool = False) -> Opened:
        """Open (or create) the store in ``directory``; problems become messages.

        Creating, checking, migrating and moving aside happen under an exclusive
        lock on ``highlights.sqlite3.lock``, so readers and commands starting
        together see one database, made once. ``read_only`` (for commands that
        only read, such as export) opens an existing database without changing
        anything; a directory that cannot be written is opened so as well.
        """
        path = directory / FILE_NAME
        if read_only:
            if directory.exists() and not directory.is_dir():
                return Opened(None, [f"{directory}: not a directory; no highlights read"])
            try:
                return cls._open_read_only(path, None)
            except OSError as exc:
                return Opened(None, [f"{path}: highlights cannot be read ({_why(exc)})"])
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return Opened(None, [f"{directory}: cannot create the state directory ({_why(exc)})"])
        try:
            lock = _lock_file(path)
        except OSError as exc:
            if exc.errno in _READ_ONLY_ERRORS:
                return cls._open_read_only(path, _why(exc))
            return Opened(None, [f"{path}: highlights cannot be saved ({_why(exc)})"])
        messages: list[str] = []
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            store = cls._open_locked(path, messages)
        except OSError as exc:
            os.close(lock)
            if exc.errno in _READ_ONLY_ERRORS:
                return cls._open_read_only(path, _why(exc))
            messages.append(f"{path}: highlights cannot be saved ({_why(exc)})")
            return Opened(None, messages)
        except sqlite3.Error as exc:
            os.close(lock)
            if getattr(exc, "sqlite_errorcode", None) in _READ_ONLY_CODES:
                return cls._open_read_only(path, _why(exc))
            messages.append(f"{path}: highlights cannot be saved ({_why(exc)})")
            return Opened(None, messages)
        except StoreError as exc:
            os.close(lock)
            messages.append(str(exc))
            return Opened(None, messages)
        fcntl.flock(lock, fcntl.LOCK_UN)
        store._lock = lock
        return Opened(store, messages)

    @classmethod
    def _open_locked(cls, path: Path, messages: list[str]) -> HighlightStore:
        """Check, move aside, create or migrate; the caller holds the lock."""
        kept = _keep_damaged_log(path)
        if kept:
            messages.append(kept)
        found = _inspect(path)
        if found.unusable:
            moved = _move_aside(path)
            messages.append(
                f"{path}: {found.unusable}; moved aside to {moved.name}, starting afresh"
            )
            found = _Found(version=0, ours=False)
        if found.version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: written by a newer newsreader (schema {found.version}); left "
                "untouched, highlights are not saved in this session"
            )
        store = cls(path)
        try:
            store._migrate(found.version, stamp=not found.ours)
        except BaseException:
            store._db.close()
            raise
        with suppress(sqlite3.Error):  # housekeeping: the next opener checks a short log
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return store

    @classmethod
    def _open_read_only(cls, path: Path, why: str | None) -> Opened:
        """Open without writing anything: ``why`` is the reason the directory
        cannot be written (None: the caller asked for read-only)."""
        if not path.exists():
            if why is not None:
                return Opened(None, [f"{path}: highlights cannot be saved ({why})"])
            return Opened(_empty(path), [], read_only=True)
        notice = [] if why is None else [f"{path}: read-only ({why}); changes can't be saved"]
        try:
            db = _connect_read_only(path)
        except sqlite3.Error as exc:
            return Opened(None, [f"{path}: highlights cannot be read ({_why(exc)})"])
        try:
            found = _examine(db)
        except sqlite3.Error as exc:
            db.close()
            return Opened(None, [f"{path}: highlights cannot be read ({_why(exc)})"])
        problem = None
        if found.unusable:
            problem = f"{found.unusable}; it cannot be moved aside here, left untouched"
        elif found.version > SCHEMA_VERSION:
            problem = f"written by a newer newsreader (schema {found.version}); left untouched"
        elif found.version < READABLE_FROM:
            problem = "written by an older newsreader; open it once where it can be written"
        if problem:
            db.close()
            return Opened(None, [*notice, f"{path}: {problem}; highlights are not shown"])
        if found.version < SCHEMA_VERSION:
            notice.append(
                f"{path}: written by an older newsreader (schema {found.version}); its "
                "highlights are read as they are, the library of stories and feeds is empty "
                "until it is opened once where it can be written"
            )
        store = cls(path, db, read_only=True, schema=found.version)
        return Opened(store, notice, read_only=True)

    def close(self) -> None:
        """Close the database; SQLite folds the log into it if no one else has it open."""
        with self._shared():
            self._db.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def checkpoint(self) -> None:
        """Fold the log into the database and empty it, so that it stays small:
        worth calling at quiet moments (on quit, after a burst of changes)."""
        if self.read_only:
            return
        try:
            with self._shared():
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot fold the log in ({_why(exc)})") from None

    def _migrate(self, version: int, stamp: bool) -> None:
        """Bring the schema from ``version`` to the current one, and mark the
        database as newsreader's; one transaction."""
        if version == SCHEMA_VERSION and not stamp:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self._db)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _shared(self) -> Iterator[None]:
        """Hold the lock file shared: no one moves the database aside meanwhile."""
        if self._lock is None:
            yield
            return
        fcntl.flock(self._lock, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)

    def _follow_move(self) -> None:
        """If another newsreader moved this database aside (it found it damaged),
        use the new one it made: nothing is written into the moved-aside file."""
        if self._lock is None or _identity(self.path) == self._identity:
            return
        opened = HighlightStore.open(self.path.parent)
        if opened.store is None or opened.read_only:
            why = "; ".join(opened.messages) or "it cannot be opened"
            raise StoreError(f"{self.path}: replaced by another newsreader, and {why}")
        self._db.close()
        os.close(self._lock)
        new = opened.store
        self._db, self._lock, self._identity = new._db, new._lock, new._identity
        new._lock = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(f"{self.path}: read-only: changes can't be saved")
        try:
            self._follow_move()
            with self._shared():
                if _identity(self.path) != self._identity:
                    raise StoreError(
                        f"{self.path}: replaced by another newsreader meanwhile; not saved, "
                        "try again"
                    )
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not saved ({_why(exc)})") from None

    # -- changes, each committed before it returns ----------------------------------------

    def add(self, highlights: Iterable[Highlight]) -> None:
        rows = [_row(h) for h in highlights]
        with self._transaction() as db:
            db.executemany(f"INSERT INTO highlights ({_NAMES}) VALUES ({_PLACES})", rows)

    def remove(self, ids: Iterable[str]) -> None:
        stamp = now()
        with self._transaction() as db:
            db.executemany(
                "UPDATE highlights SET deleted = ?, updated = ? WHERE id = ?",
                [(stamp, stamp, i) for i in ids],
            )

    def set_note(self, highlight_id: str, note: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE highlights SET note = ?, updated = ? WHERE id = ?",
                (note, now(), highlight_id),
            )

    def follow(self, changes: Iterable[tuple[Highlight, Highlight]]) -> int:
        """Store where highlights now stand: each ``(as stored, as placed now)``.

        The story, article file, outlet, quote, context, offsets, fingerprint and
        orphan flag take the new values (a highlight found again after a rename is
        filed under the story and file it is on now); when the words or offsets
        changed, the anchor they replace goes into the history. A highlight
        another reader has moved or removed since it was read is left as that
        reader stored it. Returns how many changed.
        """
        changed = 0
        with self._transaction() as db:
            for old, new in changes:
                cursor = db.execute(
                    "UPDATE highlights SET story = ?, article = ?, source = ?, outlet = ?, "
                    'fingerprint = ?, start = ?, "end" = ?, exact = ?, '
                    "prefix = ?, suffix = ?, orphan = ?, updated = ? "
                    "WHERE id = ? AND deleted IS NULL "
                    'AND fingerprint = ? AND start = ? AND "end" = ? AND exact = ?',
                    (
                        new.story,
                        new.article,
                        new.source,
                        new.outlet,
                        new.fingerprint,
                        new.start,
                        new.end,
                        new.exact,
                        new.prefix,
                        new.suffix,
                        new.orphan,
                        new.updated,
                        old.id,
                        old.fingerprint,
                        old.start,
                        old.end,
                        old.exact,
                    ),
                )
                if not cursor.rowcount:
                    continue
                changed += 1
                _add_history(db, new.id, new.history[len(old.history) :])
        return changed

    def import_highlights(self, highlights: Iterable[Highlight]) -> tuple[int, int]:
        """Add those not already here (by id), with their history; returns (added,
        already present)."""
        return self.import_all(highlights, ())[0]

    def import_all(
        self, highlights: Iterable[Highlight], corrections: Iterable[StoredCorrection]
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """Add the highlights and corrections of an export not already here, in one
        transaction: all of them land, or none. Returns (added, already present) for
        each."""
        with self._transaction() as db:
            return _import_highlights(db, highlights), _import_corrections(db, corrections)

    def save_correction(self, correction: StoredCorrection, replacing: Iterable[str] = ()) -> None:
        """Keep a correction; the live ones of the same pair, and those named in
        ``replacing`` (the same pair found again after an edit), are marked replaced."""
        with self._transaction() as db:
            for old in replacing:
                db.execute(
                    "UPDATE corrections SET deleted = ? WHERE id = ? AND deleted IS NULL",
                    (correction.created, old),
                )
            _replace_pair(db, correction, correction.created)
            db.execute(
                f"INSERT INTO corrections ({_CORRECTION_NAMES}) VALUES ({_CORRECTION_PLACES})",
                _correction_row(correction),
            )

    def forget_corrections(self, ids: Iterable[str]) -> None:
        """Mark corrections removed (the rows are kept)."""
        stamp = now()
        with self._transaction() as db:
            db.executemany(
                "UPDATE corrections SET deleted = ? WHERE id = ? AND deleted IS NULL",
                [(stamp, i) for i in ids],
            )

    def import_corrections(self, corrections: Iterable[StoredCorrection]) -> tuple[int, int]:
        """Add those not already here (by id); of two for one pair the newer stays
        live. Returns (added, already present)."""
        return self.import_all((), corrections)[1]

    # -- reading ---------------------------------------------------------------------------

    def highlights(self, story: str | None = None) -> list[Highlight]:
        """Live highlights, each with its history, in a stable order: story,
        article, position, creation."""
        where = "deleted IS NULL" + (" AND story = ?" if story is not None else "")
        args = (story,) if story is not None else ()
        history: dict[str, list[Revision]] = {}
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_NAMES} FROM highlights WHERE {where} "
                'ORDER BY story, article, start, "end", created, id',
                args,
            ).fetchall()
            revisions = ", ".join(f'"{c}"' for c in REVISION_COLUMNS)
            for highlight, *revision in db.execute(
                f"SELECT highlight, {revisions} FROM highlight_history "
                f"WHERE highlight IN (SELECT id FROM highlights WHERE {where}) "
                "ORDER BY highlight, replaced, rowid",
                args,
            ):
                history.setdefault(highlight, []).append(Revision(*revision))
        return [_highlight(row, history.get(row[0], ())) for row in rows]

    def corrections(self, story: str | None = None) -> list[StoredCorrection]:
        """Live corrections, in a stable order: story, creation, id."""
        where = "deleted IS NULL" + (" AND story = ?" if story is not None else "")
        args = (story,) if story is not None else ()
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_CORRECTION_NAMES} FROM corrections WHERE {where} "
                "ORDER BY story, created, id",
                args,
            ).fetchall()
        return [_correction(row) for row in rows]

    # -- the library of stories and feeds -------------------------------------------------

    def remember_story(
        self,
        path: str | Path | Sequence[Path],
        *,
        name: str,
        owned: bool,
        outlets: Sequence[str],
        date: str | None,
        articles: int,
        sentences: int,
    ) -> StoryEntry:
        """Keep a story fetched or opened, as opened now, so the library lists it
        first and ``newsreader`` with no PATH comes back to it. ``path`` is its
        folder, its files, or a key (see :func:`~reader.highlights.library.story_key`);
        ``owned``: newsreader made the folder. A removed story is brought back."""
        key = story_key(path)
        with self._transaction() as db:
            library.remember(
                db,
                key,
                name=name,
                owned=owned,
                outlets=outlets,
                date=date,
                articles=articles,
                sentences=sentences,
                stamp=now("microseconds"),  # two stories opened within a second keep their order
            )
            entry = library.story(db, key)
        assert entry is not None  # just written, in this transaction
        return entry

    def remember_articles(
        self,
        path: str | Path | Sequence[Path],
        *,
        name: str,
        owned: bool,
        articles: Sequence[Article],
    ) -> StoryEntry:
        """:meth:`remember_story` with what the library lists taken from the
        story's articles: their outlets, the newest date, the body sentences."""
        return self.remember_story(
            path,
            name=name,
            owned=owned,
            outlets=[article.outlet for article in articles],
            date=max((a.date for a in articles if a.date), default=None),
            articles=len(articles),
            sentences=sum(len(article.body) for article in articles),
        )

    def touch_story(self, path: str | Path | Sequence[Path]) -> bool:
        """Mark a remembered story opened now; False when it is not in the library."""
        with self._transaction() as db:
            return library.touch(db, story_key(path), now("microseconds"))

    def forget_story(self, path: str | Path | Sequence[Path]) -> bool:
        """Take a story out of the library (the row is kept, marked removed). Its
        highlights are not touched: they stay exportable, and come back with the
        story. False when it was not in the library."""
        with self._transaction() as db:
            return library.forget(db, story_key(path), now("microseconds"))

    def stories(self) -> list[StoryEntry]:
        """The library: live stories, most recently opened first."""
        if self.schema < library.SCHEMA:
            return []  # an older file, read-only: it has no library yet
        with self._reading() as db:
            return library.stories(db)

    def last_story(self) -> StoryEntry | None:
        """The story opened last, for ``newsreader`` with no PATH; None when none is."""
        if self.schema < library.SCHEMA:
            return None
        with self._reading() as db:
            found = library.stories(db, limit=1)
        return found[0] if found else None

    def add_feed(self, url: str, *, title: str = "", site: str = "") -> bool:
        """Follow a feed (a removed one comes back with its items); False when it
        is followed already, and then only its title and site are updated."""
        with self._transaction() as db:
            return library.add_feed(db, url, title, site, now("microseconds"))

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed (the row and its items are kept); False when it
        was not followed."""
        with self._transaction() as db:
            return library.remove_feed(db, url, now("microseconds"))

    def feeds(self) -> list[FeedEntry]:
        """The followed feeds, in the order they were added."""
        if self.schema < library.SCHEMA:
            return []
        with self._reading() as db:
            return library.feeds(db)

    def save_feed_fetch(
        self,
        url: str,
        *,
        etag: str | None,
        modified: str | None,
        fetched: str,
        status: str,
        items: Sequence[FeedItem] | None,
        title: str | None = None,
        site: str | None = None,
    ) -> bool:
        """Record a fetch of a followed feed: the validators for the next
        conditional request, when (``fetched``, ISO 8601 UTC) and how it went
        (``status``, one line). ``items`` replace the feed's items (an item seen
        before keeps when it was first seen), and the validators are set as given;
        None (not modified, or a failure) keeps the items of the last good fetch,
        and the validators too unless new ones are given. ``title``/``site``, when given,
        update the feed's. False, and nothing saved, when the feed is not followed
        (removed meanwhile)."""
        with self._transaction() as db:
            return library.save_fetch(
                db,
                url,
                etag=etag,
                modified=modified,
                fetched=fetched,
                status=status,
                items=items,
                title=title,
                site=site,
            )

    def feed_items(self, url: str | None = None) -> list[FeedItem]:
        """The items of the followed feeds (or of the one at ``url``), newest first,
        undated ones last."""
        if self.schema < library.SCHEMA:
            return []
        with self._reading() as db:
            return library.feed_items(db, url)

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent view of the store for several reads."""
        try:
            self._follow_move()
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")  # nothing was written
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot be read ({_why(exc)})") from None


_NAMES = ", ".join(f'"{c}"' for c in COLUMNS)
_PLACES = ", ".join("?" * len(COLUMNS))
_CORRECTION_NAMES = ", ".join(f'"{c}"' for c in CORRECTION_COLUMNS)
_CORRECTION_PLACES = ", ".join("?" * len(CORRECTION_COLUMNS))


def _import_highlights(db: sqlite3.Connection, highlights: Iterable[Highlight]) -> tuple[int, int]:
    added = present = 0
    for h in highlights:
        # only a highlight already here (same id) is skipped: any other constraint fails
        cursor = db.execute(
            f"INSERT INTO highlights ({_NAMES}) VALUES ({_PLACES}) ON CONFLICT(id) DO NOTHING",
            _row(h),
        )
        if cursor.rowcount:
            added += 1
            _add_history(db, h.id, h.history)
        else:
            present += 1
    return added, present


def _import_corrections(
    db: sqlite3.Connection, corrections: Iterable[StoredCorrection]
) -> tuple[int, int]:
    added = present = 0
    for c in corrections:
        if db.execute("SELECT 1 FROM corrections WHERE id = ?", (c.id,)).fetchone():
            present += 1
            continue
        newer = db.execute(
            "SELECT max(created) FROM corrections WHERE deleted IS NULL AND story = ? "
            "AND a_article = ? AND a_start = ? AND a_exact = ? "
            "AND b_article = ? AND b_start = ? AND b_exact = ? AND created > ?",
            (c.story, *c.a.identity, *c.b.identity, c.created),
        ).fetchone()[0]
        if newer is None:
            _replace_pair(db, c, c.created)
        row = _correction_row(c)
        db.execute(
            f"INSERT INTO corrections ({_CORRECTION_NAMES}, deleted) "
            f"VALUES ({_CORRECTION_PLACES}, ?)",
            (*row, newer),
        )
        added += 1
    return added, present


def _row(h: Highlight) -> tuple[Any, ...]:
    return tuple(getattr(h, c) for c in COLUMNS)


def _highlight(row: Sequence[Any], history: Iterable[Revision]) -> Highlight:
    values = dict(zip(COLUMNS, row, strict=True))
    values["orphan"] = bool(values["orphan"])
    return Highlight(**values, history=tuple(history))


def _add_history(db: sqlite3.Connection, highlight: str, revisions: Iterable[Revision]) -> None:
    names = ", ".join(f'"{c}"' for c in REVISION_COLUMNS)
    places = ", ".join("?" * len(REVISION_COLUMNS))
    db.executemany(
        f"INSERT INTO highlight_history (highlight, {names}) VALUES (?, {places})",
        [(highlight, *(getattr(r, c) for c in REVISION_COLUMNS)) for r in revisions],
    )


def _correction_row(c: StoredCorrection) -> tuple[Any, ...]:
    sides = (getattr(side, name) for side in (c.a, c.b) for name in SIDE_COLUMNS)
    return (c.id, c.story, *sides, c.linked, c.created)


def _correction(row: Sequence[Any]) -> StoredCorrection:
    width = len(SIDE_COLUMNS)
    a = SentenceRef(*row[2 : 2 + width])
    b = SentenceRef(*row[2 + width : 2 + 2 * width])
    return StoredCorrection(row[0], row[1], a, b, bool(row[-2]), row[-1])


def _replace_pair(db: sqlite3.Connection, c: StoredCorrection, stamp: str) -> None:
    """Mark the live correction of ``c``'s pair, if any, replaced at ``stamp``."""
    db.execute(
        "UPDATE corrections SET deleted = ? WHERE deleted IS NULL AND story = ? "
        "AND a_article = ? AND a_start = ? AND a_exact = ? "
        "AND b_article = ? AND b_start = ? AND b_exact = ?",
        (stamp, c.story, *c.a.identity, *c.b.identity),
    )


_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READ_ONLY_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS}
_READ_ONLY_CODES = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}


class _Unusable(Exception):
    """The file is not a usable highlights database: move it aside."""


def _move_aside(path: Path) -> Path:
    """Rename the database and its log aside, under a name no one else has taken."""
    target = _free_name(path, "unusable")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.rename(Path(f"{target}{suffix}"))
    return target


def _free_name(path: Path, kind: str) -> Path:
    """``highlights.sqlite3.KIND-<time to the microsecond>-<pid>``, counted on if taken."""
    stamp = f"{datetime.now().strftime('%Y%m%dT%H%M%S.%f')}-{os.getpid()}"
    for n in itertools.count():
        target = path.with_name(f"{path.name}.{kind}-{stamp}" + (f"-{n}" if n else ""))
        if not any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
            return target
    raise AssertionError("unreachable")


def _keep_damaged_log(path: Path) -> str | None:
    """Copy a damaged log, and its database, aside before SQLite drops its
    damaged part; says where, or None when the log is sound."""
    wal = Path(f"{path}-wal")
    why = damage(wal)
    if why is None:
        return None
    target = _free_name(path, "damaged-log")
    if path.exists():
        shutil.copyfile(path, target)
    shutil.copyfile(wal, f"{target}-wal")
    return (
        f"{wal}: the log of recent changes is damaged ({why}); it is copied, with the "
        f"database, to {target.name}-wal and {target.name}; highlights saved after the "
        "damage may be missing"
    )


@dataclass(frozen=True)
class _Found:
    """What an existing file holds."""

    version: int
    ours: bool  # carries newsreader's application_id
    unusable: str | None = None  # why it must be moved aside


def _inspect(path: Path) -> _Found:
    """Look at the file without changing a byte of it."""
    if not path.exists():
        return _Found(0, ours=False)
    db = _connect_read_only(path)
    try:
        return _examine(db)
    finally:
        db.close()


def _examine(db: sqlite3.Connection) -> _Found:
    try:
        app = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        schema = _schema(db)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in _DAMAGED:
            return _Found(0, False, f"not a readable database ({exc})")
        raise
    if check != "ok":
        return _Found(version, False, f"the database is damaged ({check})")
    ours = app == APPLICATION_ID
    if app in (0, APPLICATION_ID):
        if not schema and version == 0:
            return _Found(0, ours)  # empty: nothing in it to keep
        if ours and version > SCHEMA_VERSION:
            return _Found(version, ours)
        if 1 <= version <= SCHEMA_VERSION and schema == _expected_schema(version):
            return _Found(version, ours)
    return _Found(0, False, "not a newsreader highlights database")


def _schema(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's columns: name, type, not null, default, primary key."""
    names = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT GLOB 'sqlite_*'"
    ).fetchall()
    return {
        name: [tuple(c[1:]) for c in db.execute("SELECT * FROM pragma_table_info(?)", (name,))]
        for (name,) in names
    }


@functools.cache
def _expected_schema(version: int) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(":memory:", isolation_level=None)
    for migration in MIGRATIONS[:version]:
        migration(db)
    try:
        return _schema(db)
    finally:
        db.close()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (nor its log)."""
    uri = path.absolute().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=10, isolation_level=None)
    try:
        db.execute("PRAGMA schema_version").fetchone()
        return db
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in _DAMAGED:
            return db  # examined, it is found damaged
        db.close()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            raise  # reading without the log would hide what is in it
    # A log-journal database where even the shared-memory file cannot be made,
    # and no log to read: the file alone is all there is.
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=10, isolation_level=None)


def _empty(path: Path) -> HighlightStore:
    """An empty, read-only store, for reading where no database exists yet."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    for migration in MIGRATIONS:
        migration(db)
    return HighlightStore(path, db, read_only=True)


def _lock_file(path: Path) -> int:
    return os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` now (device, inode); None when there is none."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)
