"""Highlights: anchors that survive edits, the SQLite store, export and import."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SEEDS

from reader.articles import Article, build_article, load_story
from reader.cli import main
from reader.highlights.anchors import find_words, place, quote
from reader.highlights.export import HighlightFileError, export, read_json
from reader.highlights.model import Highlight, make
from reader.highlights.session import Session
from reader.highlights.store import FILE_NAME, SCHEMA_VERSION, HighlightStore

TEXT = (
    "Russian President Vladimir Putin arrived in Bishkek on Thursday. "
    "He met President Sadyr Japarov and praised the links between the two countries. "
    "The visit coincides with the 20th anniversary of the Kant air base."
)
QUOTE = "praised the links between the two countries"


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# -- anchors -----------------------------------------------------------------------------


def test_unchanged_text_places_by_offsets() -> None:
    start, end = at(TEXT, QUOTE)
    assert place(TEXT, start, end, quote(TEXT, start, end)).method == "offsets"


def test_text_inserted_before_the_quote_places_by_exact_quote() -> None:
    start, end = at(TEXT, QUOTE)
    edited = "UPDATED: an editor's line was added on top.\n\n" + TEXT
    placed = place(edited, start, end, quote(TEXT, start, end))
    assert placed.method == "quote"
    assert edited[placed.start : placed.end] == QUOTE


def test_repeated_quote_is_placed_by_its_context() -> None:
    text = "Alpha says yes. The deal is done, said Bravo. Charlie says yes. Later, more."
    start, end = at(text, "Charlie says yes")
    start += len("Charlie ")
    q = quote(text, start, end)  # "says yes", which occurs twice
    edited = "New first line. " + text
    placed = place(edited, start, end, q)
    assert placed.method == "quote"
    assert edited[placed.start - len("Charlie ") : placed.end] == "Charlie says yes"


def test_a_word_changed_inside_the_quote_places_fuzzily() -> None:
    start, end = at(TEXT, QUOTE)
    edited = TEXT.replace("praised the links", "praised the ties")
    placed = place(edited, start, end, quote(TEXT, start, end))
    assert placed.method == "fuzzy" and placed.score >= 75
    assert edited[placed.start : placed.end] == "praised the ties between the two countries"


def test_a_deleted_quote_becomes_an_orphan() -> None:
    start, end = at(TEXT, QUOTE)
    edited = TEXT.replace("He met President Sadyr Japarov and " + QUOTE + ". ", "")
    placed = place(edited, start, end, quote(TEXT, start, end))
    assert placed.orphan


def test_find_words_in_a_sentence() -> None:
    sentence = "Putin noted that Russia is the largest investor in the Kyrgyz economy."
    assert find_words(sentence, "largest investor") == at(sentence, "largest investor")
    assert find_words(sentence, "LARGEST INVESTOR") == at(sentence, "largest investor")
    assert find_words(sentence, "largest invester") == at(sentence, "largest investor")
    assert find_words(sentence, "nothing like it at all here") is None


# -- the store ---------------------------------------------------------------------------


@pytest.fixture
def articles() -> list[Article]:
    return load_story([SEEDS]).articles


def open_store(directory: Path) -> HighlightStore:
    opened = HighlightStore.open(directory)
    assert opened.store is not None, opened.messages
    return opened.store


def test_changes_persist_across_reopening(tmp_path: Path, articles: list[Article]) -> None:
    store = open_store(tmp_path)
    first = articles[0].sentences[1]
    h = make("story", articles[0], first.start, first.end)
    store.add([h])
    store.set_note(h.id, "why this matters")
    store.close()
    again = open_store(tmp_path)
    (kept,) = again.highlights("story")
    assert (kept.id, kept.note, kept.exact) == (h.id, "why this matters", first.text)
    again.remove([h.id])
    assert again.highlights() == []
    rows = sqlite3.connect(tmp_path / FILE_NAME).execute("SELECT count(*) FROM highlights")
    assert rows.fetchone()[0] == 1  # removing marks the row; nothing is destroyed
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_corrupt_database_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"this is not sqlite at all " * 200)
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    assert len(opened.messages) == 1 and "moved aside" in opened.messages[0]
    aside = [p for p in tmp_path.iterdir() if ".unusable-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not sqlite")


def test_damaged_database_is_moved_aside(tmp_path: Path, articles: list[Article]) -> None:
    store = open_store(tmp_path)
    s = articles[0].sentences[1]
    store.add([make("story", articles[0], s.start, s.end)] * 1)
    store.close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    raw = bytearray((tmp_path / FILE_NAME).read_bytes())
    raw[4096 : 4096 + 64] = b"\xff" * 64  # scribble over the first table page
    (tmp_path / FILE_NAME).write_bytes(bytes(raw))
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    assert opened.messages and "moved aside" in opened.messages[0]


def test_foreign_database_is_moved_aside(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute("CREATE TABLE bookmarks (url TEXT)")
    db.commit()
    db.close()
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    assert "not a newsreader highlights database" in opened.messages[0]


def test_newer_schema_is_left_untouched(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    opened = HighlightStore.open(tmp_path)
    assert opened.store is None
    assert "newer newsreader" in opened.messages[0]
    assert (tmp_path / FILE_NAME).exists()


def test_state_directory_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    opened = HighlightStore.open(blocker / "state")
    assert opened.store is None
    assert opened.messages == [
        f"{blocker / 'state'}: cannot create the state directory (not a directory)"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_state_directory(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        opened = HighlightStore.open(tmp_path)
        assert opened.store is None and "cannot be saved" in opened.messages[0]
    finally:
        tmp_path.chmod(0o700)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.articles import load_story
    from reader.highlights.model import make
    from reader.highlights.store import HighlightStore
    state, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    article = load_story([Path(sys.argv[4])]).articles[0]
    store = HighlightStore.open(state).store
    for n in range(count):
        s = article.sentences[n % len(article.sentences)]
        h = make(tag, article, s.start, s.end, note=f"{tag} {n}")
        store.add([h])
        print(h.id, flush=True)
    """
)


def test_two_processes_writing_at_once_keep_everything(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    seed = str(SEEDS / "000_01c226f4afb3a83f.txt")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), "150", tag, seed],
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("one", "two")
    ]
    ids = [set(p.communicate(timeout=120)[0].split()) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    store = open_store(tmp_path)
    assert {h.id for h in store.highlights("one")} == ids[0]
    assert {h.id for h in store.highlights("two")} == ids[1]
    assert len(ids[0]) == len(ids[1]) == 150


def test_killed_in_a_burst_of_writes_loses_nothing_it_reported(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    seed = str(SEEDS / "000_01c226f4afb3a83f.txt")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "100000", "burst", seed],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    reported = [proc.stdout.readline().strip() for _ in range(60)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reported += proc.stdout.read().split()  # lines written before the kill
    saved = {h.id for h in open_store(tmp_path).highlights("burst")}
    assert set(reported) <= saved
    assert len(saved) >= 60


# -- session -----------------------------------------------------------------------------


def test_session_reanchors_after_an_edit_and_keeps_orphans(tmp_path: Path) -> None:
    article = build_article(Path("a.txt"), TEXT)
    store = open_store(tmp_path)
    session = Session(store, "s", [article])
    kept_start, kept_end = at(TEXT, "20th anniversary of the Kant air base")
    gone_start, gone_end = at(TEXT, QUOTE)
    session.add_span(0, kept_start, kept_end)
    session.add_span(0, gone_start, gone_end)
    edited = build_article(
        Path("a.txt"), "A new opening line.\n\n" + TEXT.replace(QUOTE, "said little")
    )
    again = Session(store, "s", [edited])
    methods = sorted(p.placement.method for p in again.placed)
    assert methods == ["orphan", "quote"]
    assert [p.highlight.exact for p in again.orphans] == [QUOTE]
    assert len(store.highlights("s")) == 2  # the orphan is still stored


def test_group_highlight_toggles_every_outlet(tmp_path: Path, articles: list[Article]) -> None:
    session = Session(open_store(tmp_path), "s", articles)
    members = [(0, 4), (1, 20), (3, 15)]
    assert session.toggle_group(members) is True
    groups = {p.highlight.group for p in session.placed}
    assert len(groups) == 1 and None not in groups
    assert session.toggle_group(members) is False
    assert session.placed == []


# -- export and import -------------------------------------------------------------------


def sample(tmp_path: Path, articles: list[Article]) -> HighlightStore:
    store = open_store(tmp_path)
    session = Session(store, "Putin in Kyrgyzstan", articles)
    sanctions = (
        (1, starting(articles[1], "The United States took action against Kyrgyzstan")),
        (3, starting(articles[3], "In July, the United States imposed sanctions")),
    )
    session.toggle_group(list(sanctions))
    s = articles[1].sentences[starting(articles[1], "Putin highlighted the impressive")]
    h = session.add_span(1, s.start, s.start + len("Putin highlighted the impressive"))
    session.set_note(h.id, "Compare the wording.\nSecond line of the note.")
    return store


def starting(article: Article, words: str) -> int:
    """The index of the article's sentence that starts with ``words``."""
    return next(s.index for s in article.sentences if s.text.startswith(words))


def test_json_round_trip_without_duplicates(tmp_path: Path, articles: list[Article]) -> None:
    store = sample(tmp_path / "a", articles)
    text = export(store.highlights(), "json")
    data = json.loads(text)
    assert data["format"] == "newsreader-highlights" and data["version"] == 2
    assert len(data["highlights"]) == 3
    other = open_store(tmp_path / "b")
    assert other.import_highlights(read_json(text)) == (3, 0)
    assert other.import_highlights(read_json(text)) == (0, 3)
    assert export(other.highlights(), "json") == text  # deterministic and lossless


def test_markdown_export(tmp_path: Path, articles: list[Article]) -> None:
    store = sample(tmp_path, articles)
    md = export(store.highlights(), "markdown")
    assert md.startswith("# Putin in Kyrgyzstan\n")
    assert "## News summary site: Putin in Kyrgystan for first trip abroad" in md
    assert "> Putin highlighted the impressive\n" in md
    assert "**Note:** Compare the wording.\nSecond line of the note." in md
    assert "The same fact as other outlets tell it:" in md
    assert "- **Al Jazeera**: “In July, the United States imposed sanctions" in md
    assert export(store.highlights(), "markdown") == md


def test_csv_export(tmp_path: Path, articles: list[Article]) -> None:
    store = sample(tmp_path, articles)
    rows = list(csv.DictReader(io.StringIO(export(store.highlights(), "csv"))))
    assert len(rows) == 3
    assert {r["outlet"] for r in rows} == {"News summary site", "Al Jazeera"}
    noted = next(r for r in rows if r["note"])
    assert noted["quote"] == "Putin highlighted the impressive"
    assert noted["note"] == "Compare the wording.\nSecond line of the note."


def test_w3c_export(tmp_path: Path, articles: list[Article]) -> None:
    store = sample(tmp_path, articles)
    data = json.loads(export(store.highlights(), "w3c"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    item = next(i for i in data["items"] if i["body"])
    assert item["motivation"] == "highlighting"
    assert item["body"][0]["purpose"] == "commenting"
    quote_selector, position = item["target"]["selector"]
    assert quote_selector["type"] == "TextQuoteSelector"
    assert quote_selector["exact"] == "Putin highlighted the impressive"
    source = articles[1].text
    assert source[position["start"] : position["end"]] == quote_selector["exact"]


def test_bad_import_files(tmp_path: Path) -> None:
    for text, reason in (
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a newsreader highlights export"),
        ('{"format": "newsreader-highlights", "version": 99}', "newer newsreader"),
        ('{"format": "newsreader-highlights", "highlights": [{"id": "x"}]}', "highlight 1"),
    ):
        with pytest.raises(HighlightFileError, match=reason):
            read_json(text)


def test_export_and_import_commands(
    tmp_path: Path, articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    sample(tmp_path / "a", articles).close()
    out = tmp_path / "h.json"
    assert (
        main(["export", "--format", "json", "-o", str(out), "--state-dir", str(tmp_path / "a")])
        == 0
    )
    assert main(["import", str(out), "--state-dir", str(tmp_path / "b")]) == 0
    assert main(["import", str(out), "--state-dir", str(tmp_path / "b")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "newsreader: 3 highlights added, 0 already present",
        "newsreader: 0 highlights added, 3 already present",
    ]
    assert main(["export", "--state-dir", str(tmp_path / "b")]) == 0
    assert "> Putin highlighted the impressive" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    assert main(["import", str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"newsreader: {tmp_path / 'bad.json'}: not a newsreader highlights export"
    )
    assert main(["export", "--state-dir", str(tmp_path / "c")]) == 0
    assert capsys.readouterr().err == (
        f"newsreader: no highlights in {tmp_path / 'c' / 'highlights.sqlite3'}\n"
    )


def test_highlight_fields_survive_json(tmp_path: Path, articles: list[Article]) -> None:
    store = sample(tmp_path, articles)
    before = store.highlights()
    after = read_json(export(before, "json"))
    assert after == before
    assert all(isinstance(h, Highlight) for h in after)


def test_typed_words_are_highlighted_as_whole_words() -> None:
    sentence = "A report by Freedom House's researchers was cited."
    start, end = find_words(sentence, "Freedom Hous") or (0, 0)
    assert sentence[start:end] == "Freedom House"
    start, end = find_words(sentence, "eedom") or (0, 0)
    assert sentence[start:end] == "Freedom"
