"""Rows of a two-pane view of two articles, from the engine's links.

Each side keeps its reading order and every sentence of both articles appears
exactly once. A row holds a sentence on both sides only when the two are a
linked pair (a *shared* row); the set of shared rows is the heaviest set of
links that do not cross (a weighted longest increasing subsequence). Between
two shared rows each side's unmatched sentences stand against filler on the
other side, the left run first and then the right, as Meld or vimdiff show a
changed block: two unrelated sentences side by side would look matched. A link
that would cross stays a *link*: its sentence keeps its place and points to its
counterpart so the view can jump there.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.matching.model import Alignment, Link


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the pair view. ``left``/``right`` are sentence indices or None (filler).

    ``score`` is set on a shared row: both sides are set and linked, and
    ``manual`` tells that the reader linked them by hand. Any other row has one
    side only, and ``left_link``/``right_link`` name the counterpart on the
    other side of a sentence whose match is elsewhere in the other article
    (moved).
    """

    left: int | None
    right: int | None
    score: float | None = None
    left_link: int | None = None
    right_link: int | None = None
    manual: bool = False

    @property
    def matched(self) -> bool:
        """Whether the row is shared: both sentences linked (the same as :attr:`shared`)."""
        return self.score is not None

    @property
    def shared(self) -> bool:
        return self.score is not None

    @property
    def moved(self) -> bool:
        return self.left_link is not None or self.right_link is not None


def pair_links(alignment: Alignment, left: int, right: int) -> dict[tuple[int, int], float]:
    """Every linked pair (left sentence, right sentence) with its score, the
    reader's own links included.

    Pairs are decided pair by pair: what two articles share depends on their two
    texts (and the story-wide word weights), not on which other outlets are loaded.
    """
    return {pair: link.score for pair, link in _links(alignment, left, right).items()}


def _links(alignment: Alignment, left: int, right: int) -> dict[tuple[int, int], Link]:
    pairs: dict[tuple[int, int], Link] = {}
    for link in alignment.links_between(left, right):
        if link.a.article == left:
            pairs[(link.a.sentence, link.b.sentence)] = link
        else:
            pairs[(link.b.sentence, link.a.sentence)] = link
    return pairs


def pair_rows(alignment: Alignment, left: int, right: int) -> list[Row]:
    """The rows of ``left`` against ``right`` (article numbers in the alignment)."""
    if left == right:
        raise ValueError("a pair layout needs two different articles")
    n_left = len(alignment.articles[left].sentences)
    n_right = len(alignment.articles[right].sentences)
    links = _links(alignment, left, right)
    pairs = {pair: link.score for pair, link in links.items()}
    anchors = _heaviest_non_crossing(pairs)
    best_left: dict[int, tuple[float, int]] = {}
    best_right: dict[int, tuple[float, int]] = {}
    for (i, j), score in pairs.items():
        best_left[i] = max(best_left.get(i, (-1.0, -1)), (score, j))
        best_right[j] = max(best_right.get(j, (-1.0, -1)), (score, i))
    rows: list[Row] = []
    i = j = 0
    for ai, aj in [*anchors, (n_left, n_right)]:
        rows.extend(Row(x, None, left_link=_link(best_left, x)) for x in range(i, ai))
        rows.extend(Row(None, y, right_link=_link(best_right, y)) for y in range(j, aj))
        if ai < n_left and aj < n_right:
            link = links[(ai, aj)]
            rows.append(Row(ai, aj, link.score, manual=link.manual))
        i, j = ai + 1, aj + 1
    return rows


def _link(best: dict[int, tuple[float, int]], index: int | None) -> int | None:
    found = None if index is None else best.get(index)
    return None if found is None else found[1]


def _heaviest_non_crossing(pairs: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The one-to-one, order-keeping subset of pairs with the greatest total score.

    Pairs sorted by left index (and right index descending, so two pairs of one
    left sentence never chain) form a weighted longest increasing subsequence on
    the right index, found in O(n log n) with a Fenwick tree of prefix maxima.
    """
    if not pairs:
        return []
    order = sorted(pairs, key=lambda p: (p[0], -p[1]))
    size = max(j for _, j in order) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)
    best: list[float] = []
    previous: list[int] = []
    for k, (_, j) in enumerate(order):
        total, before = 0.0, -1
        x = j  # prefix maximum over right indices < j (tree is 1-based: j -> j + 1)
        while x > 0:
            if tree[x][0] > total:
                total, before = tree[x]
            x -= x & -x
        best.append(total + pairs[order[k]])
        previous.append(before)
        x = j + 1
        while x <= size:
            if best[k] > tree[x][0]:
                tree[x] = (best[k], k)
            x += x & -x
    k = max(range(len(order)), key=best.__getitem__)
    chain: list[tuple[int, int]] = []
    while k != -1:
        chain.append(order[k])
        k = previous[k]
    return chain[::-1]
