"""What the two-pane view shows, decided without drawing anything.

:class:`Pair` is which two articles are shown and on which side, and how that
changes as the reader moves between outlets. :func:`mark` is what a sentence of
a row is to the other outlets (shared, moved, unique...), the sign drawn before
it. :func:`nearest` lists the sentences of another article closest to one, for
the reader to pick its counterpart by hand.

Marks are asked for each visible row while scrolling: they cost a look-up or
two, and the word comparison of a shared row is cached on the two texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from reader.matching.layout import Row, pair_links, pair_rows
from reader.matching.model import Alignment, Member

Side = Literal["left", "right"]


class Mark(StrEnum):
    """What a sentence of a row is to the other outlets."""

    SHARED = "shared"
    """A shared row: the sentence and the one beside it are linked."""
    MANUAL = "manual"
    """A shared row the reader linked by hand."""
    CONFLICT = "conflict"
    """A shared row whose two sentences disagree on a number, a date or a name."""
    MOVED = "moved"
    """Its match in the article on the other side is elsewhere in that article."""
    ELSEWHERE = "elsewhere"
    """Another outlet, not the one on the other side, reports it."""
    UNIQUE = "unique"
    """No other outlet reports it, and nothing elsewhere comes close."""
    UNSURE = "unsure"
    """Not linked, but another outlet has a sentence close to it."""
    CLUTTER = "clutter"
    """Page clutter: a breadcrumb, a caption, a credit."""
    NONE = "none"
    """Nothing to say: matching has not finished, the side is filler, or a
    sub-heading no outlet shares."""


def mark(alignment: Alignment | None, row: Row, side: Side, pair: Pair) -> Mark:
    """The mark of one side of a row of ``pair``'s layout.

    A shared row is a conflict, else the reader's link, else shared. Any other
    sentence is, in this order: clutter, moved, reported elsewhere, and for
    body sentences unique or unsure (a sub-heading is never matched, so it is
    never called unique).
    """
    index = row.left if side == "left" else row.right
    if alignment is None or index is None:
        return Mark.NONE
    article = pair.left if side == "left" else pair.right
    sentence = alignment.articles[article].sentences[index]
    if row.shared and row.left is not None and row.right is not None:
        left = alignment.articles[pair.left].sentences[row.left].text
        right = alignment.articles[pair.right].sentences[row.right].text
        if _disagree(left, right):
            return Mark.CONFLICT
        return Mark.MANUAL if row.manual else Mark.SHARED
    if sentence.clutter is not None:
        return Mark.CLUTTER
    if (row.left_link if side == "left" else row.right_link) is not None:
        return Mark.MOVED
    if alignment.linked(article, index):
        return Mark.ELSEWHERE
    if not sentence.is_body:
        return Mark.NONE
    return Mark.UNIQUE if alignment.unique(article, index) else Mark.UNSURE


def _disagree(left: str, right: str) -> bool:
    from reader.matching.diff import emphasis  # the stemmer loads once a row is shared

    return bool(emphasis(left, right).conflicts)


@dataclass(frozen=True, slots=True)
class Pair:
    """The two articles shown: ``left`` and ``right`` of ``count`` loaded.

    With two articles or more the sides always differ; a story of one article
    (or none yet) is *solo*: both sides name article 0 and only the left is drawn.
    Every move returns a new pair, in range and with differing sides.
    """

    left: int
    right: int
    count: int

    def __post_init__(self) -> None:
        top = max(self.count, 1)
        if not (0 <= self.left < top and 0 <= self.right < top):
            raise ValueError(f"articles {self.left} and {self.right} are not among {self.count}")
        if self.count >= 2 and self.left == self.right:
            raise ValueError("a pair of two articles or more shows two different ones")

    @classmethod
    def first(cls, count: int) -> Pair:
        """The first two articles, or article 0 alone when there are fewer than two."""
        return cls(0, 1 if count >= 2 else 0, count)

    @property
    def solo(self) -> bool:
        return self.count < 2

    def next_outlet(self, step: int) -> Pair:
        """The right side moved ``step`` articles on (back when negative), past the
        left one and round from the last to the first."""
        if self.solo:
            return self
        right = self.right
        for _ in range(abs(step)):
            right = (right + (1 if step > 0 else -1)) % self.count
            if right == self.left:
                right = (right + (1 if step > 0 else -1)) % self.count
        return Pair(self.left, right, self.count)

    def swapped(self) -> Pair:
        return self if self.solo else Pair(self.right, self.left, self.count)

    def with_left(self, article: int) -> Pair:
        """``article`` on the left: the two swap when it is shown on the right,
        else the right side stays."""
        if article == self.right:
            return self.swapped()
        return Pair(article, self.right, self.count)

    def grown(self, count: int) -> Pair:
        """The pair once ``count`` articles are loaded: a solo pair gains a right side."""
        if count < self.count:
            raise ValueError("articles are only ever added")
        if count >= 2 and self.left == self.right:
            return Pair(self.left, (self.left + 1) % count, count)
        return Pair(self.left, self.right, count)

    def showing(self, alignment: Alignment, member: Member) -> Pair:
        """The pair that shows a fact: ``member``'s article on the left and on the
        right the first other outlet whose counterpart shares the member's row,
        trying the fact's own outlets (its group) before any other; else the first
        other outlet of its group, else the right side kept."""
        left = self.with_left(member.article)
        group = alignment.group_of(member.article, member.sentence)
        grouped = sorted(group.articles - {member.article}) if group else []
        rest = [n for n in range(len(alignment.articles)) if n not in grouped]
        for other in [*grouped, *rest]:  # the fact's own outlets first
            if other == member.article or not _linked(alignment, member, other):
                continue
            rows = pair_rows(alignment, member.article, other)
            if any(row.shared and row.left == member.sentence for row in rows):
                return Pair(member.article, other, self.count)
        return Pair(member.article, grouped[0], self.count) if grouped else left


def _linked(alignment: Alignment, member: Member, other: int) -> bool:
    return any(i == member.sentence for i, _ in pair_links(alignment, member.article, other))


def nearest(
    alignment: Alignment, member: Member, other_article: int, k: int = 8
) -> list[tuple[int, float]]:
    """The ``k`` sentences of ``other_article`` most like ``member``'s, best first,
    each as (sentence index, score 0-100), for the reader to pick a counterpart.

    Sentences are compared on the engine's normalised content words (stems,
    without stopwords, spellings unified) with rapidfuzz's token set ratio,
    which scores a rewrite that keeps the fact's words high however they are
    ordered. On the labelled pairs of the seed story and BASIL events, the best
    true counterpart is among the first 8 for 91% of the sentences
    (benchmarks/counterparts.py).
    """
    from rapidfuzz import fuzz, process

    if other_article == member.article:
        raise ValueError("a counterpart is looked for in another article")
    query = _normalised(alignment.articles[member.article].sentences[member.sentence].text)
    choices = [_normalised(s.text) for s in alignment.articles[other_article].sentences]
    found = process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=k)
    return [(index, float(score)) for _, score, index in found]


@lru_cache(maxsize=65536)
def _normalised(text: str) -> str:
    """The sentence as the engine compares it: its content words, or the folded
    text when it has none."""
    from reader.matching.text import content_words

    return " ".join(content_words(text)) or text.casefold()
