"""Case-insensitive search in a sentence, placed exactly on the original text.

Text and query are compared under Unicode case folding (``str.casefold``),
which may make a string longer: "ß" folds to "ss", the ligature "ﬁ" to "fi",
Turkish dotted "İ" to "i̇" (an i and a combining dot above). Positions found in
the folded text are therefore mapped back to the characters they came from.

What counts as a match: a stretch of whole original characters whose folded
form is exactly the folded query, so ``casefold(text[span]) ==
casefold(query)`` for every span found. "STRASSE" finds "Straße" and "ß"
finds "ss" (both fold to "ss"); "fi" finds "ﬁ". A stretch of the folded text
that covers only part of one character's folded form is no match, since no
span of the original could show it: "s" does not find "ß", and "i" does not
find "İ" (its folded form keeps the dot), while "İ" finds "İ" and "i̇". Accents
are not folded: "cafe" does not find "café".

The count of matches and the highlighting both use :func:`find_all`, so they
never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from reader.articles.model import Span


def find_all(text: str, query: str) -> list[Span]:
    """Every match of ``query`` in ``text``, ignoring case, left to right, not
    overlapping; empty for an empty query."""
    return list(_matches(text, query))


def contains(text: str, query: str) -> bool:
    """Whether :func:`find_all` finds anything, without finding it all."""
    return next(_matches(text, query), None) is not None


def _matches(text: str, query: str) -> Iterator[Span]:
    needle = query.casefold()
    if not needle:
        return
    folded, origin = _folded(text)
    if origin is None:  # every character folds to one: positions are the same
        start = folded.find(needle)
        while start >= 0:
            yield Span(start, start + len(needle))
            start = folded.find(needle, start + len(needle))
        return
    start = folded.find(needle)
    while start >= 0:
        end = start + len(needle)
        whole = (start == 0 or origin[start - 1] != origin[start]) and (
            end == len(folded) or origin[end] != origin[end - 1]
        )
        if whole:
            yield Span(origin[start], origin[end - 1] + 1)
            start = folded.find(needle, end)
        else:
            start = folded.find(needle, start + 1)


@lru_cache(maxsize=4096)
def _folded(text: str) -> tuple[str, tuple[int, ...] | None]:
    """The folded text and, when folding changed its length, the original
    position of each folded character (None when the positions are the same)."""
    folded = text.casefold()
    if len(folded) == len(text):  # no character folds to more than one
        return folded, None
    origin: list[int] = []
    for position, char in enumerate(text):
        origin.extend([position] * len(char.casefold()))
    return folded, tuple(origin)
