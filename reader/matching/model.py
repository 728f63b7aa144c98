"""What the matching engine finds: groups of sentences, scored links, per story.

Plain data, no numerical libraries: the reader imports it at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from reader.articles import Article


@dataclass(frozen=True, slots=True, order=True)
class Member:
    """A sentence of the story: article number and sentence index in that article."""

    article: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Group:
    """Sentences of two or more outlets that report the same thing."""

    id: int
    score: float
    members: tuple[Member, ...]

    @property
    def articles(self) -> frozenset[int]:
        return frozenset(m.article for m in self.members)


SIGNALS = (
    "cosine",
    "shared",
    "overlap",
    "numbers",
    "neighbours",
    "topic",
    "lead",
    "length",
    "best",
)
"""What a link's score is made of, in order (``reader.matching.engine`` explains each)."""


@dataclass(frozen=True, slots=True)
class Link:
    """One scored pair above the threshold, and the signals its score is made of
    (in the order of :data:`SIGNALS`)."""

    a: Member
    b: Member
    score: float
    signals: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """A reader's correction of the engine for two sentences of different articles.

    ``linked`` True links them (a pair the engine missed); False keeps them apart
    (a pair the engine made wrongly). Corrections are applied over the engine's
    links by :meth:`Alignment.corrected`.
    """

    a: Member
    b: Member
    linked: bool


class LazyLinks(Sequence[Link]):
    """Links made only when first read.

    A large story has millions of links; making them all would take longer than
    finding them. ``rows`` gives each as a plain row (article, sentence, article,
    sentence, score, signals...) without making it, for writing them out.
    """

    def __init__(
        self,
        count: int,
        make: Callable[[], list[Link]],
        rows: Callable[[], Iterator[list[float]]] | None = None,
    ) -> None:
        self._count = count
        self._make: Callable[[], list[Link]] | None = make
        self._links: list[Link] = []
        self._rows = rows

    def rows(self) -> Iterator[list[float]]:
        """Each link as a row: both sentences, the score, then its signals."""
        if self._rows is not None and self._make is not None:
            return self._rows()
        return (link_row(link) for link in self._made())

    def _made(self) -> list[Link]:
        if self._make is not None:
            self._links, self._make = self._make(), None
        return self._links

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Link: ...
    @overload
    def __getitem__(self, index: slice) -> list[Link]: ...
    def __getitem__(self, index: int | slice) -> Link | list[Link]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Link]:
        return iter(self._made())


def link_row(link: Link) -> list[float]:
    return [
        link.a.article,
        link.a.sentence,
        link.b.article,
        link.b.sentence,
        link.score,
        *link.signals,
    ]


@dataclass
class Alignment:
    """The engine's result for a story."""

    articles: Sequence[Article]
    groups: list[Group]
    links: Sequence[Link]
    threshold: float
    candidates: int = 0
    nearby: frozenset[Member] = frozenset()
    """Sentences with no link that another outlet has a sentence close to (scored at
    least NEARBY, below the threshold): not shown as unique, since they may not be."""
    _group_of: dict[Member, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for member in group.members:
                self._group_of[member] = group.id

    def group_of(self, article: int, sentence: int) -> Group | None:
        gid = self._group_of.get(Member(article, sentence))
        return None if gid is None else self.groups[gid]

    def unique(self, article: int, sentence: int) -> bool:
        """Whether no other outlet reports the sentence: no link, and nothing close."""
        member = Member(article, sentence)
        return member not in self._group_of and member not in self.nearby

    def shared_count(self, article: int) -> int:
        """How many of the article's sentences another outlet also reports."""
        return sum(1 for m in self._group_of if m.article == article)
