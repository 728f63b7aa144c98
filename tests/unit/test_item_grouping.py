"""Feed items from different outlets grouped into stories, one event each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from reader.matching.items import Item, ItemStory, group_items
from reader.web.feeds import Outcome, poll_all
from reader.web.http import client

FEEDS = DATA / "web" / "feeds"
FLAVOURS = {
    "herald.rss": "application/rss+xml",
    "courier.atom": "application/atom+xml",
    "ledger.rdf": "application/rdf+xml",
}
DAY = datetime(2024, 3, 5, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Followed:
    url: str
    etag: str | None = None
    modified: str | None = None
    fetched: str | None = None


def _polled_items(web: HTTPServer) -> tuple[list[Item], list[str]]:
    """The three test outlets' items as a poll of their feeds gives them, and each item's link."""
    for name, kind in FLAVOURS.items():
        web.expect_request(f"/{name}").respond_with_data(
            (FEEDS / name).read_bytes(), content_type=kind
        )
    followed = [Followed(web.url_for(f"/{name}")) for name in FLAVOURS]
    with client() as session:
        polled = poll_all(session, followed, now=DAY)
    items: list[Item] = []
    links: list[str] = []
    for feed in polled:
        assert feed.outcome is Outcome.FETCHED and feed.site
        for entry in feed.items:
            assert entry.published is not None
            when = datetime.fromisoformat(entry.published)
            items.append(Item(feed.site, entry.title, entry.summary, when))
            links.append(entry.link)
    return items, links


def _newest_first(stories: list[ItemStory]) -> bool:
    dates = [story.published for story in stories]
    return all(a is not None and b is not None and a >= b for a, b in pairwise(dates))


def test_the_test_feeds_give_their_two_shared_events_and_the_rest_alone(web: HTTPServer) -> None:
    items, links = _polled_items(web)
    truth = json.loads((FEEDS / "events.json").read_text(encoding="utf-8"))["events"]
    shared: dict[str, set[str]] = {}
    for link, event in truth.items():
        shared.setdefault(event, set()).add(link)

    stories = group_items(items)

    together = [{links[k] for k in story.items} for story in stories if not story.single]
    assert sorted(together, key=len) == sorted(shared.values(), key=len)
    singles = [story for story in stories if story.single]
    assert len(singles) == len(items) - len(truth)
    assert sorted(k for story in stories for k in story.items) == list(range(len(items)))
    assert _newest_first(stories)
    bridge = next(story for story in stories if len(story.items) == 3)
    assert set(bridge.outlets) == {"The Herald", "The Daily Courier", "Morning Ledger"}
    assert bridge.published == max(items[k].published for k in bridge.items)  # type: ignore[type-var]


def test_one_story_told_twice_is_joined_only_within_the_window() -> None:
    told = "Harbour bridge closed after cracks found in its steel supports"
    near = [
        Item("Herald", told, published=DAY),
        Item("Courier", told, published=DAY + timedelta(days=2)),
    ]
    far = [
        Item("Herald", told, published=DAY),
        Item("Courier", told, published=DAY + timedelta(days=5)),
    ]
    undated = [Item("Herald", told, published=DAY), Item("Courier", told)]
    assert [len(s.items) for s in group_items(near)] == [2]
    assert [len(s.items) for s in group_items(far)] == [1, 1]
    assert [len(s.items) for s in group_items(far, window_days=None)] == [2]
    assert [len(s.items) for s in group_items(undated)] == [2]


def test_one_outlets_items_never_share_a_story() -> None:
    told = "Harbour bridge closed after cracks found in its steel supports"
    stories = group_items(
        [Item("Herald", told, published=DAY), Item("Herald", told, published=DAY)]
    )
    assert [story.outlets for story in stories] == [("Herald",), ("Herald",)]
    assert all(story.single for story in stories)


def test_nothing_to_group() -> None:
    assert group_items([]) == []


WORDS = (
    "bridge harbour cracks closed council vote rates bank inflation storm coast museum "
    "striker club strike rail pay tournament ferry fares kessling weeks repairs"
).split()
_items = st.builds(
    Item,
    source=st.sampled_from(["Herald", "Courier", "Ledger", "Post"]),
    title=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
    summary=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    published=st.one_of(
        st.none(), st.integers(0, 8).map(lambda hours: DAY + timedelta(hours=12 * hours))
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(
        _items, max_size=14, unique_by=lambda i: (i.source, i.title, i.summary, i.published)
    ),
    data=st.data(),
)
def test_grouping_properties(items: list[Item], data: st.DataObject) -> None:
    stories = group_items(items)
    # every item in exactly one story, no outlet twice in one
    assert sorted(k for story in stories for k in story.items) == list(range(len(items)))
    for story in stories:
        assert len(set(story.outlets)) == len(story.outlets)
        assert story.outlets == tuple(items[k].source for k in story.items)
    # newest first, undated last
    keys = [s.published.timestamp() if s.published else float("-inf") for s in stories]
    assert keys == sorted(keys, reverse=True)
    # the order of the input does not matter
    order = data.draw(st.permutations(range(len(items))))
    again = group_items([items[k] for k in order])
    assert {frozenset(order[k] for k in s.items) for s in again} == {
        frozenset(s.items) for s in stories
    }
