"""What differs inside a matched pair: word spans, and disagreements on facts.

Words are compared under their normalised form (so "sanctions"/"sanctioned" or
"Kyrgystan"/"Kyrgyzstan" are the same word) with a longest-common-subsequence
diff (rapidfuzz's Indel opcodes). A changed stretch is a disagreement when

* both sides state a quantity of one kind (a count, an ordinal or superlative, a
  year, a month, a day) and share no value of it, in a stretch of at most four
  words a side (or a precise count against a vague one): "four Kyrgyz companies" against
  "a number of Kyrgyz companies", "the largest investor" against "the second
  after China investor", "since 2002" against "since 2003"; a year against a
  day of the month is no disagreement ("the 2001 attacks" / "9/11"), nor is one
  side naming a value the other contains ("Sept. 11" / "9/11");
* it is one name on each side after the same title: a different person in the
  same place ("Rep. Loretta Sanchez" / "Rep. Linda Sanchez"), unless the two are
  spellings of one name ("Vincente" / "Vicente").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Indel, Levenshtein

from reader.articles.model import Span
from reader.matching.text import WORD, fold, stem

_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        (
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        ).split()
    )
    if w != "one"  # "one of", "one major aspect": rarely a count that outlets disagree on
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "dozen": "12"}
_ORDINALS = {
    w: f"#{n}"
    for n, w in enumerate(
        ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth").split()
    )
    if n
}
_SUPERLATIVE = {"largest": "#1", "biggest": "#1", "top": "#1", "greatest": "#1", "main": "#1"}
_SCALE = {"thousand": "e3", "thousands": "e3", "million": "e6", "millions": "e6", "billion": "e9"}
_VAGUE = {
    "several": "~some",
    "number": "~some",
    "many": "~many",
    "numerous": "~many",
    "dozens": "~many",
    "few": "~few",
    "couple": "~few",
}
_WHEN = frozenset(
    (
        "january february march april may june july august september october november "
        "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday "
        "thursday friday saturday sunday yesterday today tomorrow"
    ).split()
)
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*(?:st|nd|rd|th)?$")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b|" + WORD.pattern)
"""A word, or a whole number with its separators ("5,200", "$43,350.00" gives "43,350.00")."""
_RELATIVE = frozenset(("yesterday", "today", "tomorrow", "tonight"))
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTH_OF = (
    {name: f"month {n}" for n, name in enumerate(_MONTH_NAMES, 1)}
    | {name[:3]: f"month {n}" for n, name in enumerate(_MONTH_NAMES, 1) if name != "may"}
    | {"sept": "month 9"}
)
_MONTHS = frozenset(_MONTH_OF)
MAX_REGION = 4
"""Words a changed stretch may have on either side and still be a disagreement."""
_TITLES = frozenset(
    "mr mrs ms dr president sen senator rep representative gov governor secretary speaker "
    "leader minister judge justice chairman chairwoman gen general sir lady lord".split()
)


Words = list[tuple[int, int, str]]
"""Words of a sentence: start, end, the word."""


@dataclass(frozen=True, slots=True)
class WordDiff:
    """Spans (relative to each sentence) that differ, and quantity disagreements:
    the words of each side in ``conflicts`` and where they are in ``conflict_spans``."""

    left: tuple[Span, ...]
    right: tuple[Span, ...]
    conflicts: tuple[tuple[str, str], ...]
    conflict_spans: tuple[tuple[Span, Span], ...] = ()

    @property
    def disagrees(self) -> bool:
        return bool(self.conflicts)


LOOSE = 0.5
"""The share of content words that differ (:func:`difference`) above which a pair
is loose, and the view colours the words the two share instead of those that differ.

At 0.5 the coloured words are whichever are fewer: the differing content words
or the shared ones. Measured with benchmarks/emphasis.py on the engine's 1,017
shared rows of the 94 BASIL events: 630 pairs are loose, and the share of a
sentence's words coloured falls from 70% to 28% on them (51% to 25% overall);
cut-offs from 0.35 to 0.5 colour the least (24-25%), 0.7 colours 34% and leaves
423 sentences more than 60% coloured, against 57 at 0.5. On the labelled pairs
98% of the loose ones are shown by their shared words; a labelled near pair
above 0.5 (62% of them: rewritten headlines, reordered clauses) has more words
changed than kept, so its few shared words are the ones worth reading."""


@dataclass(frozen=True, slots=True)
class Emphasis:
    """What to colour in a shared pair of sentences (spans relative to each sentence).

    ``kind`` "differ": ``left``/``right`` are the words that differ (the pair is
    close, so they are few). ``kind`` "shared": the content words the two share
    (the pair is loose, and nearly every word differs). Each span is one whole
    word. ``conflicts`` are the disagreements on a quantity or a name, a stretch
    of words on each side, whichever the kind.
    """

    kind: Literal["differ", "shared"]
    left: tuple[Span, ...]
    right: tuple[Span, ...]
    conflicts: tuple[tuple[Span, Span], ...]

    def spans(self, side: Literal["left", "right"]) -> tuple[Span, ...]:
        return self.left if side == "left" else self.right

    def conflict_spans(self, side: Literal["left", "right"]) -> tuple[Span, ...]:
        return tuple(pair[0] if side == "left" else pair[1] for pair in self.conflicts)


def difference(left: str, right: str) -> float:
    """The share of the two sentences' content words (stopwords left out) that the
    word diff finds changed: 0 for a rewording of a word or two, near 1 for a loose
    rewrite that tells the same fact in its own words."""
    found = _compare(left, right)
    content = differ = 0
    for text, spans in ((left, found.left), (right, found.right)):
        changed = {(span.start, span.end) for span in spans}
        for start, end, word in _tokens(text)[0]:
            if stem(word):
                content += 1
                differ += (start, end) in changed
    return differ / content if content else 0.0


@lru_cache(maxsize=4096)
def emphasis(left: str, right: str) -> Emphasis:
    """What to colour in a shared pair: the differing words of a close pair, the
    shared content words of a loose one (see :data:`LOOSE`), conflicts always."""
    found = _compare(left, right)
    if difference(left, right) <= LOOSE:
        return Emphasis("differ", found.left, found.right, found.conflicts)
    return Emphasis("shared", _shared(left, right), _shared(right, left), found.conflicts)


def _shared(text: str, other: str) -> tuple[Span, ...]:
    """The content words of ``text`` whose stem ``other`` also has."""
    theirs = {stem(w) for _, _, w in _tokens(other)[0]} - {""}
    return tuple(Span(start, end) for start, end, w in _tokens(text)[0] if stem(w) in theirs)


def quantity(word: str) -> str | None:
    """The quantity a word states, in a comparable form, or None."""
    w = fold(word)
    if _DIGITS.match(w):
        return re.sub(r"(st|nd|rd|th)$", "", w).replace(",", "")
    for table in (_NUMBER_WORDS, _ORDINALS, _SUPERLATIVE, _SCALE, _VAGUE, _MONTH_OF):
        if w in table:
            return table[w]
    return w if w in _WHEN else None


def word_diff(left: str, right: str) -> WordDiff:
    found = _compare(left, right)
    return WordDiff(
        _merge(left, list(found.left)),
        _merge(right, list(found.right)),
        tuple((_cut(left, a), _cut(right, b)) for a, b in found.conflicts),
        found.conflicts,
    )


@dataclass(frozen=True, slots=True)
class _Comparison:
    """Each differing word of either side as a span of its own, the disagreements
    as the stretch of words they take on each side, and each side's words."""

    left: tuple[Span, ...]
    right: tuple[Span, ...]
    conflicts: tuple[tuple[Span, Span], ...]
    left_words: Words
    right_words: Words


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Words, tuple[str, ...]]:
    """The words of ``text`` and the key each is compared under."""
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    return words, tuple(stem(w) or fold(w) for _, _, w in words)


@lru_cache(maxsize=4096)
def _compare(left: str, right: str) -> _Comparison:
    lw, lkeys_t = _tokens(left)
    rw, rkeys_t = _tokens(right)
    lkeys, rkeys = list(lkeys_t), list(rkeys_t)
    left_spans: list[Span] = []
    right_spans: list[Span] = []
    conflicts: list[tuple[Span, Span]] = []
    region_l: list[int] = []
    region_r: list[int] = []

    def close_region() -> None:
        if (
            region_l
            and region_r
            and (
                _quantities_disagree(lw, region_l, rw, region_r)
                or _names_disagree(lw, lkeys, region_l, rw, rkeys, region_r)
            )
        ):
            conflicts.append((_stretch(lw, region_l), _stretch(rw, region_r)))
        region_l.clear()
        region_r.clear()

    for op in Indel.opcodes(lkeys, rkeys):
        if op.tag == "equal":
            close_region()
            continue
        region_l.extend(range(op.src_start, op.src_end))
        region_r.extend(range(op.dest_start, op.dest_end))
        left_spans.extend(Span(lw[k][0], lw[k][1]) for k in range(op.src_start, op.src_end))
        right_spans.extend(Span(rw[k][0], rw[k][1]) for k in range(op.dest_start, op.dest_end))
    close_region()
    return _Comparison(tuple(left_spans), tuple(right_spans), tuple(conflicts), lw, rw)


def kind(value: str) -> str:
    """What a quantity measures, so that only like is compared with like."""
    if value.startswith("#"):
        return "ordinal"
    if value.isdigit() and len(value) == 4 and 1800 <= int(value) <= 2099:
        return "year"
    if value.startswith("month "):
        return "month"
    if value in _RELATIVE:
        return "relative day"  # "today" may be "Thursday"
    if value in _WHEN:
        return "day"
    return "count"


def _quantities_disagree(lw: Words, region_l: list[int], rw: Words, region_r: list[int]) -> bool:
    """Whether both sides state a quantity of one kind and share none of its values,
    in a stretch short enough for the quantity to be what differs (a longer one
    tells another event: "had to apologize Saturday" / "aide resigned Monday")."""
    left: dict[str, set[str]] = {}
    right: dict[str, set[str]] = {}
    for words, region, found in ((lw, region_l, left), (rw, region_r, right)):
        for k in region:
            value = quantity(words[k][2])
            if value is not None:
                found.setdefault(kind(value), set()).add(value)
    short = max(len(region_l), len(region_r)) <= MAX_REGION
    return any(
        left[k].isdisjoint(right[k]) and (short or _vague(left[k] | right[k]))
        for k in left.keys() & right.keys()
    )


def _vague(values: set[str]) -> bool:
    """A precise number against a vague one ("four" / "a number of") is worth
    flagging however much else the sentences change around it."""
    return any(v.startswith("~") for v in values)


def _names_disagree(
    lw: Words,
    lkeys: list[str],
    region_l: list[int],
    rw: Words,
    rkeys: list[str],
    region_r: list[int],
) -> bool:
    """One name each side after the same title ("Rep. Loretta" / "Rep. Linda"), not
    spellings of one name ("Vincente" / "Vicente") and not in title-case headlines."""
    if len(region_l) != 1 or len(region_r) != 1 or min(region_l[0], region_r[0]) == 0:
        return False
    a, b = lw[region_l[0]][2], rw[region_r[0]][2]
    if not (_is_name(a) and _is_name(b)) or Levenshtein.distance(a, b) <= 2:
        return False
    if _title_case(lw) or _title_case(rw):
        return False
    before = lkeys[region_l[0] - 1], rkeys[region_r[0] - 1]
    return before[0] == before[1] and fold(lw[region_l[0] - 1][2]) in _TITLES


def _title_case(words: Words) -> bool:
    """A headline in title case, where every word is capitalised."""
    capitalised = sum(1 for _, _, w in words if w[:1].isupper())
    return capitalised > 0.6 * len(words)


def _is_name(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and fold(word) not in _TITLES | _WHEN | _MONTHS


def _stretch(words: Words, region: list[int]) -> Span:
    return Span(words[min(region)][0], words[max(region)][1])


def _cut(text: str, span: Span) -> str:
    return text[span.start : span.end]


def _merge(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """Join spans separated only by spaces or punctuation into one."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and not any(ch.isalnum() for ch in text[merged[-1].end : span.start]):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return tuple(merged)
