"""Paragraphs and sentences of news text, as exact character spans.

Paragraphs are decided line by line, for news pages copied as text:

* a single newline before a lowercase letter or a digit, or after a dash, is a
  hard wrap inside a sentence ("on Oct.\\n12 and met", "WASHINGTON —\\nThe
  Senate"), any other newline ends a paragraph, so
  headings, captions and bullet items stand on their own;
* bullet markers ("•", "-", "*", "1.") and Markdown heading marks are left out of
  the sentence they introduce;
* every sentence is trimmed of surrounding whitespace, and together the sentences
  of a paragraph cover all of its non-space text, so nothing is ever dropped.

Sentences are split inside a paragraph by :mod:`reader.articles.sentences`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.articles.boundaries import sentence_starts
from reader.articles.model import Span

_MARKER = re.compile(r"(?:[•●▪‣◦*-]|\d{1,3}[.)]|#{1,6})[ \t\u00a0]+")
_CLOSERS = ".!?…:;\"'”’»)]"
_DASHES = "—–―-"  # a dateline ("WASHINGTON —") runs on into the next line
HEADING_MAX_WORDS = 25


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: its span (marker excluded), its sentence spans, its shape."""

    span: Span
    sentences: tuple[Span, ...]
    bulleted: bool
    lines: int
    marked_heading: bool = False

    def text(self, source: str) -> str:
        return source[self.span.start : self.span.end]

    def is_heading(self, source: str) -> bool:
        """One unbulleted line, short, with no closing punctuation: a title or sub-heading."""
        if self.marked_heading:
            return True
        if self.bulleted or self.lines != 1 or len(self.sentences) != 1:
            return False
        text = self.text(source)
        return text[-1] not in _CLOSERS and len(text.split()) <= HEADING_MAX_WORDS


def segment(text: str) -> list[Block]:
    """Split ``text`` into paragraphs and sentences. Offsets index ``text``."""
    return [_block(text, para) for para in _paras(text)]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Each line's content span, leading and trailing whitespace excluded."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            yield start, start + len(stripped)
        else:
            yield pos, pos
        pos += len(line) + 1


@dataclass(slots=True)
class _Para:
    start: int
    end: int
    marker: str  # "", "bullet" or "heading"
    lines: int = 1


def _paras(text: str) -> Iterator[_Para]:
    """Paragraphs: runs of non-blank lines joined where a line is a hard wrap."""
    current: _Para | None = None
    for start, end in _lines(text):
        if start == end:
            if current:
                yield current
            current = None
            continue
        marker = _MARKER.match(text, start, end)
        content = marker.end() if marker and marker.end() < end else start
        first = text[content]
        if (
            current is not None
            and content == start
            and (first.islower() or first.isdigit() or text[current.end - 1] in _DASHES)
        ):
            current.end = end
            current.lines += 1
            continue
        if current:
            yield current
        kind = "" if content == start else "heading" if text[start] == "#" else "bullet"
        current = _Para(content, end, kind)
    if current:
        yield current


def _block(text: str, para: _Para) -> Block:
    start, end = para.start, para.end
    starts = sentence_starts(text[start:end])
    spans: list[Span] = []
    for i, rel in enumerate(starts):
        s = start + rel
        e = start + starts[i + 1] if i + 1 < len(starts) else end
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append(Span(s, e))
    return Block(
        Span(start, end),
        tuple(spans),
        para.marker == "bullet",
        para.lines,
        para.marker == "heading",
    )
