"""Candidate blocking: which pairs of sentences the engine scores at all."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from reader.articles import Article, build_article
from reader.matching.engine import (
    BLOCK_KEEP,
    _sharing_pairs,
    candidate_pairs,
    score_pairs,
    vectorize,
)
from reader.matching.model import Member

OUTLETS, SENTENCES, NAMES = 60, 40, 40
REWORDED = 25
"""Outlets telling the fact in their own words but two, after 35 that copy it."""


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """Distinct made-up words the engine keeps apart (short, so never spelling variants)."""
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice("bcdfghjklmnpqrtvwxz") for _ in range(6)))
    return sorted(found)


def crowded_story() -> tuple[list[Article], list[tuple[int, int]]]:
    """60 outlets telling one fact, and 40 two-word names, each in about 58
    sentences that have nothing else in common. The fact is copied by the first
    35 outlets; the other 25 keep only two of its words. Returns the articles and
    the (article, sentence) of every telling of the fact, by outlet."""
    rng = random.Random(7)
    words = pseudo_words(rng, 12 + 2 * NAMES + OUTLETS * SENTENCES * 10)
    fact, words = words[:12], words[12:]
    names = [f"{words.pop().capitalize()} {words.pop().capitalize()}" for _ in range(NAMES)]
    articles: list[Article] = []
    told: list[tuple[int, int]] = []
    for outlet in range(OUTLETS):
        sentences = []
        for k in range(SENTENCES - 1):
            own = " ".join(words.pop() for _ in range(6))
            sentences.append(f"{names[(outlet + k) % NAMES]} {own}.")
        copied = outlet < OUTLETS - REWORDED
        wording = fact if copied else fact[:2] + [words.pop() for _ in range(10)]
        place = 1 + outlet % (SENTENCES - 1)  # the first line would be taken for a heading
        sentences.insert(place, " ".join(wording).capitalize() + ".")
        article = build_article(Path(f"outlet{outlet}.txt"), "\n\n".join(sentences), title="T")
        articles.append(article)
        told += [(outlet, s.index) for s in article.body if s.text == sentences[place]]
    return articles, told


@pytest.fixture(scope="module")
def crowded() -> tuple[list[Article], list[tuple[int, int]]]:
    return crowded_story()


def candidate_set(articles: list[Article]) -> tuple[set[tuple[Member, Member]], list[Member]]:
    vectors = vectorize(articles)
    i, j = candidate_pairs(vectors)
    members = vectors.members
    pairs = {(members[a], members[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    return pairs, members


def test_a_fact_told_by_many_outlets_keeps_its_pairs_sharing_two_words(
    crowded: tuple[list[Article], list[tuple[int, int]]],
) -> None:
    """The copies pair with one another and with every rewording (two words shared,
    more such pairs than BLOCK_KEEP, but fewer than their pairs sharing more)."""
    articles, told = crowded
    assert len(told) == OUTLETS and REWORDED > BLOCK_KEEP
    pairs, _ = candidate_set(articles)
    tellings = [Member(*t) for t in told]
    copies, rewordings = tellings[:-REWORDED], tellings[-REWORDED:]
    assert all((a, b) in pairs for a, b in combinations(copies, 2))
    assert all((a, b) in pairs for a in copies for b in rewordings)
    # two rewordings share only the two words every telling has, among crowds of weak pairs
    assert not any((a, b) in pairs for a, b in combinations(rewordings, 2))


def test_sentences_sharing_only_a_crowded_name_are_not_candidates(
    crowded: tuple[list[Article], list[tuple[int, int]]],
) -> None:
    articles, told = crowded
    vectors = vectorize(articles)
    fact = {k for k, m in enumerate(vectors.members) if (m.article, m.sentence) in set(told)}
    shared_i, _, shared = _sharing_pairs(vectors)
    by_name = [
        count for a, count in zip(shared_i.tolist(), shared.tolist(), strict=True) if a not in fact
    ]
    # without the cap, each name sentence would be scored against every other with its name
    assert len(by_name) > NAMES * BLOCK_KEEP * 2
    assert set(by_name) == {2.0}
    i, _ = candidate_pairs(vectors)
    assert not [a for a in i.tolist() if a not in fact]


def test_the_cap_drops_no_link_on_the_seed_story(seed_articles: list[Article]) -> None:
    vectors = vectorize(seed_articles)
    i, j = candidate_pairs(vectors)
    all_i, all_j, _ = _sharing_pairs(vectors)
    assert len(i) < len(all_i)  # the cap drops some weak pairs here too
    for threshold in (35.0, 55.0):
        kept = score_pairs(vectors, i, j) >= threshold
        linked = score_pairs(vectors, all_i.astype(np.int64), all_j.astype(np.int64)) >= threshold
        assert set(zip(i[kept].tolist(), j[kept].tolist(), strict=True)) == set(
            zip(all_i[linked].tolist(), all_j[linked].tolist(), strict=True)
        )
