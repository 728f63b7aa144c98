"""What the pair view shows, decided in the core: marks, the pair of articles, and
the counterparts offered for a link by hand; on the seed story."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles import Article
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.engine import align
from reader.matching.layout import Row, pair_rows
from reader.matching.model import Alignment, Correction, Member
from reader.matching.view import Mark, Pair, Side, mark, nearest

SIDES: tuple[Side, Side] = ("left", "right")


@pytest.fixture
def alignment(seed_alignment: Alignment) -> Alignment:
    return seed_alignment


def find(articles: list[Article], article: int, words: str) -> int:
    return next(s.index for s in articles[article].sentences if words in s.text)


def marks_of(alignment: Alignment, pair: Pair) -> list[tuple[Row, Side, Mark]]:
    rows = pair_rows(alignment, pair.left, pair.right)
    return [(row, side, mark(alignment, row, side, pair)) for row in rows for side in SIDES]


def test_marks_follow_the_rows_and_the_alignment(alignment: Alignment) -> None:
    """Every side of every row of every pair of the seed story."""
    seen: Counter[Mark] = Counter()
    count = len(alignment.articles)
    for left, right in itertools.permutations(range(count), 2):
        pair = Pair(left, right, count)
        for row, side, found in marks_of(alignment, pair):
            seen[found] += 1
            index = row.left if side == "left" else row.right
            article = left if side == "left" else right
            if index is None:
                assert found is Mark.NONE  # filler
                continue
            sentence = alignment.articles[article].sentences[index]
            moved = (row.left_link if side == "left" else row.right_link) is not None
            if row.shared:
                assert found in {Mark.SHARED, Mark.CONFLICT}  # no link by hand here
            elif sentence.clutter is not None:
                assert found is Mark.CLUTTER
            elif moved:
                assert found is Mark.MOVED
            elif alignment.linked(article, index):
                assert found is Mark.ELSEWHERE
            elif not sentence.is_body:
                assert found is Mark.NONE
            else:
                unique = alignment.unique(article, index)
                assert found is (Mark.UNIQUE if unique else Mark.UNSURE)
    expected = {Mark.SHARED, Mark.MOVED, Mark.ELSEWHERE, Mark.UNIQUE, Mark.UNSURE, Mark.CLUTTER}
    assert expected <= set(seen)


def test_before_matching_nothing_is_marked(alignment: Alignment) -> None:
    pair = Pair(0, 1, len(alignment.articles))
    assert all(
        mark(None, row, side, pair) is Mark.NONE for row, side, _ in marks_of(alignment, pair)
    )


def test_a_clutter_sentence_is_marked_clutter(alignment: Alignment) -> None:
    articles = alignment.articles
    number, index = next(
        (a, s.index)
        for a, article in enumerate(articles)
        for s in article.sentences
        if s.clutter is not None
    )
    other = (number + 1) % len(articles)
    row = Row(index, None, left_link=0)  # clutter wins over moved
    assert mark(alignment, row, "left", Pair(number, other, len(articles))) is Mark.CLUTTER


def test_a_pair_linked_by_hand_is_manual_and_a_disagreeing_one_a_conflict(
    alignment: Alignment,
) -> None:
    articles = list(alignment.articles)
    number = find(articles, 0, "a number of Kyrgyz companies")
    four = find(articles, 3, "four Kyrgyz companies")
    warrant = find(articles, 0, "Ostensibly one of the more democratic")
    trip = find(articles, 3, "Putin, who has rarely left Russia")
    fixed = alignment.corrected(
        [
            Correction(Member(0, number), Member(3, four), linked=True),
            Correction(Member(0, warrant), Member(3, trip), linked=True),
        ]
    )
    pair = Pair(0, 3, len(articles))
    rows = {row.left: row for row in pair_rows(fixed, 0, 3)}
    for side in SIDES:
        assert mark(fixed, rows[number], side, pair) is Mark.CONFLICT  # over manual
        assert mark(fixed, rows[warrant], side, pair) is Mark.MANUAL
    assert mark(alignment, Row(number, four, 80.0), "left", pair) is Mark.CONFLICT


def test_each_mark_at_a_known_sentence(alignment: Alignment) -> None:
    """One sentence of the seed story for each mark, found by its words."""
    articles = list(alignment.articles)
    count = len(articles)
    marks: dict[Mark, set[int]] = {}
    for row, side, found in marks_of(alignment, Pair(0, 1, count)):
        if side == "left" and row.left is not None:
            marks.setdefault(found, set()).add(row.left)
    assert find(articles, 0, "Putin visits Kyrgyzstan in first trip") in marks[Mark.SHARED]
    assert find(articles, 0, "This is the first time Putin") in marks[Mark.MOVED]
    assert marks[Mark.MOVED] and marks[Mark.ELSEWHERE] and marks[Mark.UNIQUE]
    beside = {
        m.sentence
        for link in alignment.links_between(0, 1)
        for m in (link.a, link.b)
        if m.article == 0
    }
    for index in marks[Mark.ELSEWHERE]:  # linked to another outlet, not this one
        assert alignment.linked(0, index) and index not in beside
    for index in marks[Mark.UNIQUE]:
        assert alignment.unique(0, index)


# -- the pair of articles ----------------------------------------------------------------


def test_first_pairs() -> None:
    assert Pair.first(5) == Pair(0, 1, 5)
    assert Pair.first(1) == Pair(0, 0, 1) and Pair.first(1).solo
    assert Pair.first(0).solo
    assert not Pair.first(2).solo


def test_moves_between_outlets() -> None:
    pair = Pair(2, 3, 5)
    assert pair.next_outlet(1) == Pair(2, 4, 5)
    assert pair.next_outlet(1).next_outlet(1) == Pair(2, 0, 5)  # wraps
    assert pair.next_outlet(-1) == Pair(2, 1, 5)
    assert Pair(2, 1, 5).next_outlet(1) == Pair(2, 3, 5)  # skips the left one
    assert pair.swapped() == Pair(3, 2, 5)
    assert pair.with_left(3) == Pair(3, 2, 5)  # the right one chosen: they swap
    assert pair.with_left(0) == Pair(0, 3, 5)
    assert pair.with_left(2) == pair
    assert Pair(0, 0, 1).grown(3) == Pair(0, 1, 3)
    assert pair.grown(8) == Pair(2, 3, 8)


def test_pairs_out_of_range_are_refused() -> None:
    for left, right, count in ((0, 0, 2), (0, 2, 2), (-1, 0, 3), (1, 0, 1)):
        with pytest.raises(ValueError):
            Pair(left, right, count)
    with pytest.raises(ValueError):
        Pair(0, 1, 3).with_left(3)
    with pytest.raises(ValueError):
        Pair(0, 1, 3).grown(2)


MOVES = st.one_of(
    st.tuples(st.just("next"), st.integers(-3, 3)),
    st.tuples(st.just("swap"), st.just(0)),
    st.tuples(st.just("left"), st.integers(0, 11)),
    st.tuples(st.just("grow"), st.integers(0, 3)),
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 8), st.lists(MOVES, max_size=20))
def test_every_move_keeps_the_pair_in_range_and_apart(
    count: int, moves: list[tuple[str, int]]
) -> None:
    pair = Pair.first(count)
    for move, value in moves:
        before = pair
        if move == "next":
            pair = pair.next_outlet(value)
            assert pair.left == before.left
            if count > 2 and value in (1, -1):
                assert pair.right != before.right
        elif move == "swap":
            pair = pair.swapped()
            assert pair.swapped() == before
        elif move == "left":
            chosen = value % max(pair.count, 1)
            pair = pair.with_left(chosen)
            assert pair.left == chosen
            assert (
                pair == before.swapped() if chosen == before.right else pair.right == before.right
            )
        else:
            pair = pair.grown(pair.count + value)
        assert 0 <= pair.left < max(pair.count, 1) and 0 <= pair.right < max(pair.count, 1)
        assert (pair.left != pair.right) == (pair.count >= 2)


def test_a_full_turn_of_outlets_comes_back() -> None:
    pair = Pair(1, 2, 6)
    seen = []
    for _ in range(5):
        pair = pair.next_outlet(1)
        seen.append(pair.right)
    assert sorted(seen) == [0, 2, 3, 4, 5] and pair == Pair(1, 2, 6)


def test_showing_a_fact_puts_its_counterpart_on_the_right(alignment: Alignment) -> None:
    count = len(alignment.articles)
    for group in alignment.groups:
        member = group.members[-1]
        shown = Pair(0, 1, count).showing(alignment, member)
        assert shown.left == member.article and shown.right != member.article
        rows = pair_rows(alignment, shown.left, shown.right)
        shares = any(row.shared and row.left == member.sentence for row in rows)
        if shares:  # the fact's own outlets come first, then the others, in order
            grouped = sorted(group.articles - {member.article})
            order = [*grouped, *(n for n in range(count) if n not in grouped)]
            for other in order[: order.index(shown.right)]:
                if other != member.article:
                    earlier = pair_rows(alignment, member.article, other)
                    assert not any(r.shared and r.left == member.sentence for r in earlier)
        else:
            assert shown.right == min(group.articles - {member.article})


def test_showing_a_sentence_no_one_shares_keeps_the_right_side(alignment: Alignment) -> None:
    count = len(alignment.articles)
    index = next(
        s.index
        for s in alignment.articles[2].sentences
        if alignment.group_of(2, s.index) is None
        and not any(
            link.a == Member(2, s.index) or link.b == Member(2, s.index) for link in alignment.links
        )
    )
    assert Pair(0, 4, count).showing(alignment, Member(2, index)) == Pair(2, 4, count)
    assert Pair(0, 2, count).showing(alignment, Member(2, index)) == Pair(2, 0, count)


# -- counterparts to pick from ------------------------------------------------------------


def test_nearest_lists_the_counterpart_first(alignment: Alignment) -> None:
    articles = list(alignment.articles)
    headline = Member(0, find(articles, 0, "Putin visits Kyrgyzstan in first trip"))
    assert nearest(alignment, headline, 1)[0][0] == find(
        articles, 1, "Putin in Kyrgystan for first trip abroad since"
    )
    member = Member(0, find(articles, 0, "This is the first time Putin has traveled abroad"))
    found = nearest(alignment, member, 1)
    assert len(found) == 8
    first = [index for index, _ in found[:3]]
    assert find(articles, 1, "embarked on his first foreign trip") in first
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert len({index for index, _ in found}) == len(found)
    assert len(nearest(alignment, member, 3, k=3)) == 3


def test_nearest_finds_the_engines_counterparts(alignment: Alignment) -> None:
    """For most of the engine's links, the linked sentence is among the first 8."""
    links = list(alignment.links)
    found = sum(
        link.b.sentence in {i for i, _ in nearest(alignment, link.a, link.b.article)}
        for link in links
    )
    assert found >= 0.9 * len(links)


def test_nearest_wants_another_article(alignment: Alignment) -> None:
    with pytest.raises(ValueError, match="another article"):
        nearest(alignment, Member(0, 0), 0)


def test_a_linked_sentence_is_never_called_unique_or_unsure(seed_articles: list[Article]) -> None:
    """A sentence with a link to another outlet (grouped or not) is reported elsewhere."""
    alignment = align(seed_articles, DEFAULT_THRESHOLD)
    count = len(seed_articles)
    for left in range(count):
        for right in range(count):
            if left == right:
                continue
            pair = Pair(left, right, count)
            for row in pair_rows(alignment, left, right):
                for side, index, article in (("left", row.left, left), ("right", row.right, right)):
                    if index is None or not alignment.linked(article, index):
                        continue
                    assert mark(alignment, row, side, pair) not in {Mark.UNIQUE, Mark.UNSURE}


def test_shared_counts_are_of_body_sentences(seed_articles: list[Article]) -> None:
    alignment = align(seed_articles, DEFAULT_THRESHOLD)
    for number, article in enumerate(seed_articles):
        shared = alignment.shared_count(number)
        assert shared == sum(1 for s in article.body if alignment.linked(number, s.index))
        assert shared <= len(article.body)
