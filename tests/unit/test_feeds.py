"""Feeds against a real server on the loopback address: the three flavours read,
a site's feed found from its page, polls that are polite, failures in one line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from conftest import DATA
from pytest_httpserver import HTTPServer

from reader.web.feeds import (
    MIN_INTERVAL,
    Outcome,
    ParsedFeed,
    discover,
    poll,
    poll_all,
    resolve_feed,
    site_name,
)
from reader.web.http import FetchError, client, get

FEEDS = DATA / "web" / "feeds"
NOW = datetime(2024, 3, 8, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Followed:
    """A feed as the store keeps it between polls (never fetched yet, by default)."""

    url: str
    etag: str | None = None
    modified: str | None = None
    fetched: str | None = None


def _serve(web: HTTPServer, path: str, name: str, kind: str, **headers: str) -> str:
    web.expect_request(path).respond_with_data(
        (FEEDS / name).read_bytes(), content_type=kind, headers=headers
    )
    return web.url_for(path)


def _resolve(url: str) -> ParsedFeed:
    with client(timeout=5.0) as session:
        return resolve_feed(session, url)


def _reason(url: str) -> str:
    with pytest.raises(FetchError) as caught:
        _resolve(url)
    assert "\n" not in caught.value.reason
    return caught.value.reason


def test_rss2_is_read_with_its_outlet_dates_and_plain_summaries(web: HTTPServer) -> None:
    url = _serve(web, "/top.rss", "herald.rss", "application/rss+xml; charset=utf-8")
    feed = _resolve(url)
    assert (feed.url, feed.title, feed.site) == (url, "Top Stories - The Herald", "The Herald")
    assert feed.link == "https://herald.example/"
    assert len(feed.items) == 5
    rate = feed.items[1]
    assert rate.feed == url
    assert rate.id == "herald-20240307-rate"
    assert rate.title == "Central bank lifts interest rate to 4.5%, highest in a decade"
    assert rate.link == "https://herald.example/2024/03/07/central-bank-rate"
    assert rate.published == "2024-03-07T13:05:00Z"
    assert rate.summary == (
        "The Central Bank raised its benchmark interest rate by a quarter point to 4.5 per "
        "cent on Thursday, citing stubborn inflation. Economists had expected the move."
    )
    lanes = feed.items[-1]  # no guid: its link is its id; +0100 turned to UTC
    assert lanes.id == lanes.link == "https://herald.example/2024/03/04/cycle-lanes"
    assert lanes.published == "2024-03-04T16:20:00Z"
    assert "Tomás Avelar from Vitória" in feed.items[2].summary


def test_atom_is_read_html_titles_and_content_made_text(web: HTTPServer) -> None:
    feed = _resolve(_serve(web, "/atom.xml", "courier.atom", "application/atom+xml"))
    assert (feed.title, feed.site, feed.link) == (
        "The Daily Courier",
        "The Daily Courier",
        "https://courier.example/",
    )
    titles = [item.title for item in feed.items]
    assert "Mortgage lenders brace for a busy spring & first-time buyers" in titles
    crossing = feed.items[2]
    assert crossing.id == "tag:courier.example,2024:harbour-crossing-closed"
    assert crossing.published == "2024-03-05T10:20:00Z"
    assert crossing.summary.endswith(
        "shut the bridge indefinitely, diverting 40,000 vehicles a day."
    )
    museum = feed.items[3]  # content, no summary: the content's text, paragraphs apart
    assert museum.summary == (
        "The Kessling Maritime Museum opened its doors again on Monday with a new gallery of "
        "shipwreck finds. Entry remains free."
    )
    assert not any("<" in item.summary or "&amp;" in item.summary for item in feed.items)


def test_rss1_is_read(web: HTTPServer) -> None:
    feed = _resolve(_serve(web, "/rss", "ledger.rdf", "application/rdf+xml"))
    assert (feed.title, feed.site) == ("Morning Ledger | Latest", "Morning Ledger")
    assert [item.published for item in feed.items] == [
        "2024-03-08T07:00:00Z",
        "2024-03-07T14:30:00Z",
        "2024-03-06T08:00:00Z",
        "2024-03-05T16:45:00Z",
    ]
    assert feed.items[0].id == feed.items[0].link == "https://ledger.example/a/bridge-tournament"


def test_a_feed_served_as_plain_xml_is_still_a_feed(web: HTTPServer) -> None:
    feed = _resolve(_serve(web, "/feed", "ledger.rdf", "text/xml"))
    assert len(feed.items) == 4


def test_a_sites_page_leads_to_the_feed_it_links(web: HTTPServer, connections: list[str]) -> None:
    page = _serve(web, "/", "herald.html", "text/html; charset=utf-8")
    feed_url = _serve(web, "/feeds/top.rss", "herald.rss", "application/rss+xml")
    feed = _resolve(page)
    assert feed.url == feed_url
    assert feed.site == "The Herald"
    assert len(feed.items) == 5
    assert [request.path for request, _ in web.log] == ["/", "/feeds/top.rss"]
    assert connections and all(address == "127.0.0.1" for address in connections)


def test_discovery_reads_only_feed_links_and_makes_them_absolute(web: HTTPServer) -> None:
    page = _serve(web, "/news/index.html", "herald.html", "text/html")
    with client() as session:
        response = get(session, page)
    assert discover(response) == [web.url_for("/feeds/top.rss")]


def test_a_page_without_a_feed_says_so(web: HTTPServer) -> None:
    url = _serve(web, "/allotments", "plain.html", "text/html")
    assert _reason(url) == "the page links no feed (RSS or Atom)"


def test_a_body_that_is_neither_feed_nor_page_says_so(web: HTTPServer) -> None:
    web.expect_request("/notes.txt").respond_with_data(
        "Plots are available from April.", content_type="text/plain"
    )
    assert _reason(web.url_for("/notes.txt")) == "neither a feed (RSS or Atom) nor a web page"


def test_a_missing_feed_gives_its_status(web: HTTPServer) -> None:
    web.expect_request("/gone.rss").respond_with_data("not here", status=404)
    assert "404" in _reason(web.url_for("/gone.rss"))


def test_a_page_linking_a_missing_feed_names_the_feed(web: HTTPServer) -> None:
    page = _serve(web, "/", "herald.html", "text/html")
    web.expect_request("/feeds/top.rss").respond_with_data("", status=410)
    reason = _reason(page)
    assert reason.startswith(f"the feed it links, {web.url_for('/feeds/top.rss')}: ")
    assert "410" in reason


def test_an_unchanged_feed_answers_304_and_its_items_stand(web: HTTPServer) -> None:
    web.expect_request("/top.rss", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    url = _serve(
        web,
        "/top.rss",
        "herald.rss",
        "application/rss+xml",
        ETag='"v1"',
        **{"Last-Modified": "Thu, 07 Mar 2024 16:00:00 GMT"},
    )
    with client() as session:
        first = resolve_feed(session, url)
        assert (first.etag, first.modified) == ('"v1"', "Thu, 07 Mar 2024 16:00:00 GMT")
        later = datetime.fromisoformat(first.fetched) + MIN_INTERVAL + timedelta(minutes=1)
        second = poll(session, first, now=later, stored=first.items)
    assert second.outcome is Outcome.UNCHANGED
    assert second.items == first.items
    assert (second.etag, second.modified) == ('"v1"', "Thu, 07 Mar 2024 16:00:00 GMT")
    assert second.fetched == later.isoformat().replace("+00:00", "Z")
    asked = web.log[-1][0]
    assert asked.headers["If-None-Match"] == '"v1"'
    assert asked.headers["If-Modified-Since"] == "Thu, 07 Mar 2024 16:00:00 GMT"
    assert web.log[-1][1].status_code == 304


def test_a_feed_polled_again_within_the_interval_is_not_asked(web: HTTPServer) -> None:
    url = _serve(web, "/top.rss", "herald.rss", "application/rss+xml")
    with client() as session:
        first = poll(session, Followed(url), now=NOW)
        assert first.outcome is Outcome.FETCHED and len(first.items) == 5
        assert (first.title, first.site) == ("Top Stories - The Herald", "The Herald")
        again = poll(
            session, first, now=NOW + MIN_INTERVAL - timedelta(seconds=1), stored=first.items
        )
        assert len(web.log) == 1
        assert again.outcome is Outcome.SKIPPED
        assert (again.items, again.fetched) == (first.items, first.fetched)
        poll(session, first, now=NOW + MIN_INTERVAL, stored=first.items)
        assert len(web.log) == 2


def test_polling_all_feeds_one_failure_does_not_stop_the_others(web: HTTPServer) -> None:
    urls = [
        _serve(web, "/herald.rss", "herald.rss", "application/rss+xml"),
        web.url_for("/missing.rss"),
        _serve(web, "/courier.atom", "courier.atom", "application/atom+xml"),
        web.url_for("/page"),
        _serve(web, "/ledger.rdf", "ledger.rdf", "application/rdf+xml"),
    ]
    web.expect_request("/missing.rss").respond_with_data("no", status=404)
    web.expect_request("/page").respond_with_data(
        "<html><body>Hi</body></html>", content_type="text/html"
    )
    with client() as session:
        results = poll_all(session, [Followed(url) for url in urls], now=NOW, workers=3)
    assert [r.url for r in results] == urls
    assert [r.outcome for r in results] == [
        Outcome.FETCHED,
        Outcome.FAILED,
        Outcome.FETCHED,
        Outcome.FAILED,
        Outcome.FETCHED,
    ]
    assert [len(r.items) for r in results] == [5, 0, 4, 0, 4]
    assert "404" in results[1].status and "\n" not in results[1].status
    assert results[3].status == "not a feed (RSS or Atom)"
    assert len(web.log) == 5


@pytest.mark.parametrize(
    ("title", "link", "outlet"),
    [
        ("Top Stories - The Herald", "https://herald.example/", "The Herald"),
        ("World news | The Guardian", "https://www.theguardian.com/", "The Guardian"),
        ("NYT > World", "https://www.nytimes.com/", "NYT"),
        ("BBC News - Home", "https://www.bbc.co.uk/news", "BBC News"),
        ("Latest - Top Stories", "https://www.morning-ledger.example/", "Morning Ledger"),
        ("The Daily Courier", "https://courier.example/", "The Daily Courier"),
    ],
)
def test_an_outlet_is_named_from_its_feed_title_and_site(
    title: str, link: str, outlet: str
) -> None:
    assert site_name(title, link) == outlet
