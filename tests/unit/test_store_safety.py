"""The highlights store under races, damaged files, foreign files, read-only
directories and kills: nothing a reader saved is lost or hidden.

Real SQLite files and real processes; processes "started together" each load
everything, say they are ready and wait on their stdin until all are.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from reader.articles import Article, load_story
from reader.highlights.export import export
from reader.highlights.model import Highlight, make
from reader.highlights.store import APPLICATION_ID, FILE_NAME, HighlightStore, StoreError
from reader.highlights.wal import damage

SEED = SEEDS / "000_01c226f4afb3a83f.txt"
TRIALS = 20

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.articles import load_story
    from reader.highlights.model import make
    from reader.highlights.store import HighlightStore
    state, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    article = load_story([Path(sys.argv[4])]).articles[0]
    print("ready", flush=True)
    sys.stdin.readline()
    opened = HighlightStore.open(state)
    for message in opened.messages:
        print(message, file=sys.stderr, flush=True)
    store = opened.store
    for n in range(count):
        s = article.sentences[n % len(article.sentences)]
        h = make(tag, article, s.start, s.end, note=f"{tag} {n}")
        store.add([h])
        print(h.id, flush=True)
    store.close()
    """
)

IMPORTER = textwrap.dedent(
    """
    import sys
    import reader.highlights.export, reader.highlights.store
    from reader.cli import main
    print("ready", flush=True)
    sys.stdin.readline()
    sys.exit(main(["import", sys.argv[1], "--state-dir", sys.argv[2]]))
    """
)


@pytest.fixture(scope="module")
def article() -> Article:
    return load_story([SEED]).articles[0]


def highlights(article: Article, tag: str, count: int) -> list[Highlight]:
    sentences = article.sentences
    return [
        make(tag, article, sentences[n % len(sentences)].start, sentences[n % len(sentences)].end)
        for n in range(count)
    ]


def open_store(directory: Path, read_only: bool = False) -> HighlightStore:
    opened = HighlightStore.open(directory, read_only=read_only)
    assert opened.store is not None, opened.messages
    return opened.store


def start_together(commands: Sequence[Sequence[str]]) -> list[subprocess.Popen[str]]:
    """Start the processes, wait until each is ready, then release them at once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    return procs


def finish(procs: Sequence[subprocess.Popen[str]]) -> list[tuple[list[str], str]]:
    """Each process's reported highlight ids and its stderr; all must succeed."""
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append((out.split(), err))
    return results


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def aside(directory: Path, kind: str = "unusable") -> list[Path]:
    """The moved-aside databases (not their logs)."""
    return sorted(
        p
        for p in directory.iterdir()
        if f".{kind}-" in p.name and not p.name.endswith(("-wal", "-shm"))
    )


# -- starting together -------------------------------------------------------------------


def test_imports_started_together_on_a_fresh_directory_keep_everything(
    tmp_path: Path, article: Article
) -> None:
    files = []
    for n in range(4):
        file = tmp_path / f"import{n}.json"
        file.write_text(export(highlights(article, f"story{n}", 50), "json"), encoding="utf-8")
        files.append(file)
    for trial in range(TRIALS):
        state = tmp_path / f"state{trial}"
        finish(start_together([[IMPORTER, str(f), str(state)] for f in files]))
        store = open_store(state)
        assert len(store.highlights()) == 200, f"trial {trial}"
        store.close()


def test_readers_started_together_on_a_damaged_database(tmp_path: Path) -> None:
    for trial in range(TRIALS):
        state = tmp_path / f"state{trial}"
        state.mkdir()
        damaged = state / FILE_NAME
        damaged.write_bytes(f"trial {trial}: not a database ".encode() * 300)
        before = digest(damaged)
        procs = start_together([[WRITER, str(state), "10", f"r{n}", str(SEED)] for n in range(4)])
        reported = [ids for ids, _ in finish(procs)]
        (kept,) = aside(state)  # moved aside exactly once, byte for byte
        assert digest(kept) == before
        store = open_store(state)
        for n, ids in enumerate(reported):
            assert len(ids) == 10
            assert {h.id for h in store.highlights(f"r{n}")} == set(ids), f"trial {trial}"
        store.close()


@pytest.mark.parametrize(("processes", "each"), [(2, 500), (4, 250)])
def test_writers_at_once_keep_everything(tmp_path: Path, processes: int, each: int) -> None:
    procs = start_together(
        [[WRITER, str(tmp_path), str(each), f"w{n}", str(SEED)] for n in range(processes)]
    )
    reported = [ids for ids, _ in finish(procs)]
    store = open_store(tmp_path)
    for n, ids in enumerate(reported):
        assert len(ids) == each
        assert {h.id for h in store.highlights(f"w{n}")} == set(ids)


def test_a_write_after_another_reader_replaced_the_database_goes_to_the_new_one(
    tmp_path: Path, article: Article
) -> None:
    first = open_store(tmp_path)
    (h,) = highlights(article, "s", 1)
    for suffix in ("", "-wal", "-shm"):  # as a move aside does
        (tmp_path / f"{FILE_NAME}{suffix}").rename(tmp_path / f"elsewhere.sqlite3{suffix}")
    first.add([h])
    again = open_store(tmp_path)
    assert [k.id for k in again.highlights()] == [h.id]
    old = sqlite3.connect(tmp_path / "elsewhere.sqlite3")
    assert old.execute("SELECT count(*) FROM highlights").fetchone()[0] == 0


def test_moved_aside_names_never_collide(tmp_path: Path) -> None:
    for n in range(5):  # within one second
        (tmp_path / FILE_NAME).write_bytes(f"garbage {n} ".encode() * 100)
        for f in tmp_path.glob(f"{FILE_NAME}-*"):
            f.unlink()
        opened = HighlightStore.open(tmp_path)
        assert opened.store is not None
        opened.store.close()
    assert sorted(p.read_bytes()[:9] for p in aside(tmp_path)) == [
        f"garbage {n}".encode() for n in range(5)
    ]


# -- whose database ----------------------------------------------------------------------


def foreign(path: Path, application_id: int = 0) -> str:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE highlights (id INTEGER PRIMARY KEY, colour TEXT, page INTEGER)")
    db.executemany("INSERT INTO highlights (colour, page) VALUES (?, ?)", [("red", 3)] * 50)
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {application_id}")
    db.commit()
    db.close()
    return digest(path)


def test_a_foreign_database_with_a_highlights_table_is_moved_aside_untouched(
    tmp_path: Path, article: Article
) -> None:
    before = foreign(tmp_path / FILE_NAME)
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    assert "not a newsreader highlights database" in opened.messages[0]
    (kept,) = aside(tmp_path)
    assert digest(kept) == before
    assert not Path(f"{kept}-wal").exists()
    opened.store.add(highlights(article, "s", 3))
    assert len(opened.store.highlights()) == 3
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_another_applications_database_is_moved_aside(tmp_path: Path) -> None:
    before = foreign(tmp_path / FILE_NAME, application_id=0x12345678)
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and "not a newsreader" in opened.messages[0]
    assert [digest(p) for p in aside(tmp_path)] == [before]


def test_an_older_newsreader_database_is_adopted_and_marked(
    tmp_path: Path, article: Article
) -> None:
    from reader.highlights.store import MIGRATIONS

    db = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    MIGRATIONS[0](db)  # schema 1, as the first newsreader made it: no application_id
    db.execute("PRAGMA user_version = 1")
    (h,) = highlights(article, "s", 1)
    names = 'id, story, article, source, outlet, title, fingerprint, start, "end", exact, '
    db.execute(
        f"INSERT INTO highlights ({names}prefix, suffix, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            h.id,
            h.story,
            h.article,
            h.source,
            h.outlet,
            h.title,
            h.fingerprint,
            h.start,
            h.end,
            h.exact,
            h.prefix,
            h.suffix,
            h.created,
            h.updated,
        ),
    )
    db.close()
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and opened.messages == []
    assert [k.id for k in opened.store.highlights()] == [h.id]
    assert aside(tmp_path) == []
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


# -- a damaged log -----------------------------------------------------------------------


def unfolded_log(tmp_path: Path, article: Article) -> tuple[Path, list[str]]:
    """A copy of a store with 100 highlights still in its log, as after a crash."""
    live = tmp_path / "live"
    store = open_store(live)
    store._db.execute("PRAGMA wal_autocheckpoint = 0")
    ids = []
    for h in highlights(article, "s", 100):
        store.add([h])
        ids.append(h.id)
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(live / f"{FILE_NAME}{suffix}", copy / f"{FILE_NAME}{suffix}")
    store.close()
    return copy, ids


def test_a_sound_log_is_replayed_in_full(tmp_path: Path, article: Article) -> None:
    copy, ids = unfolded_log(tmp_path, article)
    assert damage(copy / f"{FILE_NAME}-wal") is None
    opened = HighlightStore.open(copy)
    assert opened.store is not None and opened.messages == []
    assert sorted(h.id for h in opened.store.highlights()) == sorted(ids)


def test_a_damaged_log_is_kept_and_reported(tmp_path: Path, article: Article) -> None:
    copy, _ = unfolded_log(tmp_path, article)
    wal = copy / f"{FILE_NAME}-wal"
    raw = bytearray(wal.read_bytes())
    assert len(raw) > 100_000
    raw[len(raw) // 2] ^= 0x01  # one flipped bit, half way through the log
    wal.write_bytes(bytes(raw))
    opened = HighlightStore.open(copy)
    assert opened.store is not None
    assert len(opened.messages) == 1 and "damaged" in opened.messages[0]
    (kept,) = aside(copy, "damaged-log")
    assert Path(f"{kept}-wal").read_bytes() == bytes(raw)
    assert kept.name in opened.messages[0]
    opened.store.checkpoint()
    again = HighlightStore.open(copy)
    assert again.messages == []  # the copy was made once


def test_a_write_cut_short_at_the_end_of_the_log_is_not_damage(
    tmp_path: Path, article: Article
) -> None:
    """A writer killed mid-frame leaves a last frame that fails its checksum: that
    transaction never committed, nothing reported saved is in it, nothing is copied."""
    copy, ids = unfolded_log(tmp_path, article)
    wal = copy / f"{FILE_NAME}-wal"
    raw = bytearray(wal.read_bytes())
    raw[-10] ^= 0x01  # inside the last frame's page
    wal.write_bytes(bytes(raw))
    assert damage(wal) is None
    opened = HighlightStore.open(copy)
    assert opened.store is not None and opened.messages == []
    assert aside(copy, "damaged-log") == []
    assert len(opened.store.highlights()) == len(ids) - 1  # the cut-short one never committed


def test_checkpoint_empties_the_log(tmp_path: Path, article: Article) -> None:
    store = open_store(tmp_path)
    store.add(highlights(article, "s", 20))
    wal = tmp_path / f"{FILE_NAME}-wal"
    assert wal.stat().st_size > 0
    store.checkpoint()
    assert wal.stat().st_size == 0
    assert len(store.highlights()) == 20


# -- read-only ---------------------------------------------------------------------------


def test_read_only_opening_reads_and_refuses_changes(tmp_path: Path, article: Article) -> None:
    store = open_store(tmp_path)
    store.add(highlights(article, "s", 5))
    store.close()
    files = {p.name: digest(p) for p in tmp_path.iterdir()}
    opened = HighlightStore.open(tmp_path, read_only=True)
    assert opened.store is not None and opened.read_only and opened.messages == []
    assert len(opened.store.highlights("s")) == 5
    with pytest.raises(StoreError, match="read-only: changes can't be saved"):
        opened.store.add(highlights(article, "t", 1))
    opened.store.close()
    after = {
        p.name: digest(p)
        for p in tmp_path.iterdir()
        if not p.name.endswith("-shm") and p.name not in files and p.stat().st_size
    }
    assert after == {}  # nothing written but SQLite's empty log and shared memory
    after = {p.name: digest(p) for p in tmp_path.iterdir() if p.name in files}
    assert after == files


def test_read_only_opening_of_a_damaged_database_says_so(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"damaged " * 1000)
    before = digest(tmp_path / FILE_NAME)
    opened = HighlightStore.open(tmp_path, read_only=True)
    assert opened.store is None
    assert len(opened.messages) == 1 and "left untouched" in opened.messages[0]
    assert digest(tmp_path / FILE_NAME) == before and aside(tmp_path) == []


def test_read_only_opening_where_there_is_no_database(tmp_path: Path) -> None:
    opened = HighlightStore.open(tmp_path / "none", read_only=True)
    assert opened.store is not None and opened.read_only
    assert opened.store.highlights() == []
    assert not (tmp_path / "none").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory_shows_its_highlights(tmp_path: Path, article: Article) -> None:
    store = open_store(tmp_path)
    store.add(highlights(article, "s", 5))
    store.close()
    tmp_path.chmod(0o500)
    try:
        opened = HighlightStore.open(tmp_path)
        assert opened.store is not None and opened.read_only
        assert "changes can't be saved" in opened.messages[0]
        assert len(opened.store.highlights()) == 5
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_damaged_database_in_a_read_only_directory(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"damaged " * 1000)
    tmp_path.chmod(0o500)
    try:
        opened = HighlightStore.open(tmp_path)
        assert opened.store is None and "left untouched" in opened.messages[-1]
    finally:
        tmp_path.chmod(0o700)


# -- kills -------------------------------------------------------------------------------


def test_a_hundred_kills_in_bursts_of_writes_lose_nothing_reported(tmp_path: Path) -> None:
    """25 rounds of 4 writers started together, each killed after a random
    number of reported saves: 100 kills in all."""
    rng = random.Random(12)
    reported: set[str] = set()
    kills = 0
    for round_ in range(25):
        procs = start_together(
            [[WRITER, str(tmp_path), "100000", f"k{round_}-{n}", str(SEED)] for n in range(4)]
        )
        for p in procs:
            assert p.stdout is not None
            for _ in range(rng.randint(1, 20)):
                reported.add(p.stdout.readline().strip())
        for p in procs:
            p.send_signal(signal.SIGKILL)
        for p in procs:
            p.wait(timeout=30)
            assert p.stdout is not None
            reported.update(p.stdout.read().split())  # written before the kill
            kills += 1
    assert kills == 100
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and opened.messages == []
    saved = {h.id for h in opened.store.highlights()}
    assert reported <= saved
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert aside(tmp_path) == [] and aside(tmp_path, "damaged-log") == []
