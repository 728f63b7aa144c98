"""Fuzzing loading: any folder of files gives articles and one-line LoadErrors, nothing else.

Each example is a story folder written to disk: one to three files of random bytes,
random text in a random encoding, pieces of markup, front matter and clutter, or a
crafted hostile file (a named pipe, a link to /dev/zero, a link loop, a directory,
an alias bomb, nesting thousands deep), with or without a story.toml as
random as the files. Loading must raise nothing but LoadError (load_story collects
those), each giving its reason on one line, and take under 30 s.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.articles import LoadError, Story, load_story
from reader.cli import main

SECONDS = 30

# Pieces of what loading parses: front matter, TOML, HTML, clutter lines, line
# ends, byte order marks, control and bidi characters, sentence ends.
PIECES = [
    "---\n",
    "title: ",
    "outlet: ",
    "date: 2023-13-45",
    "url: ",
    "&a ",
    "*a",
    "!!int ",
    "? ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    ":",
    "[[articles]]\n",
    'file = "a.txt"\n',
    "a = ",
    "<html>",
    "<body>",
    "<article>",
    "<p>",
    "</p>",
    "<script>",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "[/",
    "[bold]",
    "Photo: ",
    "Source: ",
    "© 2023 ",
    "cookies ",
    "Share this article",
    "Mr.",
    "U.S.",
    "Sens.",
    "WASHINGTON —",
    "(AP)",
    ". ",
    "? ",
    "…",
    "“",
    "”",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x9b",
    "\u202e",
    "\u2028",
    "\ufffd",
    "e\u0301",
    "👩‍👩‍👧",
    "שלום",
    "Côte d’Ivoire",
    "naïve",
]

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252", "cp1251", "koi8_r"]
BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\nBody.\n"


# Small forms of the hostile files tests/test_hostile.py has in full, so that thousands
# of examples stay fast: past the front matter's limits, nested past the TOML parser's
# stack, markup and sentences by the thousand.
CRAFTED = [
    _alias_bomb(),
    "---\ntitle: " + "[" * 100 + "]" * 100 + "\n---\nBody.\n",
    "---\ntitle: " + "{a: " * 100 + "b" + "}" * 100 + "\n---\nBody.\n",
    "---\n" + "- " * 100 + "x\n---\nBody.\n",
    "<div>" * 500 + "text" + "</div>" * 500,
    "<html><body>" + "<p>Go now.</p>" * 200 + "</body></html>",
    "Go. " * 500,
    "[/" * 100,
]
CRAFTED_MANIFESTS = [
    "a = " + "[" * 1000 + "]" * 1000 + "\n",
    "a = " + "{b = " * 1000 + "1" + "}" * 1000 + "\n",
    'title = "x"\n[[articles]]\nfile = 1\n',
    "[[articles]]\n" * 1000,
]

TEXT = st.text(max_size=300)
CONTENT = st.one_of(
    st.binary(max_size=300),
    TEXT.map(str.encode),
    st.tuples(TEXT, st.sampled_from(ENCODINGS)).map(lambda t: t[0].encode(t[1], "replace")),
    st.lists(st.sampled_from(PIECES), max_size=20).map(lambda p: "".join(p).encode()),
    st.tuples(st.sampled_from(BOMS), st.binary(max_size=100)).map(b"".join),
    st.sampled_from(CRAFTED).map(str.encode),
)

# Special files, each a few times rarer than a regular one.
KINDS = ["file"] * 12 + ["fifo", "zero", "loop", "dangling", "directory"]
SUFFIXES = [".txt", ".md", ".html", ".htm", ".markdown", ".text", ".pdf", ""]
# Names a folder may hold: plain, hidden, spaced, non-Latin, with control characters,
# near the longest a file system takes, and any at all.
STEMS = ["a", "b", "article", ".hidden", "with space", "Ελλάδα", "新闻", "\u202eevil", "x\x1b[2J"]
NAMES = st.one_of(
    st.sampled_from(STEMS),
    st.just("n" * 240),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"), max_size=8),
)


def _valid(name: str) -> str:
    return name if name not in ("", ".", "..") else f"{name}_"


@dataclass(frozen=True)
class File:
    name: str
    kind: str
    content: bytes


FILES = st.builds(
    File,
    name=st.tuples(NAMES, st.sampled_from(SUFFIXES)).map("".join).map(_valid),
    kind=st.sampled_from(KINDS),
    content=CONTENT,
)
# A story.toml: none, as random as a file, crafted, or one describing the folder's
# files with random outlets and dates.
MANIFESTS = st.one_of(
    st.none(),
    CONTENT,
    st.sampled_from(CRAFTED_MANIFESTS).map(str.encode),
    st.lists(st.tuples(TEXT, TEXT), max_size=3),
)


@dataclass(frozen=True)
class Folder:
    files: list[File]
    manifest: bytes | list[tuple[str, str]] | None
    by_name: bool  # give the files themselves rather than the folder


FOLDERS = st.builds(
    Folder,
    files=st.lists(FILES, min_size=1, max_size=3, unique_by=lambda f: f.name),
    manifest=MANIFESTS,
    by_name=st.booleans(),
)


def _write(folder: Path, file: File) -> Path:
    path = folder / file.name
    if file.kind == "fifo":
        os.mkfifo(path)
    elif file.kind == "zero":
        path.symlink_to("/dev/zero")
    elif file.kind == "loop":
        path.symlink_to(file.name)
    elif file.kind == "dangling":
        path.symlink_to("missing-target")
    elif file.kind == "directory":
        path.mkdir()
    else:
        path.write_bytes(file.content)
    return path


@contextlib.contextmanager
def written(example: Folder) -> Iterator[list[Path]]:
    """The example on disk, and the paths to give the reader."""
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "story"
        folder.mkdir()
        paths = [_write(folder, file) for file in example.files]
        manifest = example.manifest
        if isinstance(manifest, list):
            manifest = _describing(example.files, manifest)
        if manifest is not None:
            (folder / "story.toml").write_bytes(manifest)
        yield paths if example.by_name else [folder]


def _describing(files: list[File], metadata: list[tuple[str, str]]) -> bytes:
    entries = [
        f"[[articles]]\nfile = {_toml(file.name)}\noutlet = {_toml(outlet)}\ndate = {_toml(date)}\n"
        for file, (outlet, date) in zip(files, metadata, strict=False)
    ]
    return "".join(entries).encode()


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _load(paths: list[Path]) -> Story:
    start = time.monotonic()
    story = load_story(paths)
    assert time.monotonic() - start < SECONDS
    for problem in story.problems:
        assert isinstance(problem, LoadError)
        assert "\n" not in problem.reason, problem.reason
    return story


@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(FOLDERS)
def test_any_folder_loads_or_gives_one_line_errors(example: Folder) -> None:
    with written(example) as paths:
        story = _load(paths)
        for article in story.articles:
            assert article.text.strip()
            assert all(article.text[s.start : s.end] == s.text for s in article.sentences)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(FOLDERS)
def test_show_on_any_folder_prints_or_reports(example: Folder) -> None:
    out, err = io.StringIO(), io.StringIO()
    with (
        written(example) as paths,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        start = time.monotonic()
        code = main(["show", "--sentences", *map(str, paths)])
        assert time.monotonic() - start < SECONDS
    assert code in (0, 2)
    assert "Traceback" not in err.getvalue()
