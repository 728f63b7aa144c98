"""Exports whose shape no highlight can change, and imports checked field by field."""

from __future__ import annotations

import csv
import io
import json
import stat
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.articles import Article
from reader.highlights.export import (
    FORMULA_START,
    MAX_DEPTH,
    HighlightFileError,
    export,
    read_export,
    write_file,
)
from reader.highlights.model import Highlight, Revision, SentenceRef, StoredCorrection, make

HOSTILE = [
    "first line\n# a heading\nlast line",
    "before\n```\nfenced code\n```",
    "~~~python\nimport os",
    "above\n---",
    "setext above\n===",
    "- a list item\n* another\n+ and another\n1. numbered\n2) numbered",
    "> a quote of its own",
    "<script>alert(1)</script>",
    "<div>\nraw block\n</div>",
    "[a link](javascript:alert(1)) and ![an image](http://example.com/x.png)",
    "[ref]: http://example.com/",
    "<http://example.com/autolink>",
    "&lt;entity&gt; &#35; &amp;",
    "| a | b |\n|---|---|\n| c | d |",
    "\n\n    indented code after a blank line",
    "trailing backslash \\",
    "**bold** _emphasis_ `code`",
]
"""Notes and quotes that would rewrite a Markdown document written as they are."""


def hostile_highlights(article: Article) -> list[Highlight]:
    sentence = article.sentences[1]
    base = make("story # one", article, sentence.start, sentence.end)
    made = []
    for number, text in enumerate(HOSTILE):
        made.append(
            replace(
                base,
                id=f"h{number:02d}",
                created=f"2026-01-01T00:00:{number:02d}Z",
                exact=text,
                note=text,
                orphan=number % 3 == 0,
            )
        )
    made.append(
        replace(base, id="title", article="other.txt", title="# Title\n---", outlet="<b>Outlet</b>")
    )
    return made


def tokens(markdown: str) -> list[Token]:
    """Every token of ``markdown`` as CommonMark (with tables) parses it, inline
    ones included."""
    parsed = MarkdownIt("commonmark").enable("table").parse(markdown)
    flat: list[Token] = []
    for token in parsed:
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def shown(inline: Token) -> str:
    """The text an inline token shows, line breaks as newlines."""
    breaks = {"softbreak": "\n", "hardbreak": "\n"}
    return "".join(
        c.content if c.type in ("text", "code_inline") else breaks.get(c.type, "")
        for c in inline.children or []
    )


def test_notes_and_quotes_stay_inside_their_item(seed_articles: list[Article]) -> None:
    highlights = hostile_highlights(seed_articles[0])
    markdown = export(highlights, "markdown")
    parsed = tokens(markdown)
    headings = [shown(parsed[i + 1]) for i, t in enumerate(parsed) if t.type == "heading_open"]
    outlet, title = highlights[0].outlet, highlights[0].title
    assert headings[0] == "story # one" and headings[-1] == "Could not be placed"
    assert sorted(headings[1:-1]) == sorted(["<b>Outlet</b>: # Title ---", f"{outlet}: {title}"])
    kinds = {t.type for t in parsed}
    for forbidden in (
        "fence",
        "code_block",
        "code_inline",
        "hr",
        "html_block",
        "html_inline",
        "link_open",
        "image",
        "bullet_list_open",
        "ordered_list_open",
        "table_open",
    ):
        assert forbidden not in kinds, forbidden
    quotes = [
        shown(parsed[i + 2])
        for i, t in enumerate(parsed)
        if t.type == "blockquote_open" and parsed[i + 1].type == "paragraph_open"
    ]
    assert sum(t.type == "blockquote_open" for t in parsed) == len(highlights)
    assert sorted(quotes) == sorted(" ".join(h.exact.split()) for h in highlights)


def test_each_note_is_one_paragraph_that_shows_its_text(seed_articles: list[Article]) -> None:
    highlights = hostile_highlights(seed_articles[0])[: len(HOSTILE)]
    parsed = tokens(export(highlights, "markdown"))
    notes = sorted(
        shown(parsed[i + 1])
        for i, t in enumerate(parsed)
        if t.type == "paragraph_open" and shown(parsed[i + 1]).startswith("Note: ")
    )
    expected = sorted(
        "Note: " + "\n".join(line.strip() for line in h.note.strip().splitlines())
        for h in highlights
    )
    assert notes == expected


def test_a_link_to_anything_but_the_web_is_shown_as_text(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    h = make("story", article, article.sentences[1].start, article.sentences[1].end)
    for url, links in (("javascript:alert(1)", False), ("https://example.com/a b>c", True)):
        parsed = tokens(export([replace(h, url=url)], "markdown"))
        opened = [t for t in parsed if t.type == "link_open"]
        assert len(opened) == links, url
        if links:
            assert opened[0].attrs["href"] == "https://example.com/a%20b%3Ec"


@pytest.mark.parametrize("first", FORMULA_START)
def test_csv_cells_that_start_a_formula_are_prefixed(
    first: str, seed_articles: list[Article]
) -> None:
    article = seed_articles[0]
    h = make("story", article, article.sentences[1].start, article.sentences[1].end)
    risky = f'{first}HYPERLINK("http://example.com")'
    h = replace(h, note=risky, exact=risky, title=risky, outlet=risky, story=risky)
    (row,) = csv.DictReader(io.StringIO(export([h], "csv")))
    for column in ("note", "quote", "title", "outlet", "story"):
        assert row[column] == "'" + risky, column
    assert row["start"] == str(h.start)  # numbers are numbers


def test_csv_cells_that_start_otherwise_are_exact(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    h = make("story", article, article.sentences[1].start, article.sentences[1].end)
    h = replace(h, note="a = b + c - d @ e", exact="'quoted'")
    (row,) = csv.DictReader(io.StringIO(export([h], "csv")))
    assert (row["note"], row["quote"]) == ("a = b + c - d @ e", "'quoted'")


# -- writing a file whole or not at all ------------------------------------------------------


def test_write_file_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_file(path, "new ✓\n")
    assert path.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_write_file_through_a_link_replaces_its_target(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    write_file(tmp_path / "link.md", "new\n")
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "new\n"


def test_write_file_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "a file, not a folder"
    folder.write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        write_file(folder / "out.md", "new\n")
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


# -- reading an import ----------------------------------------------------------------------


def export_of(items: list[Any], **extra: Any) -> str:
    data = {"format": "newsreader-highlights", "version": 2, "highlights": items, **extra}
    return json.dumps(data)


@pytest.fixture
def good(seed_articles: list[Article]) -> dict[str, Any]:
    article = seed_articles[0]
    return asdict(make("story", article, article.sentences[1].start, article.sentences[1].end))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"exact": None}, "exact has the wrong type (null)"),
        ({"start": 2**70}, "start is out of range"),
        ({"end": 2**63}, "end is out of range"),
        ({"start": -1}, "start is out of range"),
        ({"start": 1.5}, "start has the wrong type (a number)"),
        ({"start": True}, "start has the wrong type (true/false)"),
        ({"start": 9, "end": 3}, "start 9 is after end 3"),
        ({"note": "\ud800"}, "note holds a lone surrogate"),
        ({"orphan": "yes"}, "orphan has the wrong type (text)"),
        ({"group": 3}, "group has the wrong type (a number)"),
        ({"history": {}}, "history is not a list"),
        ({"history": [{"start": 0}]}, "highlight 2, revision 1: fingerprint is missing"),
        ({"id": ""}, "id is empty"),
    ],
)
def test_each_bad_highlight_is_set_aside_with_its_position(
    good: dict[str, Any], change: dict[str, Any], reason: str
) -> None:
    bad = {**good, "id": "bad", **change}
    text = export_of([good, bad, {**good, "id": "third"}])
    read = read_export(text, partial=True)
    assert [h.id for h in read.highlights] == [good["id"], "third"]
    (rejected,) = read.rejected
    assert (rejected.kind, rejected.position) == ("highlight", 2)
    assert str(rejected).startswith("highlight 2") and reason in str(rejected)
    with pytest.raises(HighlightFileError, match="highlight 2"):
        read_export(text)


def test_a_missing_field_is_named(good: dict[str, Any]) -> None:
    del good["exact"]
    (rejected,) = read_export(export_of([good]), partial=True).rejected
    assert str(rejected) == "highlight 1: exact is missing"


def test_a_lone_surrogate_in_a_file_name_is_kept_escaped(good: dict[str, Any]) -> None:
    (h,) = read_export(export_of([{**good, "article": "caf\udce9.txt"}])).highlights
    assert h.article == "caf\\xe9.txt"  # as the reader keeps it


def test_bad_corrections_are_set_aside(good: dict[str, Any]) -> None:
    side = asdict(SentenceRef("a.txt", 0, 4, "Text", "", " more", "A"))
    correction = {"id": "c", "story": "s", "a": side, "b": side, "linked": True, "created": "t"}
    broken = {**correction, "id": "d", "b": {**side, "end": 2**64}}
    read = read_export(export_of([], corrections=[correction, broken]), partial=True)
    assert [c.id for c in read.corrections] == ["c"]
    (rejected,) = read.rejected
    assert (rejected.kind, rejected.position) == ("correction", 2)
    assert str(rejected) == "correction 2: end is out of range (0 to 2**63 - 1) (in b)"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": "newsreader-highlights", "x": ' + "[" * 10_000 + "]" * 10_000 + "}", "deeper"),
        ("[" * 100_000, "nested deeper than 64 levels"),
        ('{"format": "newsreader-highlights", "version": "1"}', '"version" must be one of 1, 2'),
        ('{"format": "newsreader-highlights", "version": null}', "not null"),
        ('{"format": "newsreader-highlights", "version": true}', "not true"),
        ('{"format": "newsreader-highlights", "version": 0}', "not 0"),
        ('{"format": "newsreader-highlights", "version": 3}', "newer newsreader"),
        ('{"format": "newsreader-highlights", "highlights": null}', '"highlights" is not a list'),
        ('{"format": "newsreader-highlights", "v": ' + "9" * 5000 + "}", "not valid JSON"),
    ],
    ids=[
        "nested 10,000 deep",
        "unclosed 100,000 deep",
        "version as text",
        "version null",
        "version true",
        "version 0",
        "version 3",
        "highlights null",
        "a 5,000-digit number",
    ],
)
def test_files_that_are_not_exports_are_refused_whole(text: str, reason: str) -> None:
    with pytest.raises(HighlightFileError, match=reason):
        read_export(text, partial=True)


def test_nesting_within_the_limit_is_read(good: dict[str, Any]) -> None:
    nested: Any = []
    for _ in range(MAX_DEPTH - 2):
        nested = [nested]
    read = read_export(export_of([good], extra=nested))
    assert len(read.highlights) == 1
    assert read_export(export_of([{**good, "note": "[[[[{{{{" * 100}])).highlights


def test_every_field_has_a_type_the_import_checks() -> None:
    """A field added to the model with a type the import does not know fails here."""
    known = {"str", "int", "bool", "str | None"}
    nested = {"history": "tuple[Revision, ...]", "a": "SentenceRef", "b": "SentenceRef"}
    for kind in (Highlight, Revision, SentenceRef, StoredCorrection):
        for f in fields(kind):
            assert str(f.type) in known or nested.get(f.name) == str(f.type), (kind, f.name)
