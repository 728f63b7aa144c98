"""An alignment's links: made only when something reads them."""

from __future__ import annotations

from reader.articles import Article
from reader.matching.engine import align
from reader.matching.layout import pair_links
from reader.matching.model import LazyLinks, Link, Member


def test_links_are_made_once_when_first_read() -> None:
    made: list[int] = []

    def make() -> list[Link]:
        made.append(1)
        return [Link(Member(0, 1), Member(1, 2), 60.0), Link(Member(0, 3), Member(2, 0), 57.5)]

    links = LazyLinks(2, make)
    assert len(links) == 2 and not made
    assert links[1].score == 57.5 and made == [1]
    assert list(links) == links[:] == make()[:2]
    assert made == [1, 1]  # the last call is this test's own


def test_alignment_links_hold_every_scored_pair(seed_articles: list[Article]) -> None:
    alignment = align(seed_articles)
    links = list(alignment.links)
    assert len(links) == len(alignment.links) > 0
    assert all(link.a.article != link.b.article for link in links)
    assert all(link.score >= alignment.threshold for link in links)
    first = links[0]
    pairs = pair_links(alignment, first.a.article, first.b.article)
    assert pairs[(first.a.sentence, first.b.sentence)] == first.score
