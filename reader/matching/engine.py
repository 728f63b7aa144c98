"""Cross-outlet groups: the sentences that different outlets wrote about one fact.

Each body sentence becomes a TF-IDF vector over its normalised content words
(see :mod:`reader.matching.text`). Words many sentences use weigh little, and a
word that every article of the story uses (Putin, Kyrgyzstan) weighs less again.
Two sentences score the cosine of their vectors, times 100.

Scoring every pair would grow with the square of the story. Instead only pairs
that share a *rare* word are scored (candidate blocking): a word used by at most
``max(BLOCK_MIN, BLOCK_SHARE * n)`` sentences. Pairs above the threshold are
joined into groups, strongest first, and a group never takes two sentences of
one article unless they are neighbours (one outlet splitting what another wrote
as one sentence).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from reader.articles import Article
from reader.matching.text import content_words, variant_map

DEFAULT_THRESHOLD = 40.0
"""Chosen on the hand-labelled seed story: see README, "Matching quality"."""

BLOCK_MIN = 50
BLOCK_SHARE = 0.05
EVERYWHERE_WEIGHT = 0.5
"""Extra weight factor for a word found in every article of a story of three or more."""


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


@dataclass(frozen=True, slots=True)
class Link:
    """One scored pair above the threshold."""

    a: Member
    b: Member
    score: float


@dataclass
class Alignment:
    """The engine's result for a story."""

    articles: Sequence[Article]
    groups: list[Group]
    links: list[Link]
    threshold: float
    candidates: int = 0
    _group_of: dict[Member, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for member in group.members:
                self._group_of[member] = group.id

    def group_of(self, article: int, sentence: int) -> Group | None:
        gid = self._group_of.get(Member(article, sentence))
        return None if gid is None else self.groups[gid]

    def shared_count(self, article: int) -> int:
        """How many of the article's sentences another outlet also reports."""
        return sum(1 for m in self._group_of if m.article == article)


@dataclass
class Vectors:
    """Body sentences of a story as unit-length TF-IDF rows."""

    members: list[Member]
    matrix: sparse.csr_matrix
    rare: sparse.csr_matrix


def vectorize(articles: Sequence[Article]) -> Vectors:
    members: list[Member] = []
    words: list[list[str]] = []
    for a, article in enumerate(articles):
        for s in article.sentences:
            if s.is_body:
                found = content_words(s.text)
                if found:
                    members.append(Member(a, s.index))
                    words.append(found)
    variants = variant_map(w for ws in words for w in ws)
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, ws in enumerate(words):
        for w in {variants.get(w, w) for w in ws}:
            rows.append(row)
            cols.append(index.setdefault(w, len(index)))
    n, vocabulary = len(members), len(index)
    ones = np.ones(len(rows), dtype=np.float32)
    binary = sparse.csr_matrix((ones, (rows, cols)), shape=(n, vocabulary), dtype=np.float32)
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = np.log((n + 1) / (df + 1)) + 1.0
    article_of = np.array([m.article for m in members], dtype=np.int64)
    if len(articles) >= 3:
        per_article = sparse.csr_matrix(
            (np.ones(n, dtype=np.float32), (article_of, np.arange(n))), shape=(len(articles), n)
        )
        # nonzeros per column of an (articles x words) count matrix: articles using each word
        article_df = np.diff(sparse.csc_matrix(per_article @ binary).indptr)
        idf = np.where(article_df >= len(articles), idf * EVERYWHERE_WEIGHT, idf)
    weighted = binary @ sparse.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(weighted.multiply((1.0 / norms)[:, None]).astype(np.float32))
    cap = max(BLOCK_MIN, math.ceil(BLOCK_SHARE * n))
    rare = binary[:, np.flatnonzero(df <= cap)]
    return Vectors(members, matrix, rare)


def candidate_pairs(vectors: Vectors) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs (i < j) of sentences of different articles that share a rare word."""
    shared = sparse.triu(vectors.rare @ vectors.rare.T, k=1).tocoo()
    article = np.array([m.article for m in vectors.members], dtype=np.int64)
    keep = article[shared.row] != article[shared.col]
    return shared.row[keep].astype(np.int64), shared.col[keep].astype(np.int64)


def score_pairs(
    vectors: Vectors, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]
) -> npt.NDArray[np.float32]:
    """Cosine times 100 for each pair (i[k], j[k])."""
    if len(i) == 0:
        return np.zeros(0, dtype=np.float32)
    products = vectors.matrix[i].multiply(vectors.matrix[j])
    return np.asarray(products.sum(axis=1), dtype=np.float32).ravel() * 100


def align(
    articles: Sequence[Article],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[float], None] | None = None,
) -> Alignment:
    """Groups of sentences that different articles share, strongest links first.

    ``progress``, when given, is called with the fraction of the work done.
    """
    report = progress or (lambda _: None)
    vectors = vectorize(articles)
    report(0.4)
    if not vectors.members:
        report(1.0)
        return Alignment(articles, [], [], threshold)
    i, j = candidate_pairs(vectors)
    report(0.6)
    scores = score_pairs(vectors, i, j)
    report(0.8)
    keep = scores >= threshold
    i, j, scores = i[keep], j[keep], scores[keep]
    links = [
        Link(vectors.members[a], vectors.members[b], round(float(s), 1))
        for a, b, s in zip(i.tolist(), j.tolist(), scores.tolist(), strict=True)
    ]
    groups = _group(vectors.members, i, j, scores)
    report(1.0)
    return Alignment(articles, groups, links, threshold, candidates=len(keep))


def _group(
    members: list[Member],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
) -> list[Group]:
    """Join linked sentences into groups; components that mix up an article are split."""
    n = len(members)
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    edges_of: dict[int, list[int]] = defaultdict(list)
    for k, label in enumerate(labels[i].tolist()):
        edges_of[label].append(k)
    found: list[tuple[list[int], float]] = []
    for label, edge_ids in edges_of.items():
        nodes = np.flatnonzero(labels == label).tolist()
        if _consistent(members, nodes):
            found.append((nodes, float(scores[edge_ids].mean())))
        else:
            found.extend(
                _greedy(members, [(int(i[k]), int(j[k]), float(scores[k])) for k in edge_ids])
            )
    del count
    ordered = sorted(
        (sorted(members[x] for x in nodes), score) for nodes, score in found if len(nodes) > 1
    )
    return [
        Group(gid, round(score, 1), tuple(group_members))
        for gid, (group_members, score) in enumerate(ordered)
    ]


def _consistent(members: list[Member], nodes: list[int]) -> bool:
    """At most one sentence per article, or only neighbouring sentences of one."""
    by_article: dict[int, list[int]] = defaultdict(list)
    for x in nodes:
        by_article[members[x].article].append(members[x].sentence)
    return all(max(s) - min(s) <= len(s) - 1 and len(s) <= 2 for s in by_article.values())


def _greedy(
    members: list[Member], edges: list[tuple[int, int, float]]
) -> list[tuple[list[int], float]]:
    """Merge the strongest links first, refusing merges that break :func:`_consistent`."""
    group: dict[int, list[int]] = {}
    scores: dict[int, list[float]] = {}
    for a, b, score in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        ga, gb = group.get(a, [a]), group.get(b, [b])
        if ga is gb:
            scores[id(ga)].append(score)
            continue
        merged = ga + gb
        if not _consistent(members, merged):
            continue
        merged_scores = scores.pop(id(ga), []) + scores.pop(id(gb), []) + [score]
        for x in merged:
            group[x] = merged
        scores[id(merged)] = merged_scores
    unique = {id(g): g for g in group.values()}
    return [(g, sum(scores[k]) / len(scores[k])) for k, g in unique.items()]
