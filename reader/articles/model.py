"""The article model: text, paragraphs and sentences with exact character offsets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; ``article.text[start:end] == text`` always holds.

    ``clutter`` names why the sentence is not article body (a breadcrumb, a photo
    credit, ...) or is ``None`` for body text. ``heading`` marks titles and
    sub-headings: lines that stand alone without a closing stop.
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    clutter: str | None = None
    heading: bool = False

    @property
    def is_body(self) -> bool:
        return self.clutter is None and not self.heading


@dataclass(frozen=True)
class Article:
    """One outlet's article, loaded and segmented."""

    source: Path
    title: str
    outlet: str
    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    date: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = field(default=())
    """What a reader should know before trusting the article (say, that it is too
    short to be the whole of it: a paywall or a consent wall was saved instead)."""
    author: str | None = None

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the text, to tell when a file has changed since a highlight."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def body(self) -> list[Sentence]:
        return [s for s in self.sentences if s.is_body]

    @property
    def clutter_count(self) -> int:
        return sum(1 for s in self.sentences if s.clutter is not None)
