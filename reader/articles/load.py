"""Files and directories to articles: decoding, extraction, segmentation, flags."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.articles import clutter
from reader.articles.decode import MAX_BYTES, decode, read_bytes
from reader.articles.errors import LoadError
from reader.articles.manifest import MANIFEST_NAME, Entry, Manifest, read_manifest
from reader.articles.model import Article, Sentence, Span
from reader.articles.segment import segment

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

MAX_TEXT_CHARS = 1_000_000
"""Article text longer than this is refused: a long read has tens of thousands of
characters, and a million short sentences' worth takes seconds to segment."""

MAX_HTML_ELEMENTS = 50_000
"""Pages with more elements are refused: a news page has a few thousand, and the
extractor's time grows with the square of their number (50,000 take about 9 s)."""


@dataclass
class Story:
    """What loading gave: the articles, and each input that failed, with its reason."""

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None


def load_story(paths: Iterable[Path], limit: int = MAX_BYTES) -> Story:
    """Load every path; directories give their supported files in sorted order."""
    story, files = plan_story(paths)
    for path, entry in files:
        try:
            story.articles.append(load_article(path, entry, limit))
        except LoadError as exc:
            story.problems.append(exc)
    return story


def plan_story(paths: Iterable[Path]) -> tuple[Story, list[tuple[Path, Entry]]]:
    """The files to load, each with its manifest entry, before any is read.

    Returns a story with no articles yet (its title, and the problems and
    warnings found while listing) and the files in reading order, so a caller
    can load the first few at once and the rest in the background.
    """
    story = Story()
    files: list[tuple[Path, Entry]] = []
    manifests: dict[Path, Manifest | None] = {}

    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = _identity(path)
        if key in seen:
            story.warnings.append(f"{path}: given more than once; read once")
            return
        seen.add(key)
        directory = path.parent
        if directory not in manifests:
            try:
                manifests[directory] = read_manifest(directory)
            except LoadError as exc:
                story.problems.append(exc)
                manifests[directory] = None
            found = manifests[directory]
            story.warnings.extend(found.warnings if found else ())
        manifest = manifests[directory]
        if manifest and manifest.title and story.title is None:
            story.title = manifest.title
        files.append((path, manifest.entries.get(path.name, Entry()) if manifest else Entry()))

    for path in paths:
        if not path.is_dir():
            add(path)
            continue
        try:
            children = sorted(path.iterdir())
        except OSError as exc:
            story.problems.append(LoadError(path, f"cannot be listed: {exc.strerror or exc}"))
            continue
        before = len(files)
        for child in children:
            if child.name.startswith(".") or child.name == MANIFEST_NAME:
                continue
            if child.is_dir():
                story.warnings.append(f"{child}: skipped: subdirectories are not read")
            elif child.suffix.lower() not in SUPPORTED:
                story.warnings.append(f"{child}: skipped: not an article file ({_supported()})")
            else:
                add(child)
        if len(files) == before:
            story.problems.append(LoadError(path, f"no article files in it ({_supported()})"))
    return story, files


def _identity(path: Path) -> Path:
    """The file a path names, to read it once; a link loop is its own (reported when read)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop, before Python 3.13
        return path.absolute()


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED))


def load_article(path: Path, entry: Entry | None = None, limit: int = MAX_BYTES) -> Article:
    """Load one file. Raises LoadError with a reader-facing reason."""
    entry = entry or Entry()
    if not os.path.lexists(path):  # a broken or looping link is reported when read
        raise LoadError(path, "no such file or directory")
    suffix = path.suffix.lower()
    if path.is_dir():
        raise LoadError(path, "is a directory")
    if suffix not in SUPPORTED:
        raise LoadError(path, f"not an article file ({_supported()})")
    text = decode(read_bytes(path, limit), path)
    meta: dict[str, str | None] = {}
    if suffix in MARKDOWN_SUFFIXES:
        from reader.articles.frontmatter import split_front_matter

        text, meta = split_front_matter(text, path)
    elif suffix in HTML_SUFFIXES:
        text, meta = _extract_html(text, path)
    if not text.strip():
        raise LoadError(path, "has no article text")
    if len(text) > MAX_TEXT_CHARS:
        raise LoadError(
            path,
            f"has too much text for an article ({len(text):,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,})",
        )
    return build_article(
        path,
        text,
        title=entry.title or meta.get("title"),
        outlet=entry.outlet or meta.get("outlet"),
        date=entry.date or meta.get("date"),
        url=entry.url or meta.get("url"),
    )


def build_article(
    source: Path,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> Article:
    """Segment ``text`` and flag its clutter. The title, when not given, is the first body line."""
    blocks = segment(text)
    texts = [" ".join(block.text(text).split()) for block in blocks]
    first_pass = clutter.flag(texts)
    title_index = next((i for i, reason in enumerate(first_pass) if reason is None), None)
    flags = clutter.flag(texts, title_index)
    sentences: list[Sentence] = []
    for number, (block, reason) in enumerate(zip(blocks, flags, strict=True)):
        heading = number == title_index or block.is_heading(text)
        for span in block.sentences:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=span.start,
                    end=span.end,
                    text=text[span.start : span.end],
                    paragraph=number,
                    clutter=reason,
                    heading=heading,
                )
            )
    if title is None:
        title = texts[title_index] if title_index is not None else source.stem
    return Article(
        source=source,
        title=title,
        outlet=outlet or _infer_outlet(texts, flags) or source.stem,
        text=text,
        paragraphs=tuple(Span(b.span.start, b.span.end) for b in blocks),
        sentences=tuple(sentences),
        date=date,
        url=url,
    )


_OUTLET_PATTERNS = (
    re.compile(r"^©\s*(?:\(?\d{4}\)?\s*)?([^-–|(]+?)\s*(?:[-–|]|$)"),
    re.compile(r"©\s*\(\d{4}\)\s*(.+?)\s*$"),
    re.compile(r"^Source:\s*(.+?)(?:\s+and (?:news )?agencies)?\s*$", re.IGNORECASE),
)


def _infer_outlet(texts: Sequence[str], flags: Sequence[str | None]) -> str | None:
    """An outlet named by a copyright or source line, if the page kept one."""
    for text, reason in zip(texts, flags, strict=True):
        if reason not in (clutter.COPYRIGHT, clutter.CREDIT):
            continue
        for pattern in _OUTLET_PATTERNS:
            match = pattern.search(text)
            if match and 1 <= len(match.group(1).split()) <= 8:
                return match.group(1).strip(" .")
    return None


def _extract_html(html: str, path: Path) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            raise LoadError(path, "no article text found in the HTML")
        elements = sum(1 for _ in tree.iter())
        if elements > MAX_HTML_ELEMENTS:
            raise LoadError(
                path,
                f"has too many HTML elements for a page ({elements:,}; the limit is "
                f"{MAX_HTML_ELEMENTS:,})",
            )
        found = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, as_dict=True
        )
    except LoadError:
        raise
    except Exception as exc:  # the extractor's parser errors have no common base class
        raise LoadError(path, f"the HTML could not be parsed ({type(exc).__name__})") from None
    doc: dict[str, Any] = found if isinstance(found, dict) else {}
    if not (doc.get("text") or "").strip():
        raise LoadError(path, "no article text found in the HTML")
    meta = {key: doc.get(name) for key, name in _HTML_META.items()}
    return str(doc["text"]), meta


_HTML_META = {"title": "title", "outlet": "sitename", "date": "date", "url": "url"}
