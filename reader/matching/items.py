"""Feed items from different outlets grouped into stories: one event, its coverage.

An item is a headline and its summary, some thirty words, so the sentence
engine (:func:`reader.matching.engine.align`) does not fit: its scores lean on
a sentence's place in an article and its neighbours. Here each item's title and
summary become one TF-IDF vector over the project's normalised content words
(:mod:`reader.matching.text`: stems, British/American spellings, words outlets
use for one another, acronyms with their spelled-out names, spelling variants of
names), and two items score the cosine of their vectors. Only pairs from
*different* outlets published within ``window_days`` of each other are linked,
and links at or above ``threshold`` are joined strongest first by
:func:`reader.matching.grouping.merge` with density 1.0: an item joins a story
only when it is linked to every item already in it. As no two items of one
outlet are ever linked, a story never holds two items of one outlet, and one
loose resemblance cannot chain two events together.

Settings, measured with benchmarks/feeds_grouping.py on BASIL (94 events, each
told by three outlets, 2010-2019; an item is an article's title and its first
sentence, dated as published) and on the test feeds (tests/data/web/feeds: three
outlets, 13 items, two shared events), as pair precision / recall (of the pairs
of items put in one story, the share that report one event; of the pairs that
do, the share put in one story):

=========  ==============  ==============  ===============  ===============
threshold  BASIL, 3 days   BASIL, no date  test, 3 days     test, no date
=========  ==============  ==============  ===============  ===============
0.10       1.000 / 0.957   0.989 / 0.943   1.000 / 1.000    0.800 / 1.000
0.125      1.000 / 0.894   0.988 / 0.887   1.000 / 1.000    0.800 / 1.000
0.15       1.000 / 0.840   0.992 / 0.840   1.000 / 1.000    1.000 / 1.000
0.20       1.000 / 0.684   0.995 / 0.688   1.000 / 1.000    1.000 / 1.000
=========  ==============  ==============  ===============  ===============

BASIL's events are years apart, so the date window alone keeps its precision at
1.0; "no date" treats all 94 as one day's news, nearer a real poll. A real poll
is also small: a few outlets' last few dozen items, where a town's name shared
by unrelated local stories weighs a lot. On the test feeds such a pair (a museum
reopening, a card tournament, both in Kessling) scores 0.135 and is joined below
0.15. So 0.15: a wrong pairing hides an event inside another, which costs a
reader more than a missed pairing (two stories of one outlet each, both listed).
The three-day window is free in recall on BASIL (no event's outlets are more
than four days apart; one day would lose 0.08 of it) and stops a recurring subject (a
vote, a storm) from joining the same subject's next occurrence. An item without
a date is compared with every item.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse

from reader.matching.grouping import merge
from reader.matching.text import acronyms, content_words, expand_acronyms, variant_map

THRESHOLD = 0.15
"""The lowest cosine for two items to be linked (see the module docstring)."""
WINDOW_DAYS = 3.0
"""Items published further apart than this are never linked."""


@dataclass(frozen=True)
class Item:
    """What grouping needs of a feed item: who published it, what it says, when."""

    source: str
    """The outlet; items of one outlet never share a story."""
    title: str
    summary: str = ""
    published: datetime | None = None
    """Timezone-aware; None when the feed gave no date."""

    @property
    def text(self) -> str:
        return f"{self.title}. {self.summary}" if self.summary else self.title


@dataclass(frozen=True)
class ItemStory:
    """One event and the items that report it, at most one per outlet."""

    items: tuple[int, ...]
    """Positions in the list given to :func:`group_items`, newest first."""
    outlets: tuple[str, ...]
    """The items' outlets, in the same order."""
    published: datetime | None
    """The newest item's date (None when no item has one)."""
    score: float
    """Mean cosine of the links that made the story (0 for an item alone)."""

    @property
    def single(self) -> bool:
        """Only one outlet has this story."""
        return len(self.outlets) == 1


def group_items(
    items: Sequence[Item],
    *,
    threshold: float = THRESHOLD,
    window_days: float | None = WINDOW_DAYS,
) -> list[ItemStory]:
    """Every item in exactly one story, newest story first.

    The result does not depend on the order of ``items`` (only its positions
    do): items are scored and joined in an order of their own, by date, outlet
    and text. ``window_days=None`` ignores dates.
    """
    if not items:
        return []
    canonical = sorted(range(len(items)), key=lambda k: _sort_key(items[k]))
    ordered = [items[k] for k in canonical]
    first, second, scores = _links(ordered, threshold, window_days)
    groups = merge(first, second, (scores * 100).astype(np.float32), 1.0)
    grouped: set[int] = set()
    stories: list[ItemStory] = []
    for members, score in groups:
        grouped.update(members)
        stories.append(_story([canonical[m] for m in members], items, score / 100))
    stories.extend(
        _story([canonical[m]], items, 0.0) for m in range(len(ordered)) if m not in grouped
    )
    stories.sort(key=lambda story: _story_key(story, items))
    return stories


def _links(
    items: Sequence[Item], threshold: float, window_days: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of items from different outlets, within the window, at or
    above the threshold, with their cosines."""
    matrix = _vectors(items)
    scores = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    keep = scores.data >= threshold - 1e-6
    i, j, s = scores.row[keep], scores.col[keep], scores.data[keep]
    sources = np.array([item.source for item in items], dtype=object)
    keep = sources[i] != sources[j]
    if window_days is not None:
        stamps = np.array(
            [item.published.timestamp() if item.published else math.nan for item in items]
        )
        apart = np.abs(stamps[i] - stamps[j])
        keep &= ~(apart > window_days * 86400.0)  # NaN (no date) compares False
    return i[keep].astype(np.int64), j[keep].astype(np.int64), s[keep].astype(np.float32)


def _vectors(items: Sequence[Item]) -> sparse.csr_matrix:
    """Each item's normalised content words, weighted by rarity, scaled to unit length."""
    texts = [item.text for item in items]
    names = dict(sorted(acronyms(texts).items(), key=lambda pair: (-len(pair[0]), pair[0])))
    words = [content_words(expand_acronyms(text, names)) for text in texts]
    variants = variant_map(word for found in words for word in found)
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, found in enumerate(words):
        for word in sorted({variants.get(word, word) for word in found}):
            rows.append(row)
            cols.append(columns.setdefault(word, len(columns)))
    n = len(items)
    binary = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, len(columns))
    )
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = (np.log((n + 1) / (df + 1)) + 1.0).astype(np.float32)
    weighted = sparse.csr_matrix(binary @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(weighted.multiply((1.0 / norms)[:, None]), dtype=np.float32)


def _sort_key(item: Item) -> tuple[float, str, str, str]:
    stamp = item.published.timestamp() if item.published else math.inf
    return (stamp, item.source, item.title, item.summary)


def _story(members: list[int], items: Sequence[Item], score: float) -> ItemStory:
    newest = sorted(members, key=lambda k: _newest_first(items[k]))
    dates = [items[k].published for k in newest if items[k].published is not None]
    return ItemStory(
        items=tuple(newest),
        outlets=tuple(items[k].source for k in newest),
        published=dates[0] if dates else None,
        score=round(score, 4),
    )


def _newest_first(item: Item) -> tuple[float, str, str, str]:
    stamp = -item.published.timestamp() if item.published else math.inf
    return (stamp, item.source, item.title, item.summary)


def _story_key(story: ItemStory, items: Sequence[Item]) -> tuple[float, int, str, str]:
    first = items[story.items[0]]
    stamp = -story.published.timestamp() if story.published else math.inf
    return (stamp, -len(story.items), first.source, first.title)
