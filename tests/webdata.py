"""Web pages and feeds written for the tests, served by the `web` fixture's real
server: the pages of tests/data/web (pages.toml says how each is served and what
it should give), and a small web of news: two outlets' pages about one event and
an RSS feed for each of three outlets."""

from __future__ import annotations

import gzip
import html
import tomllib
from typing import Any

from conftest import DATA
from pytest_httpserver import HTTPServer

WEB = DATA / "web"
PAGES: list[dict[str, Any]] = tomllib.loads((WEB / "pages.toml").read_text("utf-8"))["pages"]


def page_bytes(page: dict[str, Any]) -> bytes:
    """The page as the server sends it: in its encoding (UTF-16 with a byte order mark)."""
    return (WEB / page["file"]).read_text("utf-8").encode(page["encoding"])


def serve(web: HTTPServer, page: dict[str, Any], path: str | None = None) -> str:
    """Serve `page` at its path (or `path`) and give its URL."""
    body = page_bytes(page)
    headers = {}
    if page.get("gzip"):
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    web.expect_request(path or page["path"]).respond_with_data(
        body, content_type=page["content_type"], headers=headers
    )
    return web.url_for(path or page["path"])


EVENT_PAGES = {"herald.html": "/herald/bridge", "courier.html": "/courier/bridge"}
"""Two pages written for the tests about the Eastmere bridge reopening, and where
the feeds link them."""

OWN_ITEMS = {
    "The Herald": ("Council approves budget for new tram line", "Mon, 13 May 2024 08:00:00 GMT"),
    "The Courier": ("Storm warning for the coast this weekend", "Sun, 12 May 2024 08:00:00 GMT"),
    "The Ledger": ("Museum reopens after renovation", "Sat, 11 May 2024 08:00:00 GMT"),
}


def _item(title: str, summary: str, link: str, day: str) -> str:
    return (
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid><description>{html.escape(summary)}</description>"
        f"<pubDate>{day}</pubDate></item>"
    )


def _rss(outlet: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(outlet)}</title><link>https://{outlet.split()[-1].lower()}"
        f".example/</link><description>News</description>{''.join(items)}</channel></rss>"
    )


def serve_news(web: HTTPServer) -> list[str]:
    """Serve the pages and the three feeds; the feeds' URLs."""
    by_file = {page["file"]: page for page in PAGES}
    links = {name: serve(web, by_file[name], path) for name, path in EVENT_PAGES.items()}
    day = "Tue, 14 May 2024 09:00:00 +0000"
    event = {
        "The Herald": _item(
            "Eastmere harbour bridge reopens after two-year repair",
            "The harbour bridge in Eastmere reopened to traffic after a two-year repair.",
            links["herald.html"],
            day,
        ),
        "The Courier": _item(
            "Bridge back in business: Eastmere crossing open again",
            "Eastmere's harbour crossing is open again after two years of repair work.",
            links["courier.html"],
            day,
        ),
    }
    urls = []
    for number, (outlet, (title, date)) in enumerate(OWN_ITEMS.items()):
        own = _item(title, title + ".", f"https://{number}.example/own", date)
        items = [event[outlet], own] if outlet in event else [own]
        path = f"/feeds/{number}.xml"
        web.expect_request(path).respond_with_data(
            _rss(outlet, items), content_type="application/rss+xml"
        )
        urls.append(web.url_for(path))
    return urls
