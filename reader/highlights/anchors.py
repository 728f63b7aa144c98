"""Anchors that survive edits, as Hypothesis keeps them on the web.

A highlight keeps its character offsets, the exact quote with 32 characters of
context either side, and a fingerprint of the article's text. When the article
has changed, it is placed again by offsets, then by the exact quote (the
occurrence whose context and position fit best), then by a fuzzy match of the
quote; one that cannot be placed is an orphan, kept and reported, never dropped.

Where its context no longer fits, a placement is settled word by word: the
quote and its context are aligned (edit distance over words, rapidfuzz) with
the words around where it was found, the same words elsewhere or the stretch
most like it with its context, whichever fits better. The placement runs from
the word after the prefix's last matching word to the word before the suffix's
first, so words inserted at either end of the quote or inside it belong to it
("lobbyists" become "Washington lobbyists"), and it never ends in half a word.
A context repeated in the text (a title printed twice) counts as context, not
as part of the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTEXT = 32
FUZZY_MIN = 75.0
"""Lowest similarity (0-100) of a fuzzy quote match that still places a highlight."""

_TOKEN = re.compile(r"\w+|[^\w\s]")
"""A word, or one mark of punctuation: the units a placement is settled in."""


@dataclass(frozen=True, slots=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a highlight sits in the current text, and how it was found.

    ``offsets``: where it was made, context and all; ``quote``: the same words
    elsewhere; ``fuzzy``: edited words, ``score`` saying how alike (0-100) they
    are to the quote; ``orphan``: nowhere (``start``/``end`` are the old offsets).
    An orphan with ``candidates`` is one that fits in more than one place (a
    paragraph printed twice): the places are listed, none is picked.
    """

    start: int
    end: int
    method: str  # "offsets", "quote", "fuzzy" or "orphan"
    score: float = 100.0
    candidates: tuple[tuple[int, int], ...] = ()

    @property
    def orphan(self) -> bool:
        return self.method == "orphan"


def quote(text: str, start: int, end: int) -> Quote:
    return Quote(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


SIDE_RUN = CONTEXT
"""Characters of the quote's context, next to it, that must still be there on
at least one side of a placement (all of that side when it is shorter): an edit
leaves one side alone, while the same words in another place (a name said
twice, "the") have other words beside them, or the same few."""


def place(text: str, start: int, end: int, q: Quote) -> Placement:
    """Place a highlight made at ``start:end`` with quote ``q`` in ``text``.

    Only a place whose context fits (:func:`fits`) is taken; when more than
    one does, the highlight is an orphan listing them. Wrong text shown as the
    reader's highlight is worse than an orphan, which is kept and reported.
    """
    from rapidfuzz import fuzz

    orphan = Placement(start, end, "orphan", 0.0)
    if not q.exact.strip():
        return orphan
    occurrences = _occurrences(text, q.exact)
    fitting = [at for at in occurrences if fits(text, (at, at + len(q.exact)), q)]
    if len(fitting) > 1:
        return _ambiguous(orphan, [(at, at + len(q.exact)) for at in fitting])
    if fitting and _fits(text, fitting[0], fitting[0] + len(q.exact), q):
        at = fitting[0]
        return Placement(at, at + len(q.exact), "offsets" if at == start else "quote")
    windows: list[tuple[int, int]] = []
    found = _exact(text, start, q, occurrences)
    if found is not None:
        windows.append((found, found + len(q.exact)))
    near = _near(text, q)  # the same words elsewhere, or edited words in the old context?
    if near is not None:
        windows.append(near)
    spans = {
        span for w in windows if (span := _settle(text, w, q)) is not None and fits(text, span, q)
    }
    if not spans:
        return orphan
    ranked = sorted(sorted(spans), key=lambda span: _likeness(text, span, q), reverse=True)
    span = ranked[0]
    ties = [s for s in ranked if _likeness(text, s, q) == _likeness(text, span, q)]
    if len(ties) > 1 and not _overlapping(ties):
        return _ambiguous(orphan, ties)
    covered = text[span[0] : span[1]]
    if covered == q.exact:
        return Placement(*span, "offsets" if span == (start, end) else "quote")
    return Placement(*span, "fuzzy", round(fuzz.ratio(q.exact, covered), 1))


def fits(text: str, span: tuple[int, int], q: Quote) -> bool:
    """Whether the context of ``span`` is still the quote's own on at least one
    side: :data:`SIDE_RUN` characters of it, next to the span, unchanged."""
    before = text[max(0, span[0] - len(q.prefix)) : span[0]]
    after = text[span[1] : span[1] + len(q.suffix)]
    return _side_fits(q.prefix[::-1], before[::-1]) or _side_fits(q.suffix, after)


def _side_fits(own: str, found: str) -> bool:
    """Whether ``found`` starts with what ``own`` starts with, for SIDE_RUN characters
    (both read outwards from the quote); an empty context fits only an edge of the text."""
    if not own:
        return not found
    need = min(SIDE_RUN, len(own))
    return found[:need] == own[:need]


def _fits(text: str, start: int, end: int, q: Quote) -> bool:
    """Whether the context either side of ``start:end`` is the quote's own."""
    before = text[max(0, start - len(q.prefix)) : start]
    return before == q.prefix and text[end : end + len(q.suffix)] == q.suffix


def _ambiguous(orphan: Placement, spans: list[tuple[int, int]]) -> Placement:
    return Placement(orphan.start, orphan.end, "orphan", 0.0, tuple(sorted(spans)))


def _overlapping(spans: list[tuple[int, int]]) -> bool:
    return all(a[0] < b[1] and b[0] < a[1] for a in spans for b in spans)


def _occurrences(text: str, exact: str) -> list[int]:
    found: list[int] = []
    at = text.find(exact)
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _likeness(text: str, span: tuple[int, int], q: Quote) -> float:
    """How like the quote with its context a placement is, with the text around it."""
    from rapidfuzz import fuzz

    around = text[max(0, span[0] - len(q.prefix)) : span[1] + len(q.suffix)]
    return fuzz.ratio(q.prefix + q.exact + q.suffix, around)


def _near(text: str, q: Quote) -> tuple[int, int] | None:
    """Roughly where the quote now is: the stretch most like it with its context
    (which tells apart the places a short quote could be), else most like the
    quote alone; None when nothing is like enough."""
    from rapidfuzz import fuzz

    for needle in (q.prefix + q.exact + q.suffix, q.exact):
        if len(needle) <= len(text):
            found = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_MIN)
            if found is not None:
                return found.dest_start, found.dest_end
    return None


def _exact(text: str, old_start: int, q: Quote, occurrences: list[int]) -> int | None:
    """The occurrence of the quote whose context matches best, nearest the old place."""
    from rapidfuzz import fuzz

    best: tuple[float, int] | None = None
    for at in occurrences:
        prefix = text[max(0, at - len(q.prefix)) : at]
        suffix = text[at + len(q.exact) : at + len(q.exact) + len(q.suffix)]
        context = fuzz.ratio(prefix, q.prefix) + fuzz.ratio(suffix, q.suffix)
        nearness = 1.0 / (1.0 + abs(at - old_start))
        if best is None or context + nearness > best[0]:
            best = (context + nearness, at)
    return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    key: str  # what it is compared by: case does not tell words apart


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [
        _Token(offset + m.start(), offset + m.end(), m.group().casefold())
        for m in _TOKEN.finditer(text)
    ]


KEPT_MIN = 0.5
"""Least share of a quote's words an edited text must still have for it to be placed."""


def _settle(text: str, window: tuple[int, int], q: Quote) -> tuple[int, int] | None:
    """The whole words that now stand for the quote found near ``window``.

    The quote's words, with its context's either side, are aligned (edit
    distance over words) with the words around the window. The placement runs
    from the word after the last matching word of the prefix to the word before
    the first matching word of the suffix, so words inserted at either end of
    the quote are in it; where the context no longer matches next to the quote,
    it runs from the first to the last word matched to the quote's own. None
    when fewer than :data:`KEPT_MIN` of the quote's words are still there.
    """
    reach = len(q.exact)  # an edit may have made the phrase longer than its window
    lo = _word_start(text, max(0, window[0] - len(q.prefix) - reach))
    hi = _word_end(text, min(len(text), window[1] + len(q.suffix) + reach))
    region = _tokens(text[lo:hi], lo)
    before, words, after = _tokens(q.prefix), _tokens(q.exact), _tokens(q.suffix)
    if not words or not region:
        return None
    key = [t.key for t in (*before, *words, *after)]
    found = [t.key for t in region]
    match, same = _matches(key, found)
    inside = range(len(before), len(before) + len(words))
    if sum(same[k] for k in inside) < KEPT_MIN * len(words):
        return None
    first = _first(_pulled(match, same, key, found, toward_end=True), same, inside, key, found)
    last = _last(_pulled(match, same, key, found, toward_end=False), same, inside, key, found)
    if first is None or last is None or first >= last:
        return None
    return region[first].start, region[last - 1].end


def _matches(key: list[str], found: list[str]) -> tuple[list[int | None], list[bool]]:
    """For each key token, the found token it is aligned with (None: deleted), and
    whether the two are the same."""
    from rapidfuzz.distance import Levenshtein

    match: list[int | None] = [None] * len(key)
    same = [False] * len(key)
    for op in Levenshtein.opcodes(key, found):
        if op.tag in ("equal", "replace"):
            for k in range(op.src_start, op.src_end):
                match[k] = op.dest_start + k - op.src_start
                same[k] = op.tag == "equal"
    return match, same


def _pulled(
    match: list[int | None], same: list[bool], key: list[str], found: list[str], *, toward_end: bool
) -> list[int | None]:
    """``match`` with each run of inserted words moved as far from the quote as it
    can go without changing the alignment's cost.

    An edit distance alignment may put inserted words on either side of a
    repeated stretch (a title printed twice before the first sentence); moved
    away from the quote, the repeat counts as context, not as part of the
    highlight. ``toward_end`` moves them towards the start of the text (the
    matches pulled towards the end), for the start of the placement; otherwise
    towards the end, for its end.
    """
    pulled = list(match)
    order = range(len(key) - 1, 0, -1) if toward_end else range(len(key) - 1)
    for k in order:
        near, far = (k, k - 1) if toward_end else (k, k + 1)
        a, b = pulled[near], pulled[far]
        if a is None or b is None or not (same[near] and same[far]):
            continue
        step = -1 if toward_end else 1
        if abs(a - b) > 1 and found[a + step] == key[far]:
            pulled[far] = a + step
    return pulled


REPEAT = 3
"""Context words that, found again between the context and the quote, show the
context was repeated (a title printed twice): the placement starts after the repeat."""


def _first(
    match: list[int | None],
    same: list[bool],
    inside: range,
    key: list[str],
    found: list[str],
) -> int | None:
    """The first token of the placement: after the prefix's last word when that
    still matches (leading punctuation of words inserted there left out), else
    the first token matched to the quote."""
    own = [m for k in inside if (m := match[k]) is not None]
    if not own:
        return None
    before = match[inside.start - 1] if inside.start > 0 else None
    if before is None or not same[inside.start - 1]:
        return own[0]
    first = before + 1
    tail = key[max(0, inside.start - REPEAT) : inside.start]
    for end in range(own[0], first + len(tail) - 1, -1):
        if found[end - len(tail) : end] == tail:
            first = end
            break
    while first < own[0] and not _wordy(found[first]):
        first += 1
    return first


def _last(
    match: list[int | None],
    same: list[bool],
    inside: range,
    key: list[str],
    found: list[str],
) -> int | None:
    """The token after the placement: the suffix's first word when that still
    matches (trailing punctuation of words inserted there left out), else the
    token after the last one matched to the quote."""
    own = [m for k in inside if (m := match[k]) is not None]
    if not own:
        return None
    after = match[inside.stop] if inside.stop < len(match) else None
    if after is None or not same[inside.stop]:
        return own[-1] + 1
    last = after
    head = key[inside.stop : inside.stop + REPEAT]
    for start in range(own[-1] + 1, last - len(head) + 1):
        if found[start : start + len(head)] == head:
            last = start
            break
    while last > own[-1] + 1 and not _wordy(found[last - 1]):
        last -= 1
    return last


def _wordy(key: str) -> bool:
    return key[0].isalnum() or key[0] == "_"


def _word_start(text: str, at: int) -> int:
    while 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
        at += 1
    return at


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not cut a word in two, and trim spaces at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _word_start(text, start), _word_end(text, end)


def find_words(sentence: str, words: str) -> tuple[int, int] | None:
    """Where typed words stand in a sentence: exactly, ignoring case, then fuzzily;
    always whole words (typing "Freedom Hous" highlights "Freedom House")."""
    from rapidfuzz import fuzz

    at = sentence.find(words)
    if at < 0:
        at = sentence.casefold().find(words.casefold())
        if len(sentence.casefold()) != len(sentence):
            at = -1  # casefolding changed lengths; offsets would not match
    if at >= 0:
        return _snap_to_words(sentence, at, at + len(words))
    if len(words) > len(sentence):
        return None
    found = fuzz.partial_ratio_alignment(words, sentence, score_cutoff=FUZZY_MIN)
    if found is None:
        return None
    return _snap_to_words(sentence, found.dest_start, found.dest_end)
