"""``story.toml``: what a directory's articles are (outlet, title, date, URL).

    title = "Putin visits Kyrgyzstan"        # the story, optional

    [[articles]]
    file = "000_01c226f4afb3a83f.txt"        # a file name in the same directory
    outlet = "Kyiv Independent"
    title = "Putin visits Kyrgyzstan in first trip abroad since ICC arrest warrant"
    date = "2023-10-12"                      # optional, ISO 8601
    url = "https://..."                      # optional

Every key but ``file`` is optional; what is missing is inferred from the text.
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
MANIFEST_MAX_BYTES = 1_000_000
"""A manifest larger than this is refused: thousands of articles take a few hundred KB."""
_KEYS = ("outlet", "title", "date", "url")


@dataclass(frozen=True, slots=True)
class Entry:
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    title: str | None
    entries: dict[str, Entry]
    warnings: tuple[str, ...] = ()  # what was ignored or is likely a mistake


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
    for number, item in enumerate(articles, 1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise LoadError(path, f"article {number} has no 'file' name")
        values = {key: item.get(key) for key in _KEYS}
        wrong = [
            key for key, value in values.items() if value is not None and not isinstance(value, str)
        ]
        if wrong:
            raise LoadError(path, f"article {number}: {', '.join(wrong)} must be text")
        name = item["file"]
        unknown = sorted(set(item) - {"file", *_KEYS})
        if unknown:
            warnings.append(f"{path}: article {number}: ignored {', '.join(map(repr, unknown))}")
        if not (directory / name).is_file():
            warnings.append(f"{path}: article {number}: no file {name!r} in {directory}")
        date = values["date"]
        if date is not None and not _is_date(date):
            warnings.append(f"{path}: article {number}: date {date!r} is not YYYY-MM-DD")
        entries[name] = Entry(**values)
    return Manifest(title, entries, tuple(warnings))


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True
