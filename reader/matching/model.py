"""What the matching engine finds: groups of sentences, scored links, per story.

Plain data, no numerical libraries: the reader imports it at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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
    (in the order of :data:`SIGNALS`).

    ``manual`` marks a pair the reader linked by hand (see :class:`Correction`):
    it scores :data:`MANUAL_SCORE` and has no signals.
    """

    a: Member
    b: Member
    score: float
    signals: tuple[float, ...] = ()
    manual: bool = False


MANUAL_SCORE = 100.0
"""The score of a pair the reader linked: the reader's word outweighs any score."""


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
    _linked: frozenset[Member] | None = field(default=None, init=False, repr=False, compare=False)
    _by_pair: dict[tuple[int, int], list[Link]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for group in self.groups:
            for member in group.members:
                self._group_of[member] = group.id

    def group_of(self, article: int, sentence: int) -> Group | None:
        gid = self._group_of.get(Member(article, sentence))
        return None if gid is None else self.groups[gid]

    def linked(self, article: int, sentence: int) -> bool:
        """Whether the sentence has a link to another outlet's (in a group or not)."""
        member = Member(article, sentence)
        return member in self._group_of or member in self._linked_members()

    def _linked_members(self) -> frozenset[Member]:
        if self._linked is None:
            self._linked = frozenset(m for link in self.links for m in (link.a, link.b))
        return self._linked

    def unique(self, article: int, sentence: int) -> bool:
        """Whether no other outlet reports the sentence: no link, and nothing close."""
        return not self.linked(article, sentence) and Member(article, sentence) not in self.nearby

    def shared_count(self, article: int) -> int:
        """How many of the article's body sentences another outlet also reports."""
        return sum(1 for s in self.articles[article].body if self.linked(article, s.index))

    def links_between(self, first: int, second: int) -> list[Link]:
        """The links between sentences of two articles, as stored (either way round).

        The links are indexed by pair of articles on first use, so that showing
        another pair of outlets reads that pair's links, not the whole story's.
        """
        if self._by_pair is None:
            index: dict[tuple[int, int], list[Link]] = {}
            for link in self.links:
                index.setdefault((link.a.article, link.b.article), []).append(link)
            self._by_pair = index
        found = self._by_pair.get((first, second), [])
        if first == second:
            return list(found)
        return [*found, *self._by_pair.get((second, first), ())]

    def corrected(self, corrections: Iterable[Correction]) -> Alignment:
        """This alignment with the reader's corrections applied over the engine's links.

        An unlinked pair loses its link (in either order); a linked pair gets a
        :attr:`Link.manual` link scoring :data:`MANUAL_SCORE`, in place of the
        engine's if it had one. Of two corrections of one pair the later wins;
        one naming a sentence the story does not have, or two sentences of one
        article, is ignored. Groups are made again, the engine's way, only where
        the links changed: among the sentences joined by links to a corrected one.
        A sentence left with a link but no group, or whose link the reader
        removed, is no longer called unique: it has, or had, a close counterpart.
        Applying the same corrections again changes nothing.
        """
        wanted: dict[tuple[Member, Member], bool] = {}
        for correction in corrections:
            a, b = correction.a, correction.b
            if self._exists(a) and self._exists(b) and a.article != b.article:
                wanted[_ordered(a, b)] = correction.linked
        if not wanted:
            return Alignment(
                self.articles, self.groups, self.links, self.threshold, self.candidates, self.nearby
            )
        links: list[Link] = []
        had_counterpart: set[Member] = set()
        for link in self.links:
            if _ordered(link.a, link.b) not in wanted:
                links.append(link)
            elif not wanted[_ordered(link.a, link.b)]:
                had_counterpart.update((link.a, link.b))
        links.extend(
            Link(a, b, MANUAL_SCORE, manual=True) for (a, b), linked in wanted.items() if linked
        )
        links.sort(key=lambda link: (link.a, link.b))
        touched = {member for pair in wanted for member in pair}
        reach = _connected(touched, links)
        groups = [
            g for g in self.groups if reach.isdisjoint(g.members) and touched.isdisjoint(g.members)
        ]
        groups.extend(_regroup(reach, links))
        groups.sort(key=lambda g: g.members)
        groups = [Group(gid, g.score, g.members) for gid, g in enumerate(groups)]
        grouped = {m for g in groups for m in g.members}
        nearby = (self.nearby | reach | had_counterpart) - grouped
        return Alignment(
            self.articles, groups, links, self.threshold, self.candidates, frozenset(nearby)
        )

    def _exists(self, member: Member) -> bool:
        return 0 <= member.article < len(self.articles) and 0 <= member.sentence < len(
            self.articles[member.article].sentences
        )


def _ordered(a: Member, b: Member) -> tuple[Member, Member]:
    return (a, b) if a <= b else (b, a)


def _connected(start: set[Member], links: Sequence[Link]) -> set[Member]:
    """The sentences joined by links, directly or through others, to any of ``start``
    (those of ``start`` with no link left out)."""
    neighbours: dict[Member, list[Member]] = {}
    for link in links:
        neighbours.setdefault(link.a, []).append(link.b)
        neighbours.setdefault(link.b, []).append(link.a)
    seen = {m for m in start if m in neighbours}
    todo = list(seen)
    while todo:
        for other in neighbours[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _regroup(members: set[Member], links: Sequence[Link]) -> list[Group]:
    """The groups the engine's grouping makes of ``members`` along their links.

    Every link with an end among ``members`` has both ends there (they are whole
    connected sets). Numerical libraries load here, only once the reader corrects.
    """
    if not members:
        return []
    import numpy as np

    from reader.matching.engine import DENSITY
    from reader.matching.grouping import merge

    nodes = sorted(members)
    number = {m: k for k, m in enumerate(nodes)}
    inner = [link for link in links if link.a in number]
    i = np.array([number[link.a] for link in inner], dtype=np.int64)
    j = np.array([number[link.b] for link in inner], dtype=np.int64)
    scores = np.array([link.score for link in inner], dtype=np.float32)
    return [
        Group(-1, round(score, 1), tuple(sorted(nodes[k] for k in found)))
        for found, score in merge(i, j, scores, DENSITY)
    ]
