"""Highlights and the reader's corrections of the aligner in SQLite, in the state
directory: ``highlights.sqlite3``.

Every change is its own committed transaction (WAL journal, synchronous=FULL),
so a reader killed at any moment loses nothing it showed as saved, and two
readers open at once both keep all their changes. The schema has a version
(``PRAGMA user_version``) and migrations. A file that is not a newsreader
database, or is damaged, is moved aside with a message and a new one started.
Removing a highlight or a correction keeps the row (marked deleted), and a
highlight's earlier quotes are kept in ``highlight_history``, so nothing is
destroyed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.highlights.model import Highlight, Revision, SentenceRef, StoredCorrection, now

FILE_NAME = "highlights.sqlite3"
SCHEMA_VERSION = 3
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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
"""MIGRATIONS[n] takes a database from schema version n to n + 1."""


@dataclass
class Opened:
    store: HighlightStore | None
    messages: list[str]


class HighlightStore:
    def __init__(self, path: Path) -> None:
        self.path = path
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

    @classmethod
    def open(cls, directory: Path) -> Opened:
        """Open (or create) the store in ``directory``; problems become messages."""
        path = directory / FILE_NAME
        messages: list[str] = []
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return Opened(None, [f"{directory}: cannot create the state directory ({_why(exc)})"])
        for attempt in range(2):
            try:
                store = cls(path)
                store._check_and_migrate()
                return Opened(store, messages)
            except _Unusable as exc:
                if attempt:
                    break
                moved = _move_aside(path)
                messages.append(f"{path}: {exc}; moved aside to {moved.name}, starting afresh")
            except sqlite3.Error as exc:
                messages.append(f"{path}: highlights cannot be saved ({_why(exc)})")
                return Opened(None, messages)
            except StoreError as exc:
                messages.append(str(exc))
                return Opened(None, messages)
        return Opened(None, messages)

    def close(self) -> None:
        self._db.close()

    def _check_and_migrate(self) -> None:
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if getattr(exc, "sqlite_errorcode", None) in _DAMAGED:
                raise _Unusable(f"not a readable database ({exc})") from None
            raise
        if check != "ok":
            self._db.close()
            raise _Unusable(f"the database is damaged ({check})")
        if version > SCHEMA_VERSION:
            self._db.close()
            raise StoreError(
                f"{self.path}: written by a newer newsreader (schema {version}); left untouched, "
                "highlights are not saved in this session"
            )
        if version == 0 and tables:
            self._db.close()
            raise _Unusable("not a newsreader highlights database")
        for number in range(version, SCHEMA_VERSION):
            with self._transaction() as db:
                MIGRATIONS[number](db)
                db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
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

        The quote, context, offsets, fingerprint and orphan flag take the new
        values; when the words or offsets changed, the anchor they replace goes
        into the history. A highlight another reader has moved or removed since
        it was read is left as that reader stored it. Returns how many changed.
        """
        changed = 0
        with self._transaction() as db:
            for old, new in changes:
                cursor = db.execute(
                    'UPDATE highlights SET fingerprint = ?, start = ?, "end" = ?, exact = ?, '
                    "prefix = ?, suffix = ?, orphan = ?, updated = ? "
                    "WHERE id = ? AND deleted IS NULL "
                    'AND fingerprint = ? AND start = ? AND "end" = ? AND exact = ?',
                    (
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
        added = present = 0
        with self._transaction() as db:
            for h in highlights:
                cursor = db.execute(
                    f"INSERT OR IGNORE INTO highlights ({_NAMES}) VALUES ({_PLACES})", _row(h)
                )
                if cursor.rowcount:
                    added += 1
                    _add_history(db, h.id, h.history)
                else:
                    present += 1
        return added, present

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
        added = present = 0
        with self._transaction() as db:
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

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent view of the store for several reads."""
        try:
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


class _Unusable(Exception):
    """The file is not a usable highlights database: move it aside."""


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            part.rename(Path(str(target) + suffix))
    return target


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)
