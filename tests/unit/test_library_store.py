"""The library of stories and the feeds, kept in the highlights store (schema 4):
a schema 3 file is migrated with its highlights and corrections intact, every
method keeps what it says, removing never loses highlights, and read-only opens
of old and new files work. Real SQLite files in a temporary directory."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from reader.articles import Article, load_story
from reader.cli import main
from reader.highlights import library
from reader.highlights import store as store_module
from reader.highlights.anchors import Placement
from reader.highlights.library import FeedItem, StoryEntry, story_key
from reader.highlights.model import make, make_correction
from reader.highlights.store import (
    APPLICATION_ID,
    FILE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    HighlightStore,
    StoreError,
)

STORY = "Putin in Kyrgyzstan"
FEED = "http://127.0.0.1:1/world.rss"
OTHER = "http://127.0.0.1:1/politics.atom"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_story([SEEDS]).articles


def open_store(directory: Path, read_only: bool = False) -> HighlightStore:
    opened = HighlightStore.open(directory, read_only=read_only)
    assert opened.store is not None, opened.messages
    return opened.store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def moved_aside(directory: Path) -> list[Path]:
    """The databases moved aside as unusable (not their logs)."""
    return [
        p
        for p in directory.iterdir()
        if p.name.startswith(f"{FILE_NAME}.unusable-") and not p.name.endswith(("-wal", "-shm"))
    ]


def stored_rows(path: Path) -> list[str]:
    """The highlights, their history and the corrections as SQL text: values and types."""
    db = sqlite3.connect(path)
    try:
        return [
            line
            for line in db.iterdump()
            if line.startswith(
                ('INSERT INTO "highlights"', 'INSERT INTO "highlight_history"', 'INSERT INTO "corr')
            )
        ]
    finally:
        db.close()


def version_3_file(directory: Path, articles: list[Article]) -> None:
    """A schema 3 database as newsreader 3 made it: by the first three migrations,
    with highlights (one moved by an edit, so with history, one removed) and
    corrections written by the store's own methods."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for migration in MIGRATIONS[:3]:
        migration(db)
    db.execute("PRAGMA user_version = 3")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old = HighlightStore(path, db)
    a, b = articles[0], articles[1]
    made = [make(STORY, a, s.start, s.end, note="kept é ✓") for s in a.sentences[1:4]]
    old.add(made)
    elsewhere = Placement(a.sentences[5].start, a.sentences[5].end, "quote")
    old.follow([(made[0], made[0].as_placed(a, elsewhere))])
    old.remove([made[2].id])
    old.save_correction(
        make_correction(STORY, (a, a.sentences[1]), (b, b.sentences[1]), linked=True)
    )
    old.save_correction(
        make_correction(STORY, (a, a.sentences[2]), (b, b.sentences[3]), linked=False)
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def remember(
    store: HighlightStore,
    where: Path | list[Path] | str,
    name: str = STORY,
    *,
    owned: bool = False,
    sentences: int = 120,
) -> StoryEntry:
    return store.remember_story(
        where,
        name=name,
        owned=owned,
        outlets=["Reuters", "AP", "TASS"],
        date="2023-10-12",
        articles=3,
        sentences=sentences,
    )


def is_utc(stamp: str) -> bool:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).utcoffset() == UTC.utcoffset(None)


def item(id: str, published: str | None, title: str = "") -> FeedItem:
    return FeedItem(
        FEED, id, title or f"item {id}", f"summary of {id}", f"http://x/{id}", published
    )


# -- migration and the schema check ------------------------------------------------------


def test_a_version_3_file_is_migrated_keeping_every_row(
    tmp_path: Path, articles: list[Article]
) -> None:
    version_3_file(tmp_path, articles)
    before = stored_rows(tmp_path / FILE_NAME)
    assert len([r for r in before if "highlight_history" in r]) == 1
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and opened.messages == []
    store = opened.store
    assert stored_rows(tmp_path / FILE_NAME) == before
    assert len(store.highlights(STORY)) == 2 and len(store.corrections(STORY)) == 2
    assert store.stories() == [] and store.feeds() == [] and store.last_story() is None
    remember(store, tmp_path / "story")
    assert store.last_story() is not None
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert moved_aside(tmp_path) == []


def test_a_migration_that_fails_leaves_the_version_3_file_as_it_was(
    tmp_path: Path, articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The migration is one transaction: a failure half way through writes nothing."""
    version_3_file(tmp_path, articles)
    before = stored_rows(tmp_path / FILE_NAME)

    def half_way(db: sqlite3.Connection) -> None:
        library.create_library(db)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*MIGRATIONS[:3], half_way])
    opened = HighlightStore.open(tmp_path)
    assert opened.store is None and "disk I/O error" in opened.messages[-1]
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"highlights", "highlight_history", "corrections"}
    db.close()
    monkeypatch.undo()
    assert stored_rows(tmp_path / FILE_NAME) == before
    assert open_store(tmp_path).stories() == []  # and the next open migrates it


def test_a_version_4_file_is_accepted_as_it_is(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    remember(store, tmp_path / "story")
    store.add_feed(FEED, title="World")
    store.close()
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and opened.messages == []
    assert [s.name for s in opened.store.stories()] == [STORY]
    assert moved_aside(tmp_path) == []


@pytest.mark.parametrize(
    "damage",
    [
        "ALTER TABLE stories ADD COLUMN colour TEXT",  # ours in name, not in its tables
        "DROP TABLE feed_items",
    ],
)
def test_a_version_4_file_with_other_tables_is_moved_aside(tmp_path: Path, damage: str) -> None:
    open_store(tmp_path).close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute(damage)
    db.commit()
    db.close()
    before = digest(tmp_path / FILE_NAME)
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    assert "not a newsreader highlights database" in opened.messages[0]
    (aside,) = moved_aside(tmp_path)
    assert digest(aside) == before
    assert opened.store.stories() == []


def test_a_foreign_database_claiming_version_4_is_moved_aside(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute("CREATE TABLE stories (path TEXT PRIMARY KEY, title TEXT)")
    db.execute("INSERT INTO stories VALUES ('/tmp', 'mine')")
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()
    before = digest(tmp_path / FILE_NAME)
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None and "not a newsreader" in opened.messages[0]
    (aside,) = moved_aside(tmp_path)
    assert digest(aside) == before


# -- stories -----------------------------------------------------------------------------


def test_a_remembered_story_is_listed_with_what_it_was_given(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    folder = tmp_path / "stories" / "kyrgyzstan"
    folder.mkdir(parents=True)
    entry = store.remember_story(
        folder,
        name=STORY,
        owned=True,
        outlets=["TASS", "Reuters", "AP"],
        date="2023-10-12",
        articles=3,
        sentences=87,
    )
    assert entry == StoryEntry(
        path=str(folder.resolve()),
        name=STORY,
        owned=True,
        outlets=("TASS", "Reuters", "AP"),  # in article order, not sorted
        date="2023-10-12",
        articles=3,
        sentences=87,
        added=entry.added,
        opened=entry.opened,
        highlights=0,
    )
    assert entry.added == entry.opened and is_utc(entry.opened)
    assert store.stories() == [entry] and store.last_story() == entry
    assert entry.paths == (folder.resolve(),)


def test_the_library_lists_the_most_recently_opened_first(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    folders = [tmp_path / f"s{n}" for n in range(4)]
    for n, folder in enumerate(folders):
        remember(store, folder, name=f"story {n}")
    assert [s.name for s in store.stories()] == ["story 3", "story 2", "story 1", "story 0"]
    assert store.touch_story(folders[1]) is True
    assert [s.name for s in store.stories()][:2] == ["story 1", "story 3"]
    remember(store, folders[0], name="story 0, renamed", sentences=5)
    latest = store.last_story()
    assert latest is not None and (latest.name, latest.sentences) == ("story 0, renamed", 5)
    assert len(store.stories()) == 4
    assert store.touch_story(tmp_path / "never opened") is False


def test_remembering_again_updates_and_keeps_when_it_was_added(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    folder = tmp_path / "story"
    first = store.remember_story(
        folder, name="Old title", owned=True, outlets=["A"], date=None, articles=1, sentences=9
    )
    again = store.remember_story(
        folder, name="New title", owned=False, outlets=["A", "B"], date="2024-01-02",
        articles=2, sentences=20,
    )  # fmt: skip
    assert again.added == first.added and again.opened > first.opened
    assert (again.name, again.outlets, again.date, again.articles, again.sentences) == (
        "New title",
        ("A", "B"),
        "2024-01-02",
        2,
        20,
    )
    assert again.owned  # a plain open does not know who made the folder: newsreader did
    assert len(store.stories()) == 1


def test_forgetting_a_story_keeps_its_row_and_its_highlights(
    tmp_path: Path, articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(tmp_path)
    folder = tmp_path / "story"
    remember(store, folder, owned=True)
    a = articles[0]
    made = [make(STORY, a, s.start, s.end, note=f"note {n}") for n, s in enumerate(a.sentences)]
    store.add(made[:4])
    store.add([make("another story", a, 0, 10)])
    store.remove([made[3].id])
    (entry,) = store.stories()
    assert entry.highlights == 3  # live ones filed under its name

    assert store.forget_story(folder) is True
    assert store.forget_story(folder) is False
    assert store.stories() == [] and store.last_story() is None
    assert store.touch_story(folder) is False
    assert {h.id for h in store.highlights(STORY)} == {h.id for h in made[:3]}
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("SELECT removed IS NOT NULL FROM stories").fetchall() == [(1,)]
    db.close()
    store.close()
    assert main(["export", "--format", "json", "--story", STORY, "--state-dir", str(tmp_path)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert sorted(h["note"] for h in exported["highlights"]) == ["note 0", "note 1", "note 2"]

    again = open_store(tmp_path)
    back = again.remember_story(
        folder, name=STORY, owned=False, outlets=["A"], date=None, articles=1, sentences=1
    )
    assert back.added == entry.added and back.highlights == 3
    assert not back.owned  # a removed story's folder may since be the reader's own


def test_story_keys_are_resolved_paths(tmp_path: Path) -> None:
    folder = tmp_path / "real"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    assert story_key(tmp_path / "link") == story_key(folder) == str(folder.resolve())
    assert story_key([tmp_path / "link" / ".." / "real"]) == str(folder.resolve())
    files = [folder / "b.txt", tmp_path / "link" / "a.txt"]
    key = story_key(files)
    assert key == f"{folder.resolve()}/a.txt\n{folder.resolve()}/b.txt"
    assert story_key(list(reversed(files))) == key
    assert story_key(key) == key
    store = open_store(tmp_path / "state")
    remember(store, files)
    (entry,) = store.stories()
    assert entry.path == key
    assert entry.paths == (folder.resolve() / "a.txt", folder.resolve() / "b.txt")
    assert store.touch_story(entry.path) and store.forget_story(files[::-1])
    with pytest.raises(ValueError, match="at least one path"):
        story_key([])


def test_a_story_key_is_made_even_for_a_link_loop(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert story_key(tmp_path / "loop") == str(tmp_path / "loop")


def test_a_folder_name_that_is_not_utf8_is_kept_and_found_again(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"r\xe9cit caf\xc3\xa9")
    folder.mkdir()
    store = open_store(tmp_path / "state")
    remember(store, folder, name=os.fsdecode(b"r\xe9cit"))
    (entry,) = store.stories()
    assert entry.name == "r\\xe9cit"  # as highlights file it
    assert entry.paths == (folder.resolve(),) and entry.paths[0].is_dir()
    assert store.forget_story(entry.paths[0]) is True


def test_another_reader_sees_the_library_at_once(tmp_path: Path) -> None:
    one, two = open_store(tmp_path), open_store(tmp_path)
    remember(one, tmp_path / "a", name="from one")
    assert [s.name for s in two.stories()] == ["from one"]
    two.add_feed(FEED, title="World")
    two.forget_story(tmp_path / "a")
    assert one.stories() == [] and [f.url for f in one.feeds()] == [FEED]


def test_a_story_remembered_by_another_process_is_the_last_one(tmp_path: Path) -> None:
    first = open_store(tmp_path)
    remember(first, tmp_path / "earlier", name="earlier")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from reader.highlights.store import HighlightStore
        store = HighlightStore.open(Path(sys.argv[1])).store
        store.remember_story(Path(sys.argv[2]), name="later", owned=True, outlets=["X"],
                             date=None, articles=1, sentences=2)
        store.close()
        """
    )
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(tmp_path / "later")],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    latest = first.last_story()
    assert latest is not None and (latest.name, latest.owned) == ("later", True)


# -- feeds -------------------------------------------------------------------------------


def test_feeds_are_added_listed_and_removed(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert store.add_feed(FEED, title="World", site="Example News") is True
    assert store.add_feed(OTHER) is True
    assert store.add_feed(FEED, title="World news", site="Example News") is False
    world, other = store.feeds()
    assert (world.url, world.title, world.site) == (FEED, "World news", "Example News")
    assert (world.etag, world.modified, world.fetched, world.status) == (None,) * 4
    assert is_utc(world.added) and other.url == OTHER and other.title == ""
    assert store.remove_feed(FEED) is True and store.remove_feed(FEED) is False
    assert [f.url for f in store.feeds()] == [OTHER]
    assert store.add_feed(FEED, title="World") is True  # brought back
    assert [f.url for f in store.feeds()] == [FEED, OTHER]  # where it was


def test_a_fetch_replaces_the_items_and_a_304_keeps_them(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.add_feed(FEED, title="World")
    first = [
        item("a", "2024-05-01T08:00:00Z"),
        item("b", None),
        item("c", "2024-05-02T08:00:00Z"),
        item("c", "2024-05-03T08:00:00Z", title="the same id again"),
    ]
    assert store.save_feed_fetch(
        FEED, etag='"v1"', modified="Wed, 01 May 2024 08:00:00 GMT",
        fetched="2024-05-02T09:00:00Z", status="ok", items=first,
    )  # fmt: skip
    items = store.feed_items()
    assert [(i.id, i.title) for i in items] == [("c", "item c"), ("a", "item a"), ("b", "item b")]
    assert items[1] == FeedItem(
        FEED, "a", "item a", "summary of a", "http://x/a", "2024-05-01T08:00:00Z",
        seen="2024-05-02T09:00:00Z",
    )  # fmt: skip

    assert store.save_feed_fetch(
        FEED, etag=None, modified=None, fetched="2024-05-02T10:00:00Z",
        status="304 not modified", items=None,
    )  # fmt: skip
    (feed,) = store.feeds()
    assert (feed.etag, feed.modified) == ('"v1"', "Wed, 01 May 2024 08:00:00 GMT")
    assert (feed.fetched, feed.status) == ("2024-05-02T10:00:00Z", "304 not modified")
    assert store.feed_items() == items

    store.save_feed_fetch(
        FEED, etag=None, modified=None, fetched="2024-05-03T09:00:00Z", status="ok",
        items=[item("d", "2024-05-03T07:00:00Z"), item("a", "2024-05-01T08:00:00Z")],
        title="World, renamed",
    )  # fmt: skip
    d, a = store.feed_items()
    assert (d.id, d.seen) == ("d", "2024-05-03T09:00:00Z")
    assert (a.id, a.seen) == ("a", "2024-05-02T09:00:00Z")  # first seen before
    (feed,) = store.feeds()
    assert (feed.etag, feed.modified, feed.title) == (None, None, "World, renamed")


def test_items_are_those_of_followed_feeds(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.add_feed(FEED)
    store.add_feed(OTHER)
    stamp = "2024-05-02T09:00:00Z"
    store.save_feed_fetch(
        FEED, etag=None, modified=None, fetched=stamp, status="ok",
        items=[item("w", "2024-05-01T00:00:00Z")],
    )  # fmt: skip
    store.save_feed_fetch(
        OTHER, etag=None, modified=None, fetched=stamp, status="ok",
        items=[FeedItem(OTHER, "p", "Politics", "", "http://x/p", "2024-05-02T00:00:00Z")],
    )  # fmt: skip
    assert [i.id for i in store.feed_items()] == ["p", "w"]
    assert [i.id for i in store.feed_items(FEED)] == ["w"]
    store.remove_feed(OTHER)
    assert [i.id for i in store.feed_items()] == ["w"] and store.feed_items(OTHER) == []
    assert not store.save_feed_fetch(
        OTHER, etag='"x"', modified=None, fetched=stamp, status="ok", items=[]
    )  # removed meanwhile: nothing saved
    store.add_feed(OTHER)
    assert [i.id for i in store.feed_items(OTHER)] == ["p"]  # back with its items
    assert not store.save_feed_fetch(
        "http://127.0.0.1:1/never", etag=None, modified=None, fetched=stamp, status="ok",
        items=[item("z", None)],
    )  # fmt: skip
    assert "z" not in {i.id for i in store.feed_items()}


def test_a_failed_fetch_keeps_the_items_and_says_why(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.add_feed(FEED)
    store.save_feed_fetch(
        FEED, etag='"v1"', modified=None, fetched="2024-05-02T09:00:00Z", status="ok",
        items=[item("a", None)],
    )  # fmt: skip
    store.save_feed_fetch(
        FEED, etag=None, modified=None, fetched="2024-05-02T10:00:00Z",
        status="404 Not Found", items=None,
    )  # fmt: skip
    (feed,) = store.feeds()
    assert (feed.status, feed.etag) == ("404 Not Found", '"v1"')
    assert [i.id for i in store.feed_items()] == ["a"]


# -- read-only ---------------------------------------------------------------------------


def test_a_read_only_open_reads_the_library_and_refuses_changes(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    remember(store, tmp_path / "story")
    store.add_feed(FEED)
    store.close()
    files = {p.name: digest(p) for p in tmp_path.iterdir() if not p.name.endswith("-shm")}
    opened = HighlightStore.open(tmp_path, read_only=True)
    assert opened.store is not None and opened.read_only and opened.messages == []
    reader = opened.store
    latest = reader.last_story()
    assert latest is not None and latest.name == STORY
    assert [f.url for f in reader.feeds()] == [FEED]
    for change in (
        lambda: reader.touch_story(tmp_path / "story"),
        lambda: reader.forget_story(tmp_path / "story"),
        lambda: reader.add_feed(OTHER),
        lambda: reader.remove_feed(FEED),
        lambda: remember(reader, tmp_path / "other"),
    ):
        with pytest.raises(StoreError, match="read-only: changes can't be saved"):
            change()
    reader.close()
    assert {n: digest(tmp_path / n) for n in files} == files


def test_a_read_only_open_of_a_version_3_file_reads_its_highlights(
    tmp_path: Path, articles: list[Article]
) -> None:
    """``export``, ``align`` and ``newsreader`` with no PATH open the store read-only:
    a file an older newsreader wrote still shows its highlights, with an empty library."""
    version_3_file(tmp_path, articles)
    files = {p.name: digest(p) for p in tmp_path.iterdir() if not p.name.endswith("-shm")}
    opened = HighlightStore.open(tmp_path, read_only=True)
    assert opened.store is not None and opened.read_only
    (message,) = opened.messages
    assert "written by an older newsreader (schema 3)" in message
    reader = opened.store
    assert reader.last_story() is None
    assert reader.stories() == [] and reader.feeds() == [] and reader.feed_items() == []
    assert len(reader.highlights(STORY)) == 2 and len(reader.corrections(STORY)) == 2
    with pytest.raises(StoreError, match="read-only"):
        remember(reader, tmp_path / "story")
    reader.close()
    assert {n: digest(tmp_path / n) for n in files} == files
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3


def test_a_read_only_open_of_a_version_2_file_still_shows_nothing(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        migration(db)
    db.execute("PRAGMA user_version = 2")
    db.close()
    opened = HighlightStore.open(tmp_path, read_only=True)
    assert opened.store is None
    assert "written by an older newsreader" in opened.messages[0]


def test_a_read_only_open_where_there_is_no_database_has_no_last_story(tmp_path: Path) -> None:
    opened = HighlightStore.open(tmp_path / "none", read_only=True)
    assert opened.store is not None and opened.store.last_story() is None
    assert opened.store.feed_items() == [] and not (tmp_path / "none").exists()
