"""Fetched pages to a story folder, and more pages to one already made.

    stories/<slug>/story.toml              title, made_by, [[articles]], [[failed]]
    stories/<slug>/001-<outlet>.md         front matter and the article's text
    stories/<slug>/raw/001-<outlet>.html   the page's bytes as they were received

The raw page is kept for provenance and so a better extractor can read it again;
story.toml's `raw` entries tell loading to pass over raw/. Articles are numbered in
the order they arrive and a file, once written, is never renamed or rewritten:
highlights are kept by story and file name, so adding a page to a story keeps every
highlight already made in it. Pages that failed are listed under [[failed]], and
fetching into the folder with no URLs asks for those again.

story.toml is rewritten whole (a temporary file renamed over it), while a lock file
is held, so two fetches into one story cannot lose each other's articles.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import re
import tempfile
import threading
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w
import yaml

from reader.articles.decode import MAX_BYTES
from reader.articles.errors import LoadError
from reader.articles.load import build_article
from reader.articles.manifest import MADE_BY, MANIFEST_NAME, read_manifest
from reader.paths import stories_dir
from reader.web.extract import SHORT_WARNING, is_short
from reader.web.http import DEADLINE, TIMEOUT
from reader.web.pages import (
    WORKERS,
    Failed,
    Fetched,
    PageResult,
    Progress,
    Skipped,
    fetch_pages,
    normalise,
)

RAW_FOLDER = "raw"
LOCK_NAME = ".story.toml.lock"
"""A dot-name: loading passes over it without a word."""
_NUMBERED = re.compile(r"^(\d+)[-_. ]")
_SLUG_CHARS = 60


class FolderError(Exception):
    """A story folder that cannot be read or written; the message is one line."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Saved:
    """An article written to the story."""

    url: str
    file: str
    outlet: str
    title: str
    warning: str | None = None


@dataclass
class FetchReport:
    """What a fetch did: the folder (None when nothing was saved to make one for),
    and each URL as saved, failed or skipped."""

    folder: Path | None
    saved: list[Saved] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def warned(self) -> list[Saved]:
        """Articles saved with a warning (too short: a paywall or a consent wall)."""
        return [saved for saved in self.saved if saved.warning]

    @property
    def ok(self) -> bool:
        """At least one page is in the story now, saved by this fetch or before it."""
        return bool(self.saved) or any(skip.file for skip in self.skipped)


def fetch_story(
    urls: Sequence[str],
    *,
    folder: Path | None = None,
    title: str | None = None,
    stories: Path | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    workers: int = WORKERS,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    limit: int = MAX_BYTES,
    outlets: Mapping[str, str] | None = None,
) -> FetchReport:
    """Fetch `urls` into a story folder and say what became of each.

    `outlets` names the outlet of some URLs (as given), as a feed does its items';
    a page that names no site of its own takes that name rather than its host.

    `folder` is the story to add to (made when missing); without one a new folder
    is made under `stories` (default: the data directory's), named after `title`,
    else the first article's title. Given an existing folder and no URLs, the pages
    that failed last time are asked for again. Raises FolderError when the folder's
    story.toml is broken or the folder cannot be written.
    """
    known: dict[str, str] = {}
    existing = folder is not None and folder.is_dir()
    if folder is not None and existing:
        data = _read(folder)
        known = _known_urls(data)
        if not urls:
            urls = [str(item["url"]) for item in data.get("failed", [])]
    elif folder is not None and folder.exists():
        raise FolderError(folder, "is not a folder")
    results = fetch_pages(
        urls,
        workers=workers,
        timeout=timeout,
        deadline=deadline,
        limit=limit,
        known=known,
        progress=progress,
        stop=stop,
    )
    report = FetchReport(folder)
    if folder is None:
        if not any(isinstance(result, Fetched) for result in results):
            report.failed = [r for r in results if isinstance(r, Failed)]
            report.skipped = [r for r in results if isinstance(r, Skipped)]
            return report
        folder = _new_folder(stories or stories_dir(), title or _first_title(results, urls))
        report.folder = folder
        made = True
    else:
        made = not existing
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FolderError(folder, f"cannot be made: {exc.strerror or exc}") from None
    with _locked(folder):
        data = _read(folder) if (folder / MANIFEST_NAME).exists() else {}
        if made and not data:
            data["made_by"] = MADE_BY
        if title and not data.get("title"):
            data["title"] = title
        _save(folder, data, results, urls, report, outlets or {})
        if not data.get("title") and report.saved:
            data["title"] = report.saved[0].title
        _write_manifest(folder, data)
    return report


def remove_folder(paths: Sequence[Path]) -> list[str]:
    """Delete a story folder newsreader made: the files its story.toml lists (each
    article and raw page), the manifest and its lock, then the folders if empty.
    Anything else found in it is the reader's and stays, with the folder; a folder
    whose story.toml does not say newsreader made it is not touched. Returns what
    could not be done, one line each."""
    if len(paths) != 1 or not paths[0].is_dir():
        return [f"{', '.join(map(str, paths))}: not a story folder; nothing deleted"]
    folder = paths[0]
    try:
        data = _read(folder)
    except FolderError as exc:
        return [f"{exc}; nothing deleted"]
    if data.get("made_by") != MADE_BY:
        return [f"{folder}: not made by newsreader; nothing deleted"]
    names = [MANIFEST_NAME, LOCK_NAME]
    for article in data.get("articles", []):
        # only what a fetch wrote: an article with its page kept under raw/; a file
        # of the reader's own listed in the manifest stays
        if article.get("raw") and article.get("file"):
            names += [str(article["file"]), str(article["raw"])]
    problems: list[str] = []
    for name in names:
        target = folder / name
        if target.resolve().parent not in (folder.resolve(), (folder / RAW_FOLDER).resolve()):
            continue  # a manifest naming a file elsewhere: not ours to delete
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            problems.append(f"{target}: cannot be deleted ({exc.strerror or exc})")
    for directory in (folder / RAW_FOLDER, folder):
        try:
            directory.rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            if directory == folder:
                problems.append(f"{folder}: kept: it holds files newsreader did not write")
    return problems


def _save(
    folder: Path,
    data: dict[str, Any],
    results: list[PageResult],
    urls: Sequence[str],
    report: FetchReport,
    outlets: Mapping[str, str],
) -> None:
    """Write each fetched page's article and raw bytes; record the rest in `data`."""
    articles: list[dict[str, Any]] = data.setdefault("articles", [])
    known = _known_urls(data)
    number = _next_number(folder, articles)
    now = _now()
    for result in results:
        if isinstance(result, Skipped):
            report.skipped.append(result)
            continue
        if isinstance(result, Failed):
            report.failed.append(result)
            continue
        page = result.page
        keys = {normalise(u) for u in (result.url, result.response.final_url, page.url)}
        holder = next((known[key] for key in keys if key in known), None)
        if holder is not None:
            twin = next((s.url for s in report.saved if s.file == holder), None)
            reason = f"the same page as {twin}" if twin else f"already in the story as {holder}"
            report.skipped.append(Skipped(result.url, reason, holder))
            continue
        hint = outlets.get(result.url)
        named = page.outlet if page.site_named or not hint else hint
        outlet = named or _host(page.url) or "article"
        stem = f"{number:03d}-{_slug(outlet, 40) or 'article'}"
        number += 1
        name, raw = f"{stem}.md", f"{RAW_FOLDER}/{stem}.html"
        article = build_article(folder / name, page.document, title=page.title, outlet=outlet)
        warning = SHORT_WARNING if is_short(article) else None
        values: dict[str, str | None] = {
            "file": name,
            "outlet": outlet,
            "title": article.title,
            "date": page.date,
            "url": page.url,
            "author": page.author,
            "source": result.url,
            "raw": raw,
            "fetched": now,
            "warning": warning,
        }
        entry = {key: value for key, value in values.items() if value is not None}
        front = {key: entry[key] for key in _FRONT_MATTER if key in entry}
        try:
            (folder / RAW_FOLDER).mkdir(exist_ok=True)
            _write_new(folder / raw, result.response.body)
            _write_new(folder / name, _markdown(front, page.document))
        except OSError as exc:
            raise FolderError(folder, f"cannot be written: {exc.strerror or exc}") from None
        articles.append(entry)
        known.update(dict.fromkeys(keys, name))
        report.saved.append(Saved(result.url, name, outlet, article.title, warning))
    asked = {normalise(url) for url in urls}
    kept = [item for item in data.get("failed", []) if normalise(str(item["url"])) not in asked]
    kept += [{"url": f.url, "reason": f.reason, "tried": now} for f in report.failed]
    if kept:
        data["failed"] = kept
    else:
        data.pop("failed", None)


_FRONT_MATTER = ("title", "outlet", "date", "author", "url", "source", "fetched")


def _markdown(front: dict[str, str], text: str) -> bytes:
    """The article as Markdown: YAML front matter, then plain paragraphs.

    The text gets no inline Markdown: headings and bullets are all the segmenter reads.
    """
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{text}".encode()


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet: an article file is never overwritten."""
    with path.open("xb") as handle:
        handle.write(data)


def _read(folder: Path) -> dict[str, Any]:
    """story.toml as data to add to, checked as loading checks it; {} when it has none."""
    try:
        if read_manifest(folder) is None:
            return {}
        return tomllib.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    except LoadError as exc:
        raise FolderError(folder / MANIFEST_NAME, exc.reason) from None
    except OSError as exc:
        raise FolderError(folder / MANIFEST_NAME, f"cannot be read: {exc.strerror}") from None


def _write_manifest(folder: Path, data: dict[str, Any]) -> None:
    """Replace story.toml in one step: a reader sees the old one or the new one."""
    ordered: dict[str, Any] = {key: data[key] for key in ("title", "made_by") if key in data}
    ordered.update(data)
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".story-", suffix=".toml")
        try:
            with os.fdopen(fd, "wb") as handle:
                tomli_w.dump(ordered, handle)
            Path(temporary).replace(folder / MANIFEST_NAME)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FolderError(folder, f"cannot be written: {exc.strerror or exc}") from None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise FolderError(folder, f"cannot be written: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _known_urls(data: dict[str, Any]) -> dict[str, str]:
    """Every URL the story's articles were asked for or name, to the file holding it."""
    known: dict[str, str] = {}
    for item in data.get("articles", []):
        for key in ("source", "url"):
            if isinstance(item.get(key), str):
                known[normalise(item[key])] = item["file"]
    return known


def _next_number(folder: Path, articles: list[dict[str, Any]]) -> int:
    """One past the highest number any file in the story starts with."""
    names = [str(item.get("file", "")) for item in articles]
    for place in (folder, folder / RAW_FOLDER):
        if place.is_dir():
            names += [child.name for child in place.iterdir()]
    numbers = [int(m.group(1)) for name in names if (m := _NUMBERED.match(name))]
    return max(numbers, default=0) + 1


def _new_folder(stories: Path, title: str) -> Path:
    """A folder under `stories` named after the title; "-2", "-3"... when taken."""
    base = _slug(title, _SLUG_CHARS) or "story"
    try:
        stories.mkdir(parents=True, exist_ok=True)
        for count in range(1, 10_000):
            folder = stories / (base if count == 1 else f"{base}-{count}")
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            return folder
    except OSError as exc:
        raise FolderError(stories, f"cannot be written: {exc.strerror or exc}") from None
    raise FolderError(stories, f"has too many stories called {base!r}")


def _first_title(results: list[PageResult], urls: Sequence[str]) -> str:
    for result in results:
        if isinstance(result, Fetched) and result.page.title:
            return result.page.title
    return _host(urls[0]) if urls else "story"


def _slug(text: str, limit: int) -> str:
    """Lower-case words joined by hyphens, cut at a word within `limit` characters.

    Letters of any script are kept (a Russian outlet's file is named in Russian);
    a Latin letter loses its accent ("Tomás" gives "tomas").
    """
    plain = "".join(_plain_letter(ch) for ch in text)
    slug = ""
    for word in re.findall(r"[^\W_]+", plain.lower()):
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            return slug or word[:limit]
        slug = longer
    return slug


def _plain_letter(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base.isascii() and base.isalpha() else char


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
