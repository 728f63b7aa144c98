"""Grouping linked sentences: the link-count tables give the groups of pair-by-pair checks.

The reference below is the grouping the engine used before, which counted the
links between two groups pair by pair at every merge. The engine's grouping
must give exactly its groups and scores, on random graphs and on the seed story.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt
import pytest
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from reader.articles import Article
from reader.matching.engine import (
    DENSITY,
    _group,
    candidate_pairs,
    score_pairs,
    vectorize,
)
from reader.matching.grouping import merge
from reader.matching.model import Group, Member


def reference_group(
    members: list[Member],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    density: float = DENSITY,
) -> list[Group]:
    n = len(members)
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    edges_of: dict[int, list[int]] = defaultdict(list)
    for k, label in enumerate(labels[i].tolist()):
        edges_of[label].append(k)
    found: list[tuple[list[int], float]] = []
    for label, edge_ids in edges_of.items():
        nodes = np.flatnonzero(labels == label).tolist()
        possible = len(nodes) * (len(nodes) - 1) / 2
        if len(edge_ids) >= density * possible:
            found.append((nodes, float(scores[edge_ids].mean())))
        else:
            edges = [(int(i[k]), int(j[k]), float(scores[k])) for k in edge_ids]
            found.extend(reference_merge(edges, density))
    ordered = sorted(
        (sorted(members[x] for x in nodes), score) for nodes, score in found if len(nodes) > 1
    )
    return [
        Group(gid, round(score, 1), tuple(group_members))
        for gid, (group_members, score) in enumerate(ordered)
    ]


def reference_merge(
    edges: list[tuple[int, int, float]], density: float
) -> list[tuple[list[int], float]]:
    linked = {(a, b) for a, b, _ in edges} | {(b, a) for a, b, _ in edges}
    group: dict[int, list[int]] = {}
    scores: dict[int, list[float]] = {}
    for a, b, score in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        ga, gb = group.get(a, [a]), group.get(b, [b])
        if ga is gb:
            scores[id(ga)].append(score)
            continue
        between = sum(1 for x in ga for y in gb if (x, y) in linked)
        if between < density * len(ga) * len(gb):
            continue
        merged = ga + gb
        merged_scores = scores.pop(id(ga), []) + scores.pop(id(gb), []) + [score]
        for x in merged:
            group[x] = merged
        scores[id(merged)] = merged_scores
    unique = {id(g): g for g in group.values()}
    return [(g, sum(scores[k]) / len(scores[k])) for k, g in unique.items()]


def random_links(
    seed: int, nodes: int = 120
) -> tuple[list[Member], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Overlapping near-cliques with stray links between them; scores with many ties."""
    rng = np.random.default_rng(seed)
    members = [Member(k // 7, k % 7) for k in range(nodes)]
    pairs: set[tuple[int, int]] = set()
    for _ in range(rng.integers(5, 25)):
        clique = rng.choice(nodes, size=rng.integers(2, 20), replace=False)
        keep = rng.uniform(0.6, 1.0)
        pairs.update(
            (int(min(a, b)), int(max(a, b)))
            for a in clique
            for b in clique
            if a != b and rng.random() < keep
        )
    for _ in range(rng.integers(0, 60)):
        a, b = rng.choice(nodes, size=2, replace=False)
        pairs.add((int(min(a, b)), int(max(a, b))))
    ordered = sorted(pairs)
    rng.shuffle(ordered)
    i = np.array([a for a, _ in ordered], dtype=np.int64)
    j = np.array([b for _, b in ordered], dtype=np.int64)
    scores = np.round(rng.uniform(55, 70, size=len(ordered)), 0).astype(np.float32)
    return members, i, j, scores


@pytest.mark.parametrize("seed", range(60))
def test_grouping_matches_the_pair_by_pair_reference_on_random_graphs(seed: int) -> None:
    members, i, j, scores = random_links(seed)
    assert _group(members, i, j, scores) == reference_group(members, i, j, scores)


@pytest.mark.parametrize("density", [0.5, 0.8])
def test_merge_matches_the_reference_at_lower_density(density: float) -> None:
    for seed in range(20):
        _, i, j, scores = random_links(seed)
        edges = [(int(a), int(b), float(s)) for a, b, s in zip(i, j, scores, strict=True)]
        expected = sorted((sorted(g), round(s, 9)) for g, s in reference_merge(edges, density))
        got = sorted((sorted(g), round(s, 9)) for g, s in merge(i, j, scores, density))
        assert got == expected


def test_random_graphs_exercise_merging() -> None:
    """Most random graphs have connected sets that merging splits into several groups."""
    split = 0
    for seed in range(60):
        members, i, j, scores = random_links(seed)
        n = len(members)
        graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
        components = len(np.unique(connected_components(graph, directed=False)[1][i]))
        split += len(_group(members, i, j, scores)) > components
    assert split >= 50


@pytest.mark.parametrize("threshold", [25.0, 40.0, 55.0])
def test_grouping_matches_the_reference_on_the_seed_story(
    seed_articles: list[Article], threshold: float
) -> None:
    vectors = vectorize(seed_articles)
    i, j = candidate_pairs(vectors)
    scores = score_pairs(vectors, i, j)
    keep = scores >= threshold
    i, j, scores = i[keep], j[keep], scores[keep]
    groups = _group(vectors.members, i, j, scores)
    assert groups == reference_group(vectors.members, i, j, scores)
    assert groups


def test_merge_of_no_links_is_empty() -> None:
    empty = np.zeros(0, dtype=np.int64)
    assert merge(empty, empty, np.zeros(0, dtype=np.float32), DENSITY) == []
