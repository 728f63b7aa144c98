"""Linked sentences joined into groups: greedy average linkage, strongest links first.

Links are taken from the strongest down. A link between two sentences of one
group adds its score to the group's; a link between two groups joins them when
at least ``density`` of all the pairs between them are links (1.0: every pair).

Each group keeps a table of how many links it has to each neighbouring group,
so the test is one look-up. When two groups join, the table of the one with
fewer links is folded into the other's (and the neighbours' tables renamed to
match): a link is only ever moved into a group with at least twice the links,
so at most log2(E) times, O(E log E) in all for E links. Checking every pair
between the two groups instead costs up to O(m^4) for m connected sentences.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


def merge(
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float32],
    density: float,
) -> list[tuple[list[int], float]]:
    """Groups of two or more nodes joined along the links (i[k], j[k], scores[k]).

    Links are taken in order of descending score, then ascending ``i`` and
    ``j``; each pair of nodes is linked at most once. A group's score is the
    mean of the scores of the links that joined it and of the links taken
    after both their ends were in it.
    """
    order = np.lexsort((j, i, -scores))
    # linked nodes renumbered 0..m-1, so that tables and parents are plain lists
    linked = np.bincount(np.concatenate((i, j))) > 0
    nodes = np.flatnonzero(linked)
    local = np.cumsum(linked) - 1
    local_i, local_j = local[i[order]], local[j[order]]
    table = _neighbour_tables(local_i, local_j, len(nodes))
    parent = list(range(len(nodes)))
    size = [1] * len(nodes)
    weight = [len(t) for t in table]  # links with an end in the group
    joined: list[list[float]] = [[] for _ in range(len(nodes))]

    def root(x: int) -> int:
        top = x
        while parent[top] != top:
            top = parent[top]
        while parent[x] != top:
            parent[x], x = top, parent[x]
        return top

    for a, b, score in zip(local_i.tolist(), local_j.tolist(), scores[order].tolist(), strict=True):
        ra, rb = parent[a], parent[b]  # most often the roots already
        if parent[ra] != ra:
            ra = root(a)
        if parent[rb] != rb:
            rb = root(b)
        if ra == rb:
            joined[ra].append(score)
            continue
        if table[ra].get(rb, 0) < density * size[ra] * size[rb]:
            continue
        if weight[ra] < weight[rb]:
            ra, rb = rb, ra  # ra, the group with more links, keeps its table
        _fold(table, ra, rb)
        parent[rb] = ra
        size[ra] += size[rb]
        weight[ra] += weight[rb]
        kept, added = joined[ra], joined[rb]
        if len(kept) < len(added):
            kept, added = added, kept
        kept.extend(added)
        kept.append(score)
        joined[ra], joined[rb] = kept, []

    members: dict[int, list[int]] = {}
    for x, node in enumerate(nodes.tolist()):
        members.setdefault(root(x), []).append(node)
    return [
        (group, math.fsum(joined[r]) / len(joined[r]))
        for r, group in members.items()
        if len(group) > 1
    ]


def _neighbour_tables(
    i: npt.NDArray[np.intp], j: npt.NDArray[np.intp], nodes: int
) -> list[dict[int, int]]:
    """For each node, its linked nodes, each counted once."""
    ends = np.concatenate((i, j))
    others = np.concatenate((j, i))
    by_end = np.argsort(ends, kind="stable")
    linked = others[by_end].tolist()
    bounds = np.cumsum(np.bincount(ends, minlength=nodes)).tolist()
    return [
        dict.fromkeys(linked[start:stop], 1)
        for start, stop in zip([0, *bounds][:-1], bounds, strict=True)
    ]


def _fold(table: list[dict[int, int]], into: int, gone: int) -> None:
    """Fold group ``gone``'s link counts into group ``into``'s, and rename it in its neighbours'."""
    kept = table[into]
    del kept[gone]
    for neighbour, count in table[gone].items():
        if neighbour == into:
            continue
        kept[neighbour] = kept.get(neighbour, 0) + count
        theirs = table[neighbour]
        del theirs[gone]
        theirs[into] = theirs.get(into, 0) + count
    table[gone] = {}
