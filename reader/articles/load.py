"""Files and directories to articles: decoding, extraction, segmentation, flags."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.articles.cache import ArticleCache, cache_key
from reader.articles.decode import MAX_BYTES, decode, read_bytes
from reader.articles.errors import LoadError
from reader.articles.manifest import MADE_BY, MANIFEST_NAME, Entry, Manifest, read_manifest
from reader.articles.model import Article, Sentence, Span

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
    """What loading gave: the articles, and each input that failed, with its reason.

    ``title`` is the manifest's; ``files`` are every file planned for reading,
    loaded yet or not.
    """

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None
    files: list[Path] = field(default_factory=list)
    made_by_newsreader: bool = False
    """A manifest says newsreader made the story's folder (fetched from the web)."""

    @property
    def name(self) -> str:
        """What the story is called on screen, in the highlights store and in exports.

        The manifest's title, else the folder its files are in, else their file names.
        """
        if self.title:
            return self.title
        sources = self.files or [article.source for article in self.articles]
        folders = {source.parent.resolve().name for source in sources}
        if len(folders) == 1 and (folder := folders.pop()):
            return folder
        return ", ".join(sorted(source.name for source in sources))


@dataclass(frozen=True)
class Loader:
    """Loads files into articles, through a cache of loaded articles when given one."""

    cache: ArticleCache | None = None
    limit: int = MAX_BYTES

    def story(self, paths: Iterable[Path]) -> Story:
        """Load every path; directories give their supported files in sorted order."""
        story, files = plan_story(paths)
        for path, entry in files:
            try:
                story.articles.append(self.article(path, entry))
            except LoadError as exc:
                story.problems.append(exc)
        return story

    def article(self, path: Path, entry: Entry | None = None) -> Article:
        """Load one file. Raises LoadError with a reader-facing reason."""
        entry = entry or Entry()
        suffix = _article_suffix(path)
        raw = read_bytes(path, self.limit)
        if self.cache is None:
            return _parse(path, raw, suffix, entry)
        key = cache_key(raw, path.name, entry, html=suffix in HTML_SUFFIXES)
        article = self.cache.get(key, path)
        if article is None:
            article = _parse(path, raw, suffix, entry)
            self.cache.put(key, article)
        return article


def load_story(paths: Iterable[Path], limit: int = MAX_BYTES) -> Story:
    """Load every path, without a cache; see :class:`Loader`."""
    return Loader(limit=limit).story(paths)


def load_article(path: Path, entry: Entry | None = None, limit: int = MAX_BYTES) -> Article:
    """Load one file, without a cache; see :class:`Loader`."""
    return Loader(limit=limit).article(path, entry)


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

    def manifest_of(directory: Path) -> Manifest | None:
        if directory not in manifests:
            try:
                manifests[directory] = read_manifest(directory)
            except LoadError as exc:
                story.problems.append(exc)
                manifests[directory] = None
            found = manifests[directory]
            story.warnings.extend(found.warnings if found else ())
        return manifests[directory]

    def add(path: Path) -> None:
        key = _identity(path)
        if key in seen:
            story.warnings.append(f"{path}: given more than once; read once")
            return
        seen.add(key)
        manifest = manifest_of(path.parent)
        if manifest and manifest.title and story.title is None:
            story.title = manifest.title
        if manifest and manifest.made_by == MADE_BY:
            story.made_by_newsreader = True
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
        # read before listing: the manifest says which subfolder holds the raw pages
        # its articles came from, each of which would otherwise be read a second time
        manifest = manifest_of(path) if any(c.name == MANIFEST_NAME for c in children) else None
        raw_folders = manifest.raw_folders if manifest else frozenset()
        for child in children:
            if child.name.startswith(".") or child.name == MANIFEST_NAME:
                continue
            if child.is_dir():
                if child.name in raw_folders:
                    continue
                story.warnings.append(f"{child}: skipped: subdirectories are not read")
            elif child.suffix.lower() not in SUPPORTED:
                story.warnings.append(f"{child}: skipped: not an article file ({_supported()})")
            else:
                add(child)
        if len(files) == before:
            story.problems.append(LoadError(path, f"no article files in it ({_supported()})"))
    story.files = [path for path, _ in files]
    return story, files


def _identity(path: Path) -> Path:
    """The file a path names, to read it once; a link loop is its own (reported when read)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop, before Python 3.13
        return path.absolute()


def _supported() -> str:
    return ", ".join(sorted(SUPPORTED))


def _article_suffix(path: Path) -> str:
    """The file's suffix, once it is known to be an article file that exists."""
    if not os.path.lexists(path):  # a broken or looping link is reported when read
        raise LoadError(path, "no such file or directory")
    if path.is_dir():
        raise LoadError(path, "is a directory")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(path, f"not an article file ({_supported()})")
    return suffix


def _parse(path: Path, raw: bytes, suffix: str, entry: Entry) -> Article:
    """A file's bytes to an article: decoding, extraction, segmentation, flags."""
    text = decode(raw, path)
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
        author=entry.author or meta.get("author"),
        warnings=(entry.warning,) if entry.warning else (),
    )


def build_article(
    source: Path,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    url: str | None = None,
    author: str | None = None,
    warnings: tuple[str, ...] = (),
) -> Article:
    """Segment ``text`` and flag its clutter. The title, when not given, is the first body line."""
    # imported here: an article read from the cache needs neither, so the reader opens sooner
    from reader.articles import clutter
    from reader.articles.segment import segment

    blocks = segment(text)
    texts = [" ".join(block.text(text).split()) for block in blocks]
    found = clutter.flag(texts)
    flags, title_index = found.reasons, found.title
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
        warnings=warnings,
        author=author,
    )


_COPYRIGHT_OWNER = re.compile(  # "© 2023 Reuters", "Copyright (c) 2021-2023 The Outlet. All ..."
    r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)|copyright))?\s*"
    r"(?:\(?\d{4}(?:\s*[-–]\s*\d{4})?\)?,?\s*)?"
    r"(?P<name>\w[^|,;()]{0,80}?)\s*(?:\s[-–—|]\s|[|,;(]|\.(?:\s|$)|$)",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(  # "Source: Al Jazeera and news agencies"
    r"^Source:\s*(?P<name>.{1,80}?)(?:\s+and (?:other |news )?agencies)?\.?$", re.IGNORECASE
)
_DATELINE = re.compile(  # "WASHINGTON (AP) —", "LONDON, Oct 12 (Reuters) -", "(Reuters) -"
    r"^(?:[A-Z][\w.'’-]*(?:[ ,]+[\w.'’-]+){0,5}\s*)?"
    r"\((?P<name>[A-Z][\w&.'’ -]{0,30}?)\)\s*(?:--?|–|—)"
)
_DATELINE_PARAGRAPHS = 3


def _infer_outlet(texts: Sequence[str], flags: Sequence[str | None]) -> str | None:
    """The outlet the text names: a copyright or source line, else a wire dateline.

    A credit under a photo names the photo's agency, so of the credits only a
    "Source:" line counts.
    """
    from reader.articles import clutter

    outlet_lines = {clutter.COPYRIGHT: _COPYRIGHT_OWNER, clutter.CREDIT: _SOURCE_LINE}
    for text, reason in zip(texts, flags, strict=True):
        pattern = outlet_lines.get(reason or "")
        name = pattern and _outlet_name(pattern, text[: clutter.EDGE])
        if name:
            return name
    body = [text for text, reason in zip(texts, flags, strict=True) if reason is None]
    for text in body[:_DATELINE_PARAGRAPHS]:
        name = _outlet_name(_DATELINE, text[: clutter.EDGE])
        if name:
            return name
    return None


def _outlet_name(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    name = match.group("name").strip(" .")
    return name if 1 <= len(name.split()) <= 8 else None


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
        found = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
        doc: dict[str, Any] = {}
        if isinstance(found, dict):
            doc = found
        elif found is not None:
            doc = found.as_dict()
    except LoadError:
        raise
    except Exception as exc:  # the extractor's parser errors have no common base class
        raise LoadError(path, f"the HTML could not be parsed ({type(exc).__name__})") from None
    if not (doc.get("text") or "").strip():
        raise LoadError(path, "no article text found in the HTML")
    meta = {key: doc.get(name) for key, name in _HTML_META.items()}
    return str(doc["text"]), meta


_HTML_META = {
    "title": "title",
    "outlet": "sitename",
    "date": "date",
    "url": "url",
    "author": "author",
}
