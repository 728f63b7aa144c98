"""Pair layout invariants: each sentence once per pane, reading order, links, and
a row holds two sentences only when they are a linked pair."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles import Article, Sentence, Span
from reader.matching.engine import align
from reader.matching.layout import Row, _heaviest_non_crossing, pair_links, pair_rows
from reader.matching.model import Alignment, Link, Member


@pytest.fixture
def alignment(seed_alignment: Alignment) -> Alignment:
    return seed_alignment


def check_rows(rows: list[Row], n_left: int, n_right: int) -> None:
    lefts = [r.left for r in rows if r.left is not None]
    rights = [r.right for r in rows if r.right is not None]
    assert lefts == list(range(n_left))  # every sentence once, in reading order
    assert rights == list(range(n_right))
    for row in rows:
        assert row.left is not None or row.right is not None
        # two sentences share a row only as a linked pair: never side by side unmatched
        assert (row.left is not None and row.right is not None) == row.shared == row.matched
        if row.shared:
            assert row.left_link is None and row.right_link is None
        else:
            assert not row.manual
        assert row.left_link is None or row.left is not None
        assert row.right_link is None or row.right is not None
    # between two shared rows, the left side's unmatched run comes first, then the right's
    for before, after in itertools.pairwise(rows):
        assert not (before.left is None and after.right is None and not after.shared)


def test_every_pair_of_seed_articles(alignment: Alignment, seed_articles: list[Article]) -> None:
    for left, right in itertools.permutations(range(len(seed_articles)), 2):
        rows = pair_rows(alignment, left, right)
        check_rows(rows, len(seed_articles[left].sentences), len(seed_articles[right].sentences))
        links = pair_links(alignment, left, right)
        for row in rows:
            if row.matched:
                assert (row.left, row.right) in links
            if row.left_link is not None:
                assert (row.left, row.left_link) in links
            if row.right_link is not None:
                assert (row.right_link, row.right) in links


def test_matched_rows_are_links_between_the_two_articles(alignment: Alignment) -> None:
    rows = pair_rows(alignment, 1, 3)  # the summary site against Al Jazeera
    links = {
        (link.a.sentence, link.b.sentence): link.score
        for link in alignment.links
        if (link.a.article, link.b.article) == (1, 3)
    }
    matched = [r for r in rows if r.matched]
    assert len(matched) >= 4
    for row in matched:
        assert links[(row.left, row.right)] == row.score  # type: ignore[index]


def test_groups_do_not_depend_on_article_order(seed_articles: list[Article]) -> None:
    def keyed(articles: list[Article]) -> set[frozenset[tuple[str, int]]]:
        result = align(articles)
        return {
            frozenset((articles[m.article].source.name, m.sentence) for m in g.members)
            for g in result.groups
        }

    forward = keyed(seed_articles)
    assert forward
    assert keyed(seed_articles[::-1]) == forward
    assert keyed([seed_articles[i] for i in (3, 0, 4, 2, 1)]) == forward


def _best_total_by_dp(pairs: dict[tuple[int, int], float]) -> float:
    n = max(i for i, _ in pairs) + 1
    m = max(j for _, j in pairs) + 1
    dp = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            dp[i][j] = max(
                dp[i - 1][j], dp[i][j - 1], dp[i - 1][j - 1] + pairs.get((i - 1, j - 1), -1e9)
            )
    return dp[n][m]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 12), st.integers(0, 12)),
        st.floats(1, 100, allow_nan=False),
        min_size=1,
        max_size=30,
    )
)
def test_heaviest_non_crossing_is_optimal_and_ordered(pairs: dict[tuple[int, int], float]) -> None:
    chain = _heaviest_non_crossing(pairs)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(chain))
    assert sum(pairs[p] for p in chain) == pytest.approx(_best_total_by_dp(pairs))


def test_unmatched_sentences_stand_against_filler(alignment: Alignment) -> None:
    """The seed story's first two articles: between two shared rows the left run,
    then the right run, each against an empty side."""
    rows = pair_rows(alignment, 0, 1)
    shared = [k for k, row in enumerate(rows) if row.shared]
    assert len(shared) >= 3
    gaps = [rows[a + 1 : b] for a, b in itertools.pairwise(shared) if b > a + 1]
    mixed = [gap for gap in gaps if gap[0].right is None and gap[-1].left is None]
    assert mixed, "some stretch between shared rows has unmatched sentences on both sides"
    for gap in mixed:
        sides = ["left" if row.right is None else "right" for row in gap]
        assert sides == sorted(sides)  # "left" < "right": the left run first


def _article(n: int, name: str) -> Article:
    """An article of ``n`` one-word sentences, for layouts of made-up links."""
    text = "".join(f"w{k:03d}. " for k in range(n))
    sentences = tuple(Sentence(k, 6 * k, 6 * k + 5, f"w{k:03d}.", 0) for k in range(n))
    return Article(Path(name), name, name, text, (Span(0, len(text)),), sentences)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10),
    st.integers(0, 10),
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(70, 100), st.booleans()),
        max_size=25,
    ),
    st.booleans(),
)
def test_rows_of_any_links(
    n_left: int,
    n_right: int,
    found: list[tuple[int, int, float, bool]],
    reversed_links: bool,
) -> None:
    """Every layout: each sentence once and in order, two sentences on a row only
    as a linked pair (with its score and whether the reader made it), the heaviest
    non-crossing set of links shared, and every other linked sentence pointing to
    its best counterpart."""
    links: dict[tuple[int, int], Link] = {}
    for i, j, score, manual in found:
        if i < n_left and j < n_right:
            a, b = Member(0, i), Member(1, j)
            links[(i, j)] = (
                Link(b, a, score, manual=manual)
                if reversed_links
                else Link(a, b, score, manual=manual)
            )
    articles = [_article(n_left, "left"), _article(n_right, "right")]
    alignment = Alignment(articles, [], list(links.values()), 70.0)
    rows = pair_rows(alignment, 0, 1)
    check_rows(rows, n_left, n_right)
    scores = {pair: link.score for pair, link in links.items()}
    assert pair_links(alignment, 0, 1) == scores
    shared = [row for row in rows if row.shared]
    for row in shared:
        link = links[(row.left, row.right)]  # type: ignore[index]
        assert (row.score, row.manual) == (link.score, link.manual)
    if scores:
        total = sum(row.score for row in shared if row.score is not None)
        assert total == pytest.approx(_best_total_by_dp(scores))
    for row in rows:
        if row.left is not None and not row.shared:
            counterparts = {j: s for (i, j), s in scores.items() if i == row.left}
            if counterparts:
                assert row.left_link is not None
                assert counterparts[row.left_link] == max(counterparts.values())
            else:
                assert row.left_link is None
        if row.right is not None and not row.shared:
            counterparts = {i: s for (i, j), s in scores.items() if j == row.right}
            assert (row.right_link is not None) == bool(counterparts)
