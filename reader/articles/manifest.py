"""``story.toml``: what a directory's articles are (outlet, title, date, URL).

    title = "Putin visits Kyrgyzstan"        # the story, optional

    [[articles]]
    file = "000_01c226f4afb3a83f.txt"        # a file name in the same directory
    outlet = "Kyiv Independent"
    title = "Putin visits Kyrgyzstan in first trip abroad since ICC arrest warrant"
    date = "2023-10-12"                      # optional, ISO 8601
    url = "https://..."                      # optional

Every key but ``file`` is optional; what is missing is inferred from the text.

A story fetched from the web says more about each article, and lists the pages
that could not be fetched, so a retry asks for those alone::

    made_by = "newsreader"                   # newsreader made the folder

    [[articles]]
    file = "001-the-herald.md"
    author = "A. Writer"
    source = "https://herald.example/a?x=1"  # the URL as asked for
    raw = "raw/001-the-herald.html"          # the page's bytes as received
    fetched = "2024-05-01T12:00:00+00:00"
    warning = "short: likely a paywall or consent wall"

    [[failed]]
    url = "https://..."
    reason = "the server answered 503 Service Unavailable"
    tried = "2024-05-01T12:00:00+00:00"

A subfolder that ``raw`` entries point into holds copies of the articles, not
articles of its own, so loading passes over it.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from reader.articles.decode import read_bytes
from reader.articles.errors import LoadError

MANIFEST_NAME = "story.toml"
MADE_BY = "newsreader"
"""The manifest's `made_by` when newsreader made the folder."""
MANIFEST_MAX_BYTES = 1_000_000
"""A manifest larger than this is refused: thousands of articles take a few hundred KB."""
_KEYS = ("outlet", "title", "date", "url", "author", "warning")
_RECORD_KEYS = ("source", "raw", "fetched")
"""Kept for provenance and retries; loading an article does not need them."""
_FAILED_KEYS = ("url", "reason", "tried")


@dataclass(frozen=True, slots=True)
class Entry:
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A page that could not be fetched last time, to be asked for again."""

    url: str
    reason: str = ""
    tried: str = ""


@dataclass(frozen=True, slots=True)
class Manifest:
    title: str | None
    entries: dict[str, Entry]
    warnings: tuple[str, ...] = ()  # what was ignored or is likely a mistake
    failed: tuple[Failure, ...] = ()
    raw_folders: frozenset[str] = frozenset()
    """Subfolders holding the pages articles were extracted from: not articles."""
    made_by: str | None = None
    """"newsreader" when newsreader made the folder (removing the story may delete it)."""


def read_manifest(directory: Path) -> Manifest | None:
    """The directory's manifest, None when it has none; LoadError when it is broken."""
    path = directory / MANIFEST_NAME
    if not os.path.lexists(path):
        return None
    try:
        source = read_bytes(path, MANIFEST_MAX_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"cannot be read: {exc}") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise LoadError(path, f"is not valid TOML: {exc}") from None
    except RecursionError:
        raise LoadError(path, "is not valid TOML: arrays or tables nested too deeply") from None
    title = data.get("title")
    articles = data.get("articles", [])
    if not isinstance(articles, list) or (title is not None and not isinstance(title, str)):
        raise LoadError(path, "expected an optional 'title' string and an [[articles]] list")
    entries: dict[str, Entry] = {}
    warnings: list[str] = []
    raw_folders: set[str] = set()
    for number, item in enumerate(articles, 1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise LoadError(path, f"article {number} has no 'file' name")
        _check_text(path, f"article {number}", item, (*_KEYS, *_RECORD_KEYS))
        values = {key: item.get(key) for key in _KEYS}
        name = item["file"]
        raw = item.get("raw")
        if raw is not None and len(parts := Path(raw).parts) > 1 and parts[0] not in ("..", "/"):
            raw_folders.add(parts[0])
        unknown = sorted(set(item) - {"file", *_KEYS, *_RECORD_KEYS})
        if unknown:
            warnings.append(f"{path}: article {number}: ignored {', '.join(map(repr, unknown))}")
        if not (directory / name).is_file():
            warnings.append(f"{path}: article {number}: no file {name!r} in {directory}")
        date = values["date"]
        if date is not None and not _is_date(date):
            warnings.append(f"{path}: article {number}: date {date!r} is not YYYY-MM-DD")
        entries[name] = Entry(**values)
    made_by = data.get("made_by")
    return Manifest(
        title,
        entries,
        tuple(warnings),
        _failures(path, data),
        frozenset(raw_folders),
        made_by if isinstance(made_by, str) else None,
    )


def _failures(path: Path, data: dict[str, object]) -> tuple[Failure, ...]:
    failed = data.get("failed", [])
    if not isinstance(failed, list):
        raise LoadError(path, "expected [[failed]] to be a list of tables")
    found: list[Failure] = []
    for number, item in enumerate(failed, 1):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise LoadError(path, f"failed page {number} has no 'url'")
        _check_text(path, f"failed page {number}", item, _FAILED_KEYS)
        found.append(Failure(item["url"], item.get("reason", ""), item.get("tried", "")))
    return tuple(found)


def _check_text(path: Path, what: str, item: dict[str, object], keys: tuple[str, ...]) -> None:
    wrong = [key for key in keys if item.get(key) is not None and not isinstance(item[key], str)]
    if wrong:
        raise LoadError(path, f"{what}: {', '.join(wrong)} must be text")


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True
