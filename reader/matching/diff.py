"""What differs inside a matched pair: word spans, and disagreements on quantities.

Words are compared under their normalised form (so "sanctions"/"sanctioned" or
"Kyrgystan"/"Kyrgyzstan" are the same word) with a longest-common-subsequence
diff (rapidfuzz's Indel opcodes). A changed stretch where both sides state a
number, date, ordinal, superlative or vague quantity, and the two differ, is a
disagreement: "four Kyrgyz companies" against "a number of Kyrgyz companies",
"the largest investor" against "the second after China investor".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

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


@dataclass(frozen=True, slots=True)
class WordDiff:
    """Spans (relative to each sentence) that differ, and quantity disagreements."""

    left: tuple[Span, ...]
    right: tuple[Span, ...]
    conflicts: tuple[tuple[str, str], ...]

    @property
    def disagrees(self) -> bool:
        return bool(self.conflicts)


def quantity(word: str) -> str | None:
    """The quantity a word states, in a comparable form, or None."""
    w = fold(word)
    if _DIGITS.match(w):
        return re.sub(r"(st|nd|rd|th)$", "", w).replace(",", "")
    for table in (_NUMBER_WORDS, _ORDINALS, _SUPERLATIVE, _SCALE, _VAGUE):
        if w in table:
            return table[w]
    return w if w in _WHEN else None


def word_diff(left: str, right: str) -> WordDiff:
    lw = [(m.start(), m.end(), m.group()) for m in WORD.finditer(left)]
    rw = [(m.start(), m.end(), m.group()) for m in WORD.finditer(right)]
    lkeys = [stem(w) or fold(w) for _, _, w in lw]
    rkeys = [stem(w) or fold(w) for _, _, w in rw]
    left_spans: list[Span] = []
    right_spans: list[Span] = []
    conflicts: list[tuple[str, str]] = []
    region_l: list[int] = []
    region_r: list[int] = []

    def close_region() -> None:
        lq = {q for k in region_l if (q := quantity(lw[k][2]))}
        rq = {q for k in region_r if (q := quantity(rw[k][2]))}
        if lq and rq and lq != rq:
            conflicts.append((_words(left, lw, region_l), _words(right, rw, region_r)))
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
    return WordDiff(_merge(left, left_spans), _merge(right, right_spans), tuple(conflicts))


def _words(text: str, words: list[tuple[int, int, str]], region: list[int]) -> str:
    return text[words[min(region)][0] : words[max(region)][1]]


def _merge(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """Join spans separated only by spaces or punctuation into one."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and not any(ch.isalnum() for ch in text[merged[-1].end : span.start]):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return tuple(merged)
