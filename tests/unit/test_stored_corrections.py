"""The reader's corrections of the aligner: stored with the highlights, found again
after restarts, a different order of articles and small edits, exported and imported."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from reader.articles import Article, build_article
from reader.highlights.export import export, read_export
from reader.highlights.session import Session
from reader.highlights.store import FILE_NAME, HighlightStore, StoreError
from reader.matching.model import Correction, Member

STORY = "Putin in Kyrgyzstan"


def open_store(directory: Path) -> HighlightStore:
    opened = HighlightStore.open(directory)
    assert opened.store is not None, opened.messages
    return opened.store


def starting(article: Article, words: str) -> int:
    return next(s.index for s in article.sentences if s.text.startswith(words))


def members(articles: list[Article]) -> tuple[Member, Member, Member]:
    """A sentence of the first article and one of the second and fourth that tell the same."""
    return (
        Member(0, starting(articles[0], "Russian President Vladimir Putin arrived in")),
        Member(1, starting(articles[1], "Russian President Vladimir Putin embarked")),
        Member(3, starting(articles[3], "Russian President Vladimir Putin has arrived")),
    )


def test_link_unlink_and_forget_are_kept(tmp_path: Path, seed_articles: list[Article]) -> None:
    a, b, c = members(seed_articles)
    session = Session(open_store(tmp_path), STORY, seed_articles)
    assert session.corrections() == []
    session.link(b, a)  # either order: stored one way
    session.unlink(a, c)
    assert sorted(session.corrections(), key=lambda x: x.b) == [
        Correction(a, b, True),
        Correction(a, c, False),
    ]
    again = Session(open_store(tmp_path), STORY, seed_articles)
    assert set(again.corrections()) == {Correction(a, b, True), Correction(a, c, False)}
    assert again.forget(c, a) is True
    assert again.forget(c, a) is False
    assert Session(open_store(tmp_path), STORY, seed_articles).corrections() == [
        Correction(a, b, True)
    ]
    assert Session(open_store(tmp_path), "another story", seed_articles).corrections() == []


def test_a_newer_correction_of_a_pair_replaces_the_older(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    store = open_store(tmp_path)
    session = Session(store, STORY, seed_articles)
    session.link(a, b)
    session.unlink(b, a)
    assert session.corrections() == [Correction(a, b, False)]
    assert len(store.corrections(STORY)) == 1
    rows = sqlite3.connect(tmp_path / FILE_NAME).execute(
        "SELECT linked, deleted IS NULL FROM corrections ORDER BY rowid"
    )
    assert rows.fetchall() == [(1, 0), (0, 1)]  # the older one kept, marked replaced


def test_corrections_follow_the_articles_in_any_order(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    Session(open_store(tmp_path), STORY, seed_articles).link(a, b)
    reordered = list(reversed(seed_articles))
    last = len(seed_articles) - 1
    found = Session(open_store(tmp_path), STORY, reordered).corrections()
    assert found == [Correction(Member(last - 1, b.sentence), Member(last, a.sentence), True)]


def test_corrections_survive_a_small_edit_of_the_article(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    Session(open_store(tmp_path), STORY, seed_articles).link(a, b)
    first = seed_articles[0]
    old = first.sentences[a.sentence].text
    text = "Editor's note: this story was updated.\n\n" + first.text.replace(
        old, old.replace("arrived in", "landed in")
    )
    changed = [build_article(first.source, text), *seed_articles[1:]]
    now = Session(open_store(tmp_path), STORY, changed)
    (found,) = now.corrections()
    assert found.linked and found.b == b
    assert changed[0].sentences[found.a.sentence].text == old.replace("arrived in", "landed in")
    assert now.unresolved == []


def test_corrections_that_cannot_be_found_are_counted_and_kept(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, c = members(seed_articles)
    store = open_store(tmp_path)
    session = Session(store, STORY, seed_articles)
    session.link(a, b)
    session.unlink(a, c)
    first = seed_articles[0]
    gone = first.text.replace(first.sentences[a.sentence].text, "")
    without = [build_article(first.source, gone), *seed_articles[1:]]
    now = Session(store, STORY, without)
    assert now.corrections() == []
    assert len(now.unresolved) == 2
    only_two = Session(store, STORY, seed_articles[:2])  # the fourth article not open
    assert only_two.corrections() == [Correction(a, b, True)]
    assert len(only_two.unresolved) == 1
    assert len(store.corrections(STORY)) == 2  # nothing deleted


def test_a_correction_needs_two_articles(tmp_path: Path, seed_articles: list[Article]) -> None:
    session = Session(open_store(tmp_path), STORY, seed_articles)
    with pytest.raises(ValueError, match="two different articles"):
        session.link(Member(0, 1), Member(0, 2))


def test_corrections_that_cannot_be_saved_raise_store_error(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    unsaved = Session(None, STORY, seed_articles)
    assert unsaved.corrections() == []
    for change in (unsaved.link, unsaved.unlink, unsaved.forget):
        with pytest.raises(StoreError, match="not being saved"):
            change(a, b)
    store = open_store(tmp_path)
    session = Session(store, STORY, seed_articles)
    session.link(a, b)
    store._db.execute("PRAGMA query_only = ON")  # as a disk that refuses writes
    for change in (session.unlink, session.link, session.forget):
        with pytest.raises(StoreError, match="not saved"):
            change(a, b)
    assert session.corrections() == [Correction(a, b, True)]


def test_corrections_are_exported_and_imported_once(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, c = members(seed_articles)
    store = open_store(tmp_path / "a")
    session = Session(store, STORY, seed_articles)
    session.link(a, b)
    session.unlink(a, c)
    text = export(store.highlights(), "json", store.corrections())
    data = json.loads(text)
    assert len(data["corrections"]) == 2
    side = data["corrections"][0]["a"]
    assert side["article"] == seed_articles[0].source.name
    assert side["exact"] == seed_articles[0].sentences[a.sentence].text
    other = open_store(tmp_path / "b")
    assert other.import_corrections(read_export(text).corrections) == (2, 0)
    assert other.import_corrections(read_export(text).corrections) == (0, 2)
    assert export([], "json", other.corrections()) == text
    assert set(Session(other, STORY, seed_articles).corrections()) == {
        Correction(a, b, True),
        Correction(a, c, False),
    }


def test_an_older_import_does_not_undo_a_newer_correction(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    store = open_store(tmp_path / "a")
    Session(store, STORY, seed_articles).link(a, b)
    older = export([], "json", store.corrections())
    Session(store, STORY, seed_articles).unlink(a, b)
    newer = export([], "json", store.corrections())
    other = open_store(tmp_path / "b")
    other.import_corrections(read_export(newer).corrections)
    assert other.import_corrections(read_export(older).corrections) == (1, 0)
    assert Session(other, STORY, seed_articles).corrections() == [Correction(a, b, False)]
    assert len(other.corrections()) == 1


def test_markdown_lists_corrections(tmp_path: Path, seed_articles: list[Article]) -> None:
    a, b, _ = members(seed_articles)
    store = open_store(tmp_path)
    Session(store, STORY, seed_articles).link(a, b)
    md = export(store.highlights(), "markdown", store.corrections())
    assert md.startswith(f"# {STORY}\n")
    section = md.split("## Corrections of the alignment\n", 1)[1]
    (line,) = [x for x in section.splitlines() if x]
    assert line.startswith("- the same: **Kyiv Independent** “Russian President Vladimir Putin")
    assert "**News summary site** “Russian President Vladimir Putin embarked" in line


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ({"corrections": {}}, '"corrections" is not a list'),
        ({"corrections": [1]}, "correction 1 is not an object"),
        ({"corrections": [{"id": "x"}]}, "correction 1"),
    ],
)
def test_bad_corrections_in_an_import(broken: dict[str, object], reason: str) -> None:
    from reader.highlights.export import HighlightFileError

    data = {"format": "newsreader-highlights", "version": 2, "highlights": [], **broken}
    with pytest.raises(HighlightFileError, match=reason):
        read_export(json.dumps(data))


def test_a_correction_with_a_wrong_type_is_refused(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    from reader.highlights.export import HighlightFileError

    a, b, _ = members(seed_articles)
    store = open_store(tmp_path)
    Session(store, STORY, seed_articles).link(a, b)
    data = json.loads(export([], "json", store.corrections()))
    data["corrections"][0]["a"]["start"] = "twelve"
    with pytest.raises(HighlightFileError, match="correction 1: start has the wrong type"):
        read_export(json.dumps(data))


CORRECT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from reader.articles import load_story
    from reader.highlights.session import Session
    from reader.highlights.store import HighlightStore
    from reader.matching.model import Member
    state, folder, changes = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    story = load_story([folder])
    session = Session(HighlightStore.open(state).store, story.name, story.articles)
    for verb, a, b in changes:
        getattr(session, verb)(Member(*a), Member(*b))
    print(json.dumps([[c.a.article, c.a.sentence, c.b.article, c.b.sentence, c.linked]
                      for c in sorted(session.corrections(), key=lambda c: (c.a, c.b))]))
    """
)


def test_corrections_made_in_one_process_are_read_by_the_next(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, c = members(seed_articles)

    def run(changes: list[tuple[str, Member, Member]]) -> list[list[object]]:
        argv = json.dumps(
            [(verb, [x.article, x.sentence], [y.article, y.sentence]) for verb, x, y in changes]
        )
        done = subprocess.run(
            [sys.executable, "-c", CORRECT, str(tmp_path), str(SEEDS), argv],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        result: list[list[object]] = json.loads(done.stdout)
        return result

    written = run([("link", a, b), ("unlink", c, a)])
    assert (
        run([])
        == written
        == [
            [a.article, a.sentence, b.article, b.sentence, True],
            [a.article, a.sentence, c.article, c.sentence, False],
        ]
    )
    run([("forget", a, b)])
    assert run([]) == [[a.article, a.sentence, c.article, c.sentence, False]]


def test_a_pair_written_the_other_way_round_is_the_same_pair(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    store = open_store(tmp_path)
    Session(store, STORY, seed_articles).link(a, b)
    data = json.loads(export([], "json", store.corrections()))
    (item,) = data["corrections"]
    item["a"], item["b"] = item["b"], item["a"]
    item["id"], item["linked"], item["created"] = "another", False, "2999-01-01T00:00:00.000000Z"
    assert store.import_corrections(read_export(json.dumps(data)).corrections) == (1, 0)
    assert len(store.corrections()) == 1
    assert Session(store, STORY, seed_articles).corrections() == [Correction(a, b, False)]


def test_a_store_that_cannot_be_read_keeps_the_corrections_last_read(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    a, b, _ = members(seed_articles)
    store = open_store(tmp_path)
    session = Session(store, STORY, seed_articles)
    session.link(a, b)
    other = sqlite3.connect(tmp_path / FILE_NAME)
    other.execute("ALTER TABLE corrections RENAME TO gone")  # as a store another version changed
    other.commit()
    session.reload()
    assert session.corrections() == [Correction(a, b, True)]
    assert len(session.messages) == 1 and "cannot be read" in session.messages[0]
