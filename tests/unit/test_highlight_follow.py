"""Highlights follow the text: a moved or reworded highlight takes the quote it now
covers (the old one kept in its history), orphans are flagged in the store, and
every export says which they are."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from reader.articles import Article, build_article
from reader.highlights.export import export, read_export
from reader.highlights.model import make
from reader.highlights.session import Session
from reader.highlights.store import FILE_NAME, MIGRATIONS, SCHEMA_VERSION, HighlightStore

TEXT = (
    "Lobbying fight over the rule\n\n"
    "The bill drew fierce opposition from the industry. To fight it, the company hired a "
    "phalanx of lobbyists and spent millions on advertising. The vote is due on Friday.\n\n"
    "A second paragraph says the committee will meet again next week to hear from critics."
)
PHRASE = "hired a phalanx of lobbyists"
GONE = "the committee will meet again next week"


def article(text: str = TEXT) -> Article:
    return build_article(Path("wire.txt"), text)


def open_store(directory: Path) -> HighlightStore:
    opened = HighlightStore.open(directory)
    assert opened.store is not None, opened.messages
    return opened.store


def history_rows(state: Path) -> int:
    db = sqlite3.connect(state / FILE_NAME)
    return int(db.execute("SELECT count(*) FROM highlight_history").fetchone()[0])


def highlight(session: Session, words: str) -> str:
    start = session.articles[0].text.index(words)
    return session.add_span(0, start, start + len(words)).id


def edited() -> Article:
    """The article after an edit: one phrase reworded, another paragraph rewritten."""
    return article(
        "Editor's note: updated with the vote date.\n\n"
        + TEXT.replace("lobbyists", "Washington lobbyists").replace(
            "says the committee will meet again next week to hear from critics",
            "was removed",
        )
    )


def test_a_reworded_highlight_takes_the_words_it_now_covers(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    first = Session(store, "story", [article()])
    moved, orphan = highlight(first, PHRASE), highlight(first, GONE)
    before = {h.id: h for h in store.highlights("story")}

    again = Session(store, "story", [edited()])
    shown = {p.highlight.id: p for p in again.placed}
    assert shown[moved].highlight.exact == "hired a phalanx of Washington lobbyists"
    assert shown[orphan].placement.orphan and shown[orphan].highlight.orphan

    kept = {h.id: h for h in store.highlights("story")}
    text = again.articles[0].text
    h = kept[moved]
    assert text[h.start : h.end] == h.exact == "hired a phalanx of Washington lobbyists"
    assert (h.prefix, h.suffix) == (text[h.start - 32 : h.start], text[h.end : h.end + 32])
    assert h.fingerprint == again.articles[0].fingerprint and not h.orphan
    (earlier,) = h.history
    old = before[moved]
    assert (earlier.exact, earlier.start, earlier.end, earlier.fingerprint) == (
        old.exact,
        old.start,
        old.end,
        old.fingerprint,
    )
    assert h.updated >= old.updated and h.created == old.created
    # an orphan keeps the anchor it was made with, to be tried on a later text
    assert kept[orphan].orphan and kept[orphan].exact == GONE and kept[orphan].history == ()
    assert replace(kept[orphan], orphan=False) == before[orphan]


def test_placing_again_in_the_same_text_changes_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    highlight(Session(store, "story", [article()]), PHRASE)
    Session(store, "story", [edited()])
    after_first = store.highlights("story")
    Session(store, "story", [edited()]).reload()
    assert store.highlights("story") == after_first
    assert history_rows(tmp_path) == 1


def test_a_highlight_found_again_is_no_longer_an_orphan(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    orphan = highlight(Session(store, "story", [article()]), GONE)
    Session(store, "story", [edited()])
    assert store.highlights("story")[0].orphan
    back = Session(store, "story", [article()])
    assert not back.orphans
    (h,) = store.highlights("story")
    assert h.id == orphan and not h.orphan and h.exact == GONE and h.history == ()


def test_a_highlight_moved_by_another_reader_is_left_as_it_stored_it(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    highlight(Session(store, "story", [article()]), PHRASE)
    stale = store.highlights("story")
    other = open_store(tmp_path)
    Session(other, "story", [edited()])  # another reader moves it first
    moved = other.highlights("story")
    assert store.follow([(stale[0], replace(stale[0], start=0, end=3, exact="The"))]) == 0
    assert store.highlights("story") == moved
    assert history_rows(tmp_path) == 1


def test_a_store_that_cannot_save_the_move_still_shows_it(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    highlight(Session(store, "story", [article()]), PHRASE)
    store._db.execute("PRAGMA query_only = ON")  # reads work, writes fail, as on a locked disk
    session = Session(store, "story", [edited()])
    assert session.placed[0].highlight.exact == "hired a phalanx of Washington lobbyists"
    assert len(session.messages) == 1 and "not saved" in session.messages[0]
    assert store.highlights("story")[0].exact == PHRASE


def test_exports_mark_orphans_in_every_format(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    first = Session(store, "story", [article()])
    highlight(first, PHRASE)
    highlight(first, GONE)
    Session(store, "story", [edited()])
    highlights = store.highlights()

    md = export(highlights, "markdown")
    placed_part, orphan_part = md.split("## Could not be placed")
    assert "> hired a phalanx of Washington lobbyists" in placed_part
    assert GONE not in placed_part and f"> {GONE}" in orphan_part
    assert "first highlighted as “hired a phalanx of lobbyists”" in placed_part

    data = json.loads(export(highlights, "json"))
    by_quote = {h["exact"]: h for h in data["highlights"]}
    assert by_quote[GONE]["orphan"] is True
    moved = by_quote["hired a phalanx of Washington lobbyists"]
    assert moved["orphan"] is False and [r["exact"] for r in moved["history"]] == [PHRASE]

    rows = {r["quote"]: r for r in csv.DictReader(io.StringIO(export(highlights, "csv")))}
    assert rows[GONE]["orphan"] == "true"
    assert rows["hired a phalanx of Washington lobbyists"]["orphan"] == "false"

    w3c = json.loads(export(highlights, "w3c"))["items"]
    items = {i["target"]["selector"][0]["exact"]: i for i in w3c}
    tags = [b["value"] for b in items[GONE]["body"] if b["purpose"] == "tagging"]
    assert tags == ["orphan"]
    assert any(b["purpose"] == "describing" for b in items[GONE]["body"])
    assert items["hired a phalanx of Washington lobbyists"]["body"] == []


def test_history_survives_export_and_import(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a")
    highlight(Session(store, "story", [article()]), PHRASE)
    Session(store, "story", [edited()])
    text = export(store.highlights(), "json")
    other = open_store(tmp_path / "b")
    assert other.import_highlights(read_export(text).highlights) == (1, 0)
    assert other.import_highlights(read_export(text).highlights) == (0, 1)
    assert other.highlights() == store.highlights()
    assert export(other.highlights(), "json") == text


def test_a_version_1_export_still_imports(tmp_path: Path) -> None:
    h = make("story", article(), 0, 10)
    old = json.loads(export([h], "json"))
    old["version"] = 1
    for item in old["highlights"]:
        del item["orphan"], item["history"]
    del old["corrections"]
    (back,) = read_export(json.dumps(old)).highlights
    assert back == h


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    MIGRATIONS[0](db)
    h = make("story", article(), 0, 10)
    columns = [
        "id", "story", "article", "source", "outlet", "title", "fingerprint", "start", "end",
        "exact", "prefix", "suffix", "note", "group", "date", "url", "created", "updated",
    ]  # fmt: skip
    names = ", ".join(f'"{c}"' for c in columns)
    db.execute(
        f"INSERT INTO highlights ({names}) VALUES ({', '.join('?' * len(columns))})",
        [getattr(h, c) for c in columns],
    )
    db.execute("PRAGMA user_version = 1")
    db.close()
    store = open_store(tmp_path)
    assert store.highlights() == [h]
    version = sqlite3.connect(tmp_path / FILE_NAME).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION == 4


FOLLOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.articles import load_story
    from reader.highlights.session import Session
    from reader.highlights.store import HighlightStore
    state, folder, words = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    story = load_story([folder])
    session = Session(HighlightStore.open(state).store, story.name, story.articles)
    if words:
        start = story.articles[0].text.index(words)
        session.add_span(0, start, start + len(words))
    print(*(p.highlight.exact for p in session.placed), sep="\\n")
    """
)


def test_a_move_made_in_one_process_is_read_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "wire.txt").write_text(TEXT, encoding="utf-8")
    state = str(tmp_path / "state")

    def run(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, *argv], capture_output=True, text=True, timeout=120, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run("-c", FOLLOW, state, str(folder), PHRASE).split("\n")[0] == PHRASE
    (folder / "wire.txt").write_text(edited().text, encoding="utf-8")
    moved = "hired a phalanx of Washington lobbyists"
    assert run("-c", FOLLOW, state, str(folder), "").strip() == moved
    exported = json.loads(run("-m", "reader", "export", "--format", "json", "--state-dir", state))
    (h,) = exported["highlights"]
    assert h["exact"] == moved and [r["exact"] for r in h["history"]] == [PHRASE]


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "w3c"])
def test_exports_without_orphans_say_nothing_of_them(tmp_path: Path, fmt: str) -> None:
    h = make("story", article(), 0, 10)
    out = export([h], fmt)
    assert "Could not be placed" not in out and '"orphan": true' not in out


def test_a_highlight_only_moved_keeps_its_words_and_says_nothing_in_markdown(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path)
    highlight(Session(store, "story", [article()]), PHRASE)
    Session(store, "story", [article("A line added on top.\n\n" + TEXT)])
    (h,) = store.highlights("story")
    assert h.exact == PHRASE and len(h.history) == 1 and h.history[0].start < h.start
    assert "first highlighted as" not in export([h], "markdown")
