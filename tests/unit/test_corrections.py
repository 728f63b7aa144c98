"""The reader's corrections applied over the engine's links, on the seed story."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from reader.matching.layout import Row, pair_links, pair_rows
from reader.matching.model import MANUAL_SCORE, Alignment, Correction, Member, _connected, _regroup


@pytest.fixture
def alignment(seed_alignment: Alignment) -> Alignment:
    return seed_alignment


def together(alignment: Alignment, a: Member, b: Member) -> bool:
    group = alignment.group_of(a.article, a.sentence)
    return group is not None and b in group.members


def unmatched_pair(alignment: Alignment, left: int, right: int) -> tuple[int, int]:
    """A left and a right body sentence, unmatched, between the same two shared rows."""
    rows = pair_rows(alignment, left, right)
    articles = alignment.articles
    run: list[Row] = []
    for row in [*rows, Row(0, 0, 1.0)]:
        if not row.shared:
            run.append(row)
            continue
        lefts = [r.left for r in run if r.left is not None and r.left_link is None]
        rights = [r.right for r in run if r.right is not None and r.right_link is None]
        lefts = [i for i in lefts if articles[left].sentences[i].is_body]
        rights = [j for j in rights if articles[right].sentences[j].is_body]
        if lefts and rights:
            return lefts[0], rights[0]
        run = []
    raise AssertionError("no unmatched sentences face each other")


def test_no_corrections_give_an_equal_alignment(alignment: Alignment) -> None:
    assert alignment.corrected(()) == alignment
    assert alignment.corrected(()) is not alignment


def test_unlinking_a_pair_takes_it_out_of_the_rows_and_the_groups(
    alignment: Alignment,
) -> None:
    row = next(r for r in pair_rows(alignment, 0, 1) if r.shared)
    assert row.left is not None and row.right is not None
    a, b = Member(0, row.left), Member(1, row.right)
    assert together(alignment, a, b)
    fixed = alignment.corrected([Correction(b, a, linked=False)])  # either order
    assert (row.left, row.right) not in pair_links(fixed, 0, 1)
    assert not any((r.left, r.right) == (row.left, row.right) for r in pair_rows(fixed, 0, 1))
    assert not together(fixed, a, b)
    assert len(fixed.links) == len(alignment.links) - 1
    for member in (a, b):  # it had a counterpart: not called unique now
        assert not fixed.unique(member.article, member.sentence)
    # groups not joined by any link to the pair are kept as they were
    reach = _connected({a, b}, list(alignment.links))
    untouched = [g for g in alignment.groups if reach.isdisjoint(g.members)]
    assert untouched
    assert {g.members for g in untouched} <= {h.members for h in fixed.groups}


def test_linking_two_unmatched_sentences_makes_them_a_shared_row(alignment: Alignment) -> None:
    i, j = unmatched_pair(alignment, 0, 1)
    a, b = Member(0, i), Member(1, j)
    assert (i, j) not in pair_links(alignment, 0, 1)
    fixed = alignment.corrected([Correction(a, b, linked=True)])
    rows = pair_rows(fixed, 0, 1)
    row = next(r for r in rows if r.left == i)
    assert (row.right, row.score, row.manual) == (j, MANUAL_SCORE, True)
    assert sum(r.manual for r in rows) == 1
    assert together(fixed, a, b)
    assert not fixed.unique(0, i) and not fixed.unique(1, j)
    assert any(link.manual for link in fixed.links)
    assert not any(link.manual for link in alignment.links)


def test_linking_a_pair_the_engine_linked_makes_it_the_readers(alignment: Alignment) -> None:
    link = alignment.links[0]
    fixed = alignment.corrected([Correction(link.a, link.b, linked=True)])
    assert len(fixed.links) == len(alignment.links)
    mine = [k for k in fixed.links if (k.a, k.b) == (link.a, link.b)]
    assert len(mine) == 1 and mine[0].manual and mine[0].score == MANUAL_SCORE
    assert together(fixed, link.a, link.b) == together(alignment, link.a, link.b)


def test_applying_the_same_corrections_again_changes_nothing(alignment: Alignment) -> None:
    i, j = unmatched_pair(alignment, 0, 3)
    engine_link = alignment.links[len(alignment.links) // 2]
    corrections = [
        Correction(Member(0, i), Member(3, j), linked=True),
        Correction(engine_link.a, engine_link.b, linked=False),
    ]
    once = alignment.corrected(corrections)
    assert once != alignment
    assert once.corrected(corrections) == once
    assert once.corrected(corrections[::-1]) == once


def test_the_later_of_two_corrections_of_one_pair_wins(alignment: Alignment) -> None:
    i, j = unmatched_pair(alignment, 0, 1)
    a, b = Member(0, i), Member(1, j)
    link, unlink = Correction(a, b, linked=True), Correction(b, a, linked=False)
    assert (i, j) in pair_links(alignment.corrected([unlink, link]), 0, 1)
    assert (i, j) not in pair_links(alignment.corrected([link, unlink]), 0, 1)


def test_corrections_naming_no_real_sentences_are_ignored(alignment: Alignment) -> None:
    count = len(alignment.articles[0].sentences)
    nonsense = [
        Correction(Member(0, count), Member(1, 0), linked=True),
        Correction(Member(0, 0), Member(9, 0), linked=True),
        Correction(Member(-1, 0), Member(1, 0), linked=True),
        Correction(Member(0, 0), Member(0, 1), linked=True),  # one article
    ]
    assert alignment.corrected(nonsense) == alignment


def test_groups_made_again_are_the_engines(alignment: Alignment) -> None:
    """Regrouping every linked sentence along the engine's links gives its groups."""
    linked = {m for link in alignment.links for m in (link.a, link.b)}
    again = _regroup(linked, list(alignment.links))
    assert sorted(g.members for g in again) == [g.members for g in alignment.groups]
    scores = {g.members: g.score for g in alignment.groups}
    assert all(g.score == pytest.approx(scores[g.members], abs=0.11) for g in again)


def test_every_pair_layout_still_holds_after_corrections(alignment: Alignment) -> None:
    corrections = [
        Correction(link.a, link.b, linked=False) for link in list(alignment.links)[::5]
    ] + [Correction(Member(0, i), Member(2, i), linked=True) for i in range(0, 20, 3)]
    fixed = alignment.corrected(corrections)
    for left, right in itertools.permutations(range(len(fixed.articles)), 2):
        rows = pair_rows(fixed, left, right)
        lefts = [r.left for r in rows if r.left is not None]
        assert lefts == list(range(len(fixed.articles[left].sentences)))
    grouped = [m for g in fixed.groups for m in g.members]
    assert len(grouped) == len(set(grouped))  # a sentence is in one group at most
    assert [g.id for g in fixed.groups] == list(range(len(fixed.groups)))
    assert all(fixed.group_of(m.article, m.sentence) is not None for m in grouped)


def test_the_model_loads_without_numerical_libraries() -> None:
    code = (
        "import sys; import reader.matching.model, reader.matching.view, "
        "reader.matching.layout, reader.articles.search; "
        "print(sorted(m for m in ('numpy', 'scipy', 'snowballstemmer', 'textual', 'rich') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
