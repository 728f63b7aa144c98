"""A cache of loaded articles, so a story read again opens at once.

An entry is keyed by everything that decides what loading makes of a file: its
bytes, its name, its manifest entry, and the loader's own version (a digest of
the source of this package and, for HTML, the extractor's version). A changed
file, manifest or loader therefore never meets an old entry; it simply misses.

Each entry is one file, written to a temporary name and renamed into place so
readers never see half of one: a line of JSON saying what it is (format, key and
a SHA-256 digest of the rest), then the article as JSON. A file that is damaged,
foreign, or from another version is treated as a miss and replaced; the cache
can be deleted at any time. Nothing in it is executed: it is plain data, checked
field by field before use.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from reader.articles.manifest import Entry
from reader.articles.model import Article, Sentence, Span

FORMAT = "newsreader-article"
MAX_ENTRIES = 5000
"""Beyond this many entries, the least recently used are removed before a process
writes its first new one (so the cache exceeds it by at most one story's files)."""


@cache
def loader_version() -> str:
    """A digest of the loading code itself: any change to it is a new version."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


@cache
def _extractor_version() -> str:
    from importlib.metadata import version

    return version("trafilatura")


def cache_key(raw: bytes, name: str, entry: Entry, *, html: bool = False) -> str:
    """The key of a file's entry: its bytes, name and manifest entry, and the loader."""
    digest = hashlib.sha256()
    meta = [
        loader_version(),
        name,
        entry.outlet,
        entry.title,
        entry.date,
        entry.url,
        entry.author,
        entry.warning,
    ]
    if html:
        meta.append(_extractor_version())
    digest.update(json.dumps(meta).encode("utf-8", "surrogateescape"))
    digest.update(raw)
    return digest.hexdigest()


class ArticleCache:
    """Loaded articles on disk, one JSON file per key, under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._trimmed = False  # trimmed once, before the first entry this process writes

    @classmethod
    def open(cls, directory: Path) -> ArticleCache:
        """The cache in ``directory``, trimmed to :data:`MAX_ENTRIES` only when something
        new is written, so reading a story from the cache lists no directory."""
        return cls(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, source: Path) -> Article | None:
        """The cached article for ``key``, read as if from ``source``; None on a miss."""
        path = self._path(key)
        try:
            with path.open("rb") as handle:
                header, _, payload = handle.read().partition(b"\n")
            if json.loads(header) != _header(key, payload):
                return None  # damaged, foreign, or from another version
            article = _article(json.loads(payload.decode("utf-8", "surrogatepass")), source)
            os.utime(path)  # recently used: trimmed last
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None
        return article

    def put(self, key: str, article: Article) -> None:
        """Keep ``article`` under ``key``; a cache that cannot be written is skipped."""
        if not self._trimmed:
            self._trimmed = True
            self.trim(MAX_ENTRIES - 1)
        path = self._path(key)
        record = json.dumps(_record(article), ensure_ascii=False, separators=(",", ":"))
        payload = record.encode("utf-8", "surrogatepass")
        header = json.dumps(_header(key, payload)).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when writing: reading, at start-up, needs none

            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header + b"\n" + payload)
                Path(temporary).replace(path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def trim(self, keep: int) -> None:
        """Remove the least recently used entries beyond ``keep``."""
        try:
            entries = [
                (entry.stat().st_mtime, Path(entry.path))
                for folder in os.scandir(self.directory)
                if folder.is_dir(follow_symlinks=False)
                for entry in os.scandir(folder.path)
                if entry.name.endswith(".json")
            ]
        except OSError:
            return
        if len(entries) <= keep:
            return
        entries.sort()
        for _, path in entries[: len(entries) - keep]:
            path.unlink(missing_ok=True)


def _header(key: str, payload: bytes) -> dict[str, str]:
    """The first line of an entry: what it is, and a digest of the rest to detect damage."""
    return {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}


def _record(article: Article) -> dict[str, Any]:
    return {
        "text": article.text,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "url": article.url,
        "author": article.author,
        "warnings": list(article.warnings),
        "paragraphs": [[p.start, p.end] for p in article.paragraphs],
        "sentences": [
            [s.start, s.end, s.paragraph, s.clutter, s.heading] for s in article.sentences
        ],
    }


def _article(data: Any, source: Path) -> Article:
    """An article from a cache record, every field checked; ValueError if anything is off."""
    if not isinstance(data, dict):
        raise TypeError("expected a record")
    text = _text(data["text"])
    size = len(text)
    paragraphs = tuple(_span(item, size) for item in data["paragraphs"])
    sentences: list[Sentence] = []
    previous = 0
    for index, (start, end, paragraph, clutter, heading) in enumerate(data["sentences"]):
        # type() rather than isinstance(): a bool is an int, and is not an offset here
        if not (type(start) is int and type(end) is int and previous <= start <= end <= size):
            raise ValueError("sentence out of order or out of the text")
        if type(paragraph) is not int or not 0 <= paragraph < len(paragraphs):
            raise ValueError("sentence in no paragraph")
        if not (clutter is None or type(clutter) is str) or type(heading) is not bool:
            raise ValueError("bad sentence flags")
        previous = end
        sentences.append(Sentence(index, start, end, text[start:end], paragraph, clutter, heading))
    return Article(
        source=source,
        title=_text(data["title"]),
        outlet=_text(data["outlet"]),
        text=text,
        paragraphs=paragraphs,
        sentences=tuple(sentences),
        date=_optional(data["date"]),
        url=_optional(data["url"]),
        warnings=tuple(_text(w) for w in data["warnings"]),
        author=_optional(data["author"]),
    )


def _span(item: Any, size: int) -> Span:
    start, end = item
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= size):
        raise ValueError("span out of range")
    return Span(start, end)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional(value: Any) -> str | None:
    return None if value is None else _text(value)
