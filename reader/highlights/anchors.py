"""Anchors that survive edits, as Hypothesis keeps them on the web.

A highlight keeps its character offsets, the exact quote with 32 characters of
context either side, and a fingerprint of the article's text. When the article
has changed, it is placed again by offsets, then by the exact quote (the
occurrence whose context and position fit best), then by a fuzzy match of the
quote; one that cannot be placed is an orphan, kept and reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT = 32
FUZZY_MIN = 75.0
"""Lowest similarity (0-100) of a fuzzy quote match that still places a highlight."""


@dataclass(frozen=True, slots=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a highlight sits in the current text, and how it was found."""

    start: int
    end: int
    method: str  # "offsets", "quote", "fuzzy" or "orphan"
    score: float = 100.0

    @property
    def orphan(self) -> bool:
        return self.method == "orphan"


def quote(text: str, start: int, end: int) -> Quote:
    return Quote(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def place(text: str, start: int, end: int, q: Quote) -> Placement:
    """Place a highlight made at ``start:end`` with quote ``q`` in ``text``."""
    if 0 <= start <= end <= len(text) and text[start:end] == q.exact:
        return Placement(start, end, "offsets")
    if q.exact:
        found = _exact(text, start, q)
        if found is not None:
            return Placement(found, found + len(q.exact), "quote")
        fuzzy = _fuzzy(text, q)
        if fuzzy is not None:
            return fuzzy
    return Placement(start, end, "orphan", 0.0)


def _exact(text: str, old_start: int, q: Quote) -> int | None:
    """The occurrence of the quote whose context matches best, nearest the old place."""
    best: tuple[float, int] | None = None
    at = text.find(q.exact)
    while at >= 0:
        prefix = text[max(0, at - len(q.prefix)) : at]
        suffix = text[at + len(q.exact) : at + len(q.exact) + len(q.suffix)]
        context = fuzz.ratio(prefix, q.prefix) + fuzz.ratio(suffix, q.suffix)
        nearness = 1.0 / (1.0 + abs(at - old_start))
        candidate = (context + nearness, -at)
        if best is None or candidate > (best[0], -best[1]):
            best = (context + nearness, at)
        at = text.find(q.exact, at + 1)
    return None if best is None else best[1]


def _fuzzy(text: str, q: Quote) -> Placement | None:
    """The stretch of ``text`` most like the quote, if it is like enough."""
    if len(q.exact) > len(text):
        return None
    found = fuzz.partial_ratio_alignment(q.exact, text, score_cutoff=FUZZY_MIN)
    if found is None:
        return None
    start, end = _snap_to_words(text, found.dest_start, found.dest_end)
    return Placement(start, end, "fuzzy", round(found.score, 1))


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not cut a word in two, and trim spaces at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def find_words(sentence: str, words: str) -> tuple[int, int] | None:
    """Where typed words stand in a sentence: exactly, ignoring case, then fuzzily."""
    at = sentence.find(words)
    if at < 0:
        at = sentence.casefold().find(words.casefold())
        if len(sentence.casefold()) != len(sentence):
            at = -1  # casefolding changed lengths; offsets would not match
    if at >= 0:
        return at, at + len(words)
    if len(words) > len(sentence):
        return None
    found = fuzz.partial_ratio_alignment(words, sentence, score_cutoff=FUZZY_MIN)
    if found is None:
        return None
    return _snap_to_words(sentence, found.dest_start, found.dest_end)
