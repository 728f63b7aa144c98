"""Cross-outlet groups: the sentences that different outlets wrote about one fact.

Each body sentence becomes a TF-IDF vector over its normalised content words
(see :mod:`reader.matching.text`). Words many sentences use weigh little, and a
word that every article of the story uses (Putin, Kyrgyzstan) weighs less again.
Two sentences score the cosine of their vectors, times 100.

Scoring every pair would grow with the square of the story. Instead only pairs
that share two *rare* words are scored (candidate blocking): words used by at
most ``max(BLOCK_MIN, BLOCK_SHARE * n)`` sentences; a sentence whose two shared
words are shared with a crowd keeps such pairs only when it has as many
stronger ones (see :func:`candidate_pairs`). Pairs above the threshold are
joined into groups, strongest first; a sentence joins a group only when it is
linked to every member (``DENSITY``), so one loose resemblance cannot chain two
facts together.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from reader.articles import Article, Sentence
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.grouping import merge
from reader.matching.model import SIGNALS, Alignment, Group, LazyLinks, Link, Member
from reader.matching.text import acronyms, content_words, expand_acronyms, variant_map

BLOCK_MIN = 50
BLOCK_SHARE = 0.04
"""A word used by at most this share of a story's sentences (or BLOCK_MIN) is rare.

Measured on 200 synthetic outlets (benchmarks/speed.py): 0.04 keeps 99.4% of
brute force's matches in 0.65 s; 0.05, 99.9% in 1.2 s; 0.03, 99.0% in 0.5 s."""
BLOCK_SHARED = 2
BLOCK_STRONG = 3
"""Pairs sharing this many rare words are always scored; see :func:`candidate_pairs`."""
BLOCK_KEEP = 20
"""A sentence with at most this many pairs sharing fewer rare words keeps them all.

Measured with benchmarks/scale.py (8 facts each told by 50-85% of the outlets):
at 1,000 outlets, 2.2 M of the 8.3 M pairs sharing two rare words or more are
scored, with 99.5% of their matches (98.7% of brute force's); at 200 outlets,
144 k of 317 k, with 99.99%. With benchmarks/speed.py (facts told by about 12
outlets) at 200 outlets, 99.38% of brute force's matches (99.44% uncapped). On
the seed story and the 94 BASIL events, no match is lost."""
BLOCK_WORK = 4_000_000
"""Word matches counted at once when looking for candidate pairs, to bound memory."""
SCORE_CHUNK = 50_000
DENSITY = 1.0
"""Share of the possible links between two sets of sentences needed to join them.

Measured on the seed story at the default threshold: 1.0 (every pair linked)
keeps precision at 0.96; 0.5 finds two more near-duplicate pairs and eight more
looser rewrites at a precision of 0.87."""
NEARBY = 20.0
"""A sentence with a candidate scoring this much in another outlet is not called
unique (``+``) even when nothing passes the threshold. On the labelled stories
(benchmarks/matching.py) 28% of the sentences called unique at 20 are in fact
shared, against 34% at 40 and 17% at 5, where nearly every sentence is unsure."""
EVERYWHERE_WEIGHT = 0.5
"""Extra weight factor for a word found in every article of a story of three or more."""


def matched(article: Article) -> list[Sentence]:
    """The sentences matching looks at: the body and the headline, not page clutter
    and not sub-headings (section labels such as "Focus on Economic Cooperation")."""
    found: list[Sentence] = []
    for sentence in article.sentences:
        if sentence.clutter is None and (sentence.is_body or not found):
            found.append(sentence)
    return found


@dataclass
class Vectors:
    """Body sentences of a story: word sets, word weights, unit-length TF-IDF rows."""

    members: list[Member]
    article: npt.NDArray[np.int64]  # each sentence's article number
    binary: sparse.csr_matrix  # sentence x word, 1 where the sentence uses the word
    idf: npt.NDArray[np.float32]
    matrix: sparse.csr_matrix  # binary rows weighted by idf, scaled to unit length
    rare: sparse.csr_matrix  # binary restricted to the words used for blocking
    totals: npt.NDArray[np.float32]  # each sentence's words' weights, summed
    numeric: npt.NDArray[np.float32]  # 1 for each word that holds a digit ("97", "97-1")
    common: npt.NDArray[np.float32]  # 1 for each word every article uses (the story's topic)
    position: npt.NDArray[np.int64]  # each sentence's place among its article's matched ones
    lengths: npt.NDArray[np.float32]  # each sentence's number of distinct words


def vectorize(articles: Sequence[Article]) -> Vectors:
    members: list[Member] = []
    words: list[list[str]] = []
    chosen = [matched(article) for article in articles]
    names = acronyms(s.text for sentences in chosen for s in sentences)
    for a, sentences in enumerate(chosen):
        for s in sentences:
            found = content_words(expand_acronyms(s.text, names) if names else s.text)
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
    common = np.zeros(vocabulary, dtype=np.float32)
    if len(articles) >= 3:
        per_article = sparse.csr_matrix(
            (np.ones(n, dtype=np.float32), (article_of, np.arange(n))), shape=(len(articles), n)
        )
        # nonzeros per column of an (articles x words) count matrix: articles using each word
        article_df = np.diff(sparse.csc_matrix(per_article @ binary).indptr)
        common = (article_df >= len(articles)).astype(np.float32)
        idf = np.where(common > 0, idf * EVERYWHERE_WEIGHT, idf)
    weighted = binary @ sparse.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(weighted.multiply((1.0 / norms)[:, None]).astype(np.float32))
    cap = max(BLOCK_MIN, math.ceil(BLOCK_SHARE * n))
    rare = binary[:, np.flatnonzero(df <= cap)]
    # weights in units of the rarest word, so scores mean the same in any size of story
    unit_idf = (idf / (math.log(n + 1) + 1.0)).astype(np.float32)
    totals = np.asarray(binary @ unit_idf).ravel().astype(np.float32)
    numeric = np.zeros(vocabulary, dtype=np.float32)
    numeric[[k for w, k in index.items() if any(ch.isdigit() for ch in w)]] = 1.0
    starts = np.searchsorted(article_of, article_of)  # members are in article order
    position = np.arange(n, dtype=np.int64) - starts
    lengths = np.diff(binary.indptr).astype(np.float32)
    return Vectors(
        members,
        article_of,
        binary,
        unit_idf,
        matrix,
        rare,
        totals,
        numeric,
        common,
        position,
        lengths,
    )


def candidate_pairs(vectors: Vectors) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs (i < j) of sentences of different articles sharing ``BLOCK_SHARED`` rare words.

    A pair sharing ``BLOCK_STRONG`` rare words or more is always a candidate. A
    pair sharing fewer is one when either of its sentences has few such weak
    pairs: at most ``BLOCK_KEEP``, or at most as many as it has strong ones. A
    sentence with more shares its few rare words with a crowd (a name in
    hundreds of sentences of a large story), and pairs that share only those
    rarely match; one whose fact is told by hundreds of outlets keeps them, as
    its strong pairs are as many.
    """
    i, j, shared = _sharing_pairs(vectors)
    n = vectors.rare.shape[0]
    strong = shared >= BLOCK_STRONG
    strong_pairs = np.bincount(i[strong], minlength=n) + np.bincount(j[strong], minlength=n)
    weak_pairs = np.bincount(i[~strong], minlength=n) + np.bincount(j[~strong], minlength=n)
    few = weak_pairs <= np.maximum(BLOCK_KEEP, strong_pairs)
    keep = strong | few[i] | few[j]
    return i[keep].astype(np.int64), j[keep].astype(np.int64)


def _sharing_pairs(
    vectors: Vectors,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """Pairs (i < j) of sentences of different articles sharing ``BLOCK_SHARED`` rare
    words or more, and how many they share.

    Counted by sparse products of blocks of sentences with the sentences after
    them; a block ends where its word matches would pass ``BLOCK_WORK``, so
    memory stays bounded however common a rare word is.
    """
    rare = sparse.csr_matrix(vectors.rare, dtype=np.float32)
    n = rare.shape[0]
    article = vectors.article.astype(np.int32)
    rare_t = sparse.csr_matrix(rare.T)
    # word matches of each sentence: the sentences using each of its rare words
    work = np.cumsum(rare @ np.asarray(rare.sum(axis=0)).ravel())
    found: list[tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.float32]]]
    found = []
    top = 0
    while top < n:
        done = work[top - 1] if top else 0.0
        stop = min(n, max(top + 1, int(np.searchsorted(work, done + BLOCK_WORK, side="right"))))
        shared = sparse.csr_matrix(rare[top:stop] @ rare_t[:, top:])
        at = np.flatnonzero(shared.data >= BLOCK_SHARED)
        rows = (np.searchsorted(shared.indptr, at, side="right") - 1 + top).astype(np.int32)
        cols = shared.indices[at].astype(np.int32) + top
        keep = (cols > rows) & (article[rows] != article[cols])
        found.append((rows[keep], cols[keep], shared.data[at][keep]))
        top = stop
    if not found:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.float32)
    rows, cols, counts = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return rows, cols, counts


FEATURES = SIGNALS
"""What a pair's score is made of, in the order of :data:`WEIGHTS`:

* cosine: how much of the two sentences is the same (TF-IDF cosine);
* shared: how much evidence they share (the rarity-weighted count of shared
  words, a word as rare as can be counting 1);
* overlap: how much of the shorter sentence the longer one holds (shared weight
  over the shorter sentence's weight), so a sentence that retells one clause of a
  longer one still scores;
* numbers: shared numbers and scores ("97-1", "134 to 63"), specifics that
  retellings keep and unrelated sentences rarely share;
* neighbours: the cosine of the sentences just before (or after) both, where
  they are candidates too: retellings keep much of their order;
* topic: the share of the shared weight that comes from words every article
  uses (the story's own topic), which says little about the fact;
* lead: both sentences open their articles (headline or first two sentences),
  where outlets state the same main fact;
* length: the shorter sentence's number of words (log);
* best: on how many of its two sides the pair is the closest (by cosine) that
  sentence has in the other's article: 2 for a mutual best match.
"""
WEIGHTS = np.array(
    [1.681, 1.960, 1.163, 0.282, 0.901, 1.732, 2.060, -0.841, 0.412], dtype=np.float32
)
BIAS = -4.021
"""Fitted on the labelled stories by ``benchmarks/matching.py --fit``."""


def pair_features(
    vectors: Vectors, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]
) -> npt.NDArray[np.float32]:
    """One row of :data:`FEATURES` per pair (i[k], j[k])."""
    found = np.zeros((len(i), len(FEATURES)), dtype=np.float32)
    for top in range(0, len(i), SCORE_CHUNK):  # in chunks, to bound memory
        a, b = i[top : top + SCORE_CHUNK], j[top : top + SCORE_CHUNK]
        both = vectors.binary[a].multiply(vectors.binary[b])
        cosine = np.asarray(vectors.matrix[a].multiply(vectors.matrix[b]).sum(axis=1)).ravel()
        shared = np.asarray(both @ vectors.idf).ravel()
        shorter = np.minimum(vectors.totals[a], vectors.totals[b])
        rows = slice(top, top + len(a))
        found[rows, 0] = cosine
        found[rows, 1] = shared
        found[rows, 2] = shared / np.maximum(shorter, 1e-6)
        found[rows, 3] = np.asarray(both @ vectors.numeric).ravel()
        topic = np.asarray(both @ (vectors.idf * vectors.common)).ravel()
        found[rows, 5] = topic / np.maximum(shared, 1e-6)
        found[rows, 6] = (vectors.position[a] < 3) & (vectors.position[b] < 3)
        found[rows, 7] = np.log1p(np.minimum(vectors.lengths[a], vectors.lengths[b]))
    found[:, 4] = _neighbours(vectors, i, j, found[:, 0])
    article = vectors.article
    found[:, 8] = _is_best(i, article[j], found[:, 0]) + _is_best(j, article[i], found[:, 0])
    return found


def _is_best(
    sentence: npt.NDArray[np.int64], other: npt.NDArray[np.int64], value: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """1 where ``value`` is the highest among the pairs of that sentence with that article."""
    if len(sentence) == 0:
        return np.zeros(0, dtype=np.float32)
    key = sentence * (int(other.max()) + 1) + other
    order = np.lexsort((-value, key))
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    best = np.zeros(len(key), dtype=np.float32)
    best[order[first]] = 1.0
    return best


def _neighbours(
    vectors: Vectors,
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    cosine: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """For each pair, the better cosine of the pairs one sentence before and one after both."""
    n = len(vectors.members)
    keys = i * n + j
    order = np.argsort(keys)
    sorted_keys = keys[order]
    best = np.zeros(len(i), dtype=np.float32)
    article = vectors.article
    for step in (-1, 1):
        a, b = i + step, j + step
        inside = (a >= 0) & (b >= 0) & (a < n) & (b < n)
        a, b = np.where(inside, a, 0), np.where(inside, b, 0)
        inside &= (article[a] == article[i]) & (article[b] == article[j])
        at = np.searchsorted(sorted_keys, a * n + b)
        at = np.minimum(at, len(sorted_keys) - 1)
        hit = inside & (sorted_keys[at] == a * n + b) if len(sorted_keys) else inside & False
        best = np.maximum(best, np.where(hit, cosine[order[at]], 0.0))
    return best


def score_pairs(
    vectors: Vectors, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]
) -> npt.NDArray[np.float32]:
    """The score (0-100) of each pair (i[k], j[k]): see :data:`FEATURES`."""
    return evidence(pair_features(vectors, i, j))


def evidence(features: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Score = 100 * logistic(features . WEIGHTS + BIAS): the chance, as the labelled
    stories have it, that the two sentences report the same fact."""
    z: npt.NDArray[np.float32] = features @ WEIGHTS + BIAS
    return (100 / (1 + np.exp(-z))).astype(np.float32)


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
    features = pair_features(vectors, i, j)
    scores = evidence(features)
    report(0.8)
    keep = scores >= threshold
    close = (scores >= min(NEARBY, threshold)) & ~keep
    nearby = {vectors.members[k] for k in np.concatenate([i[close], j[close]]).tolist()}
    order = np.flatnonzero(keep)
    order = order[np.lexsort((j[order], i[order]))]  # in reading order, the same every run
    i, j, scores, signals = i[order], j[order], scores[order], features[order]
    members = vectors.members  # the links keep these, not the word vectors
    links = LazyLinks(
        len(i),
        lambda: _links(members, i, j, scores, signals),
        lambda: _rows(members, i, j, scores, signals),
    )
    groups = _group(vectors.members, i, j, scores)
    report(1.0)
    linked = {m for group in groups for m in group.members}
    return Alignment(
        articles, groups, links, threshold, candidates=len(keep), nearby=frozenset(nearby - linked)
    )


def _links(
    members: list[Member],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    signals: npt.NDArray[np.float32],
) -> list[Link]:
    return [
        Link(members[a], members[b], row[4], tuple(row[5:]))
        for a, b, row in zip(
            i.tolist(), j.tolist(), _rows(members, i, j, scores, signals), strict=True
        )
    ]


def _rows(
    members: list[Member],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    signals: npt.NDArray[np.float32],
) -> Iterator[list[float]]:
    """The links as rows (see ``LazyLinks.rows``), a chunk of arrays at a time."""
    for top in range(0, len(i), SCORE_CHUNK):
        chunk = slice(top, top + SCORE_CHUNK)
        rounded = np.round(signals[chunk].astype(np.float64), 3).tolist()
        for a, b, score, row in zip(
            i[chunk].tolist(), j[chunk].tolist(), scores[chunk].tolist(), rounded, strict=True
        ):
            ma, mb = members[a], members[b]
            yield [ma.article, ma.sentence, mb.article, mb.sentence, round(score, 1), *row]


def _group(
    members: list[Member],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
) -> list[Group]:
    """Join linked sentences into groups.

    A connected set of links becomes one group when it is tight already: at
    least ``DENSITY`` of all its possible links present. Any other set is split
    by :func:`reader.matching.grouping.merge`, so a chain of loose resemblances
    never lumps unrelated facts together.
    """
    n = len(members)
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    links = np.bincount(labels[i], minlength=len(sizes))
    tight = (links > 0) & (links >= DENSITY * sizes * (sizes - 1) / 2)
    found: list[tuple[list[int], float]] = []
    nodes_by_label = np.argsort(labels, kind="stable")
    node_ends = np.cumsum(sizes)
    edges_by_label = np.argsort(labels[i], kind="stable")
    edge_ends = np.cumsum(links)
    for label in np.flatnonzero(tight).tolist():
        nodes = nodes_by_label[node_ends[label] - sizes[label] : node_ends[label]]
        edge_ids = edges_by_label[edge_ends[label] - links[label] : edge_ends[label]]
        found.append((nodes.tolist(), float(scores[edge_ids].mean())))
    loose = ~tight[labels[i]]
    found.extend(merge(i[loose], j[loose], scores[loose], DENSITY))
    # groups sorted by their sentences in story order, as plain numbers
    story = np.lexsort(([m.sentence for m in members], [m.article for m in members]))
    rank = np.empty(n, dtype=np.int64)
    rank[story] = np.arange(n)
    ordered = sorted(
        (np.sort(rank[nodes]).tolist(), score) for nodes, score in found if len(nodes) > 1
    )
    in_order = [members[x] for x in story.tolist()]
    return [
        Group(gid, round(score, 1), tuple(in_order[r] for r in ranks))
        for gid, (ranks, score) in enumerate(ordered)
    ]
