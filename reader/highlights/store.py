"""Highlights in SQLite, in the state directory: ``highlights.sqlite3``.

Every change is its own committed transaction (WAL journal, synchronous=FULL),
so a reader killed at any moment loses nothing it showed as saved, and two
readers open at once both keep all their highlights. The schema has a version
(``PRAGMA user_version``) and migrations. A file that is not a newsreader
database, or is damaged, is moved aside with a message and a new one started.
Removing a highlight keeps the row (marked deleted), so nothing is destroyed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from pathlib import Path

from reader.highlights.model import Highlight, now

FILE_NAME = "highlights.sqlite3"
SCHEMA_VERSION = 1
COLUMNS = [f.name for f in fields(Highlight)]


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
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
        rows = [astuple(h) for h in highlights]
        placeholders = ", ".join("?" * len(COLUMNS))
        names = ", ".join(f'"{c}"' for c in COLUMNS)
        with self._transaction() as db:
            db.executemany(f"INSERT INTO highlights ({names}) VALUES ({placeholders})", rows)

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

    def import_highlights(self, highlights: Iterable[Highlight]) -> tuple[int, int]:
        """Add those not already here (by id); returns (added, already present)."""
        added = present = 0
        names = ", ".join(f'"{c}"' for c in COLUMNS)
        placeholders = ", ".join("?" * len(COLUMNS))
        with self._transaction() as db:
            for h in highlights:
                cursor = db.execute(
                    f"INSERT OR IGNORE INTO highlights ({names}) VALUES ({placeholders})",
                    astuple(h),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    present += 1
        return added, present

    # -- reading ---------------------------------------------------------------------------

    def highlights(self, story: str | None = None) -> list[Highlight]:
        """Live highlights, in a stable order: story, article, position, creation."""
        names = ", ".join(f'"{c}"' for c in COLUMNS)
        where = "deleted IS NULL" + (" AND story = ?" if story is not None else "")
        args = (story,) if story is not None else ()
        try:
            rows = self._db.execute(
                f"SELECT {names} FROM highlights WHERE {where} "
                'ORDER BY story, article, start, "end", created, id',
                args,
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot be read ({_why(exc)})") from None
        return [Highlight(*row) for row in rows]


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
