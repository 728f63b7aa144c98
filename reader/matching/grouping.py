"""Linked sentences joined into groups: greedy average linkage, strongest links first.

Links are taken from the strongest down. A link between two sentences of one
group adds its score to the group's; a link between two groups joins them when
at least ``density`` of all the pairs between them are links (1.0: every pair).

Each group of two or more keeps a table of how many links it has to each
neighbouring group or sentence, so the test is one look-up (two single
sentences have the one link being looked at). When two groups join, the table
of the one with fewer links is folded into the other's, and the neighbours'
tables renamed to match: a link is only ever moved into a group with at least
twice the links, so at most log2(E) times, O(E log E) in all for E links.
Checking every pair between the two groups instead costs up to O(m^4) for m
connected sentences. A single sentence's table is counted from its links when
it joins a group, so the tables hold one entry per pair of neighbouring groups,
not one per link.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

CHUNK = 1 << 16
"""Links turned into Python numbers at a time, to bound memory."""


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
    # linked nodes renumbered 0..m-1, so that the forest is plain lists
    linked = np.bincount(np.concatenate((i, j))) > 0
    nodes = np.flatnonzero(linked)
    local = np.cumsum(linked) - 1
    first, second, ordered = local[i[order]], local[j[order]], scores[order]
    forest = _Forest(first, second, len(nodes))
    parent, size, tables, joined = forest.parent, forest.size, forest.tables, forest.joined
    root = forest.root
    for start in range(0, len(order), CHUNK):
        stop = start + CHUNK
        for a, b, score in zip(
            first[start:stop].tolist(),
            second[start:stop].tolist(),
            ordered[start:stop].tolist(),
            strict=True,
        ):
            ra, rb = parent[a], parent[b]  # most often the roots already
            if parent[ra] != ra:
                ra = root(a)
            if parent[rb] != rb:
                rb = root(b)
            if ra == rb:
                joined[ra].append(score)
                continue
            if ra in tables:
                between = tables[ra].get(rb, 0)
            elif rb in tables:
                between = tables[rb].get(ra, 0)
            else:
                between = 1  # two single nodes, and this link
            if between >= density * size[ra] * size[rb]:
                forest.join(ra, rb, score)
    members: dict[int, list[int]] = {}
    for x, node in enumerate(nodes.tolist()):
        members.setdefault(root(x), []).append(node)
    return [
        (group, math.fsum(joined[r]) / len(joined[r]))
        for r, group in members.items()
        if len(group) > 1
    ]


class _Forest:
    """Nodes joined into groups; each group's size, links and link-count table."""

    def __init__(self, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp], nodes: int) -> None:
        self.parent = list(range(nodes))
        self.size = [1] * nodes
        ends = np.concatenate((i, j))
        degree = np.bincount(ends, minlength=nodes)
        self.weight = degree.tolist()  # links with an end in the group
        self.neighbours = np.concatenate((j, i))[np.argsort(ends, kind="stable")]
        self.bounds = np.concatenate(([0], np.cumsum(degree))).tolist()
        self.tables: dict[int, dict[int, int]] = {}  # groups of two or more only
        self.joined: list[list[float]] = [[] for _ in range(nodes)]

    def root(self, x: int) -> int:
        parent = self.parent
        top = x
        while parent[top] != top:
            top = parent[top]
        while parent[x] != top:
            parent[x], x = top, parent[x]
        return top

    def join(self, ra: int, rb: int, score: float) -> None:
        """Join the groups rooted at ``ra`` and ``rb`` along a link of ``score``."""
        if self.weight[ra] < self.weight[rb]:
            ra, rb = rb, ra  # ra, the group with more links, keeps its table
        tables = self.tables
        kept = tables[ra] if ra in tables else self._count(ra)
        gone = tables.pop(rb) if rb in tables else self._count(rb)
        del kept[rb]
        for neighbour, count in gone.items():
            if neighbour == ra:
                continue
            kept[neighbour] = kept.get(neighbour, 0) + count
            theirs = tables.get(neighbour)
            if theirs is not None:
                del theirs[rb]
                theirs[ra] = theirs.get(ra, 0) + count
        tables[ra] = kept
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.weight[ra] += self.weight[rb]
        together, added = self.joined[ra], self.joined[rb]
        if len(together) < len(added):
            together, added = added, together
        together.extend(added)
        together.append(score)
        self.joined[ra], self.joined[rb] = together, []

    def _count(self, x: int) -> dict[int, int]:
        """The link counts of single node ``x`` to the groups of its neighbours."""
        table: dict[int, int] = {}
        parent = self.parent
        for neighbour in self.neighbours[self.bounds[x] : self.bounds[x + 1]].tolist():
            group = parent[neighbour]  # most often the root already
            if parent[group] != group:
                group = self.root(neighbour)
            table[group] = table.get(group, 0) + 1
        return table
