"""Outlets' feeds: read one, find one from a site's page, and poll them politely.

feedparser reads RSS 2.0, Atom 1.0 and RSS 1.0. It is always given the bytes
that :func:`reader.web.http.get` fetched, never a URL (given a URL it would
fetch by itself, past our limits), together with the response's content type
(without it every feed is flagged as malformed) and final address (which
resolves relative links and ids).

Polling is polite: a feed fetched less than ``min_interval`` ago is not asked
again at all, and otherwise it is asked with the validators of its last answer
(If-None-Match from its ETag, If-Modified-Since from its Last-Modified), so an
unchanged feed costs the server a 304 and no body; its stored items stand.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import lxml.etree
import lxml.html

from reader.highlights.library import FeedItem
from reader.web.http import FEED_TYPES, PAGE_TYPES, FetchError, Response, get
from reader.wording import plural

MIN_INTERVAL = timedelta(minutes=15)
"""A feed is asked at most once in this long, however often the reader polls."""
WORKERS = 4
"""Feeds fetched at once by :func:`poll_all`."""
SUMMARY_CHARS = 600
"""A summary is cut to about this many characters. Some feeds carry whole
articles; grouping compares headlines and their first lines, and a list shows
no more."""

ACCEPT = FEED_TYPES | PAGE_TYPES | {"text/plain", "application/octet-stream"}
"""What a feed's address may answer with: feeds are often served as plain XML
or text, and a site's page is where its feed is found."""
LINKED_FEEDS = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_SEPARATORS = re.compile(r"\s+(?:[-–—|:>»·])\s+")
_SECTIONS = frozenset(
    "top stories headlines latest news home front page world national breaking most read "
    "all rss feed atom".split()
)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


@dataclass(frozen=True)
class ParsedFeed:
    """A feed as read from one answer of its server."""

    url: str
    """The feed's own address (for a site's page, the feed it links)."""
    title: str
    """The channel's title as the feed gives it ("Top Stories - The Herald")."""
    site: str
    """The outlet's name, used for each item's outlet (see :func:`site_name`)."""
    link: str
    """The outlet's home page, as the feed gives it ("" when it gives none)."""
    items: tuple[FeedItem, ...]
    etag: str | None
    modified: str | None
    fetched: str
    """When it was fetched, ISO 8601 UTC."""


class FeedState(Protocol):
    """What polling needs to know of a feed from its last fetch: the store's
    feed row, a :class:`ParsedFeed` and a :class:`PollResult` all have it."""

    @property
    def url(self) -> str: ...
    @property
    def etag(self) -> str | None: ...
    @property
    def modified(self) -> str | None: ...
    @property
    def fetched(self) -> str | None: ...


class Outcome(StrEnum):
    FETCHED = "fetched"
    """The server sent the feed; ``items`` are its items now."""
    UNCHANGED = "unchanged"
    """The server answered 304; ``items`` are the stored ones."""
    SKIPPED = "skipped"
    """Fetched too recently to ask again; no request made; ``items`` are the stored ones."""
    FAILED = "failed"
    """``reason`` says why in one line; ``items`` are the stored ones."""


@dataclass(frozen=True)
class PollResult:
    """What one poll of one feed gave, with the validators for the next."""

    url: str
    outcome: Outcome
    items: tuple[FeedItem, ...]
    etag: str | None
    modified: str | None
    fetched: str | None
    """When the feed was last asked (now, unless it was skipped)."""
    title: str | None = None
    """The channel's title and outlet name, when the feed was fetched."""
    site: str | None = None
    reason: str = ""

    @property
    def status(self) -> str:
        """The outcome in one line, for a list of feeds."""
        if self.outcome is Outcome.FETCHED:
            return plural(len(self.items), "item")
        if self.outcome is Outcome.UNCHANGED:
            return "unchanged since the last fetch"
        if self.outcome is Outcome.SKIPPED:
            return "fetched recently: not asked again yet"
        return self.reason


def parse_feed(response: Response) -> ParsedFeed:
    """The feed in ``response``, or FetchError when its body is not one."""
    parsed = feedparser.parse(
        response.body,
        response_headers={
            "content-type": response.content_type or "application/xml",
            "content-location": response.final_url,
        },
    )
    if not parsed.get("version") and not parsed.get("entries"):
        raise FetchError(response.url, "not a feed (RSS or Atom)")
    channel = parsed.get("feed", {})
    title = _plain(channel.get("title_detail"), channel.get("title", ""))
    link = str(channel.get("link", ""))
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.get("entries", []):
        item = _item(response.url, entry)
        if item is not None and item.id not in seen:
            seen.add(item.id)
            items.append(item)
    return ParsedFeed(
        url=response.url,
        title=title,
        site=site_name(title, link or response.final_url),
        link=link,
        items=tuple(items),
        etag=response.headers.get("etag"),
        modified=response.headers.get("last-modified"),
        fetched=_stamp(datetime.now(UTC)),
    )


def discover(response: Response) -> list[str]:
    """The feeds a page links with ``<link rel="alternate" type="application/rss+xml">``
    (or Atom or RDF), as absolute URLs, in the page's order."""
    try:
        page = lxml.html.fromstring(response.body)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = response.final_url
    for href in page.xpath("//base/@href"):
        base = urljoin(base, str(href).strip())
        break
    found: list[str] = []
    for link in page.xpath("//link[@href]"):
        rel = str(link.get("rel", "")).lower().split()
        kind = str(link.get("type", "")).split(";")[0].strip().lower()
        if "alternate" in rel and kind in LINKED_FEEDS:
            url = urljoin(base, str(link.get("href")).strip())
            if url not in found:
                found.append(url)
    return found


def resolve_feed(
    session: httpx.Client, url: str, *, stop: threading.Event | None = None
) -> ParsedFeed:
    """The feed at ``url``, or the one a site's page at ``url`` links; FetchError
    (one line) when the address gives neither."""
    response = get(session, url, accept=ACCEPT, stop=stop)
    try:
        return parse_feed(response)
    except FetchError:
        if not _is_page(response):
            raise FetchError(url, "neither a feed (RSS or Atom) nor a web page") from None
    linked = discover(response)
    if not linked:
        raise FetchError(url, "the page links no feed (RSS or Atom)")
    try:
        return parse_feed(get(session, linked[0], accept=ACCEPT, stop=stop))
    except FetchError as exc:
        raise FetchError(url, f"the feed it links, {linked[0]}: {exc.reason}") from None


def poll(
    session: httpx.Client,
    state: FeedState,
    *,
    now: datetime,
    stored: Sequence[FeedItem] = (),
    min_interval: timedelta = MIN_INTERVAL,
    stop: threading.Event | None = None,
) -> PollResult:
    """One polite fetch of a feed (see the module docstring); never raises FetchError.

    ``now`` is timezone-aware; ``stored`` are the items of the feed's last good
    fetch, returned as they are when the feed is skipped, unchanged or failing.
    """
    kept = tuple(stored)
    last = parse_stamp(state.fetched)
    if last is not None and timedelta(0) <= now - last < min_interval:
        return PollResult(
            state.url, Outcome.SKIPPED, kept, state.etag, state.modified, state.fetched
        )
    asked = _stamp(now)
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.modified:
        headers["If-Modified-Since"] = state.modified
    try:
        response = get(session, state.url, accept=ACCEPT, headers=headers, stop=stop)
        if response.not_modified:
            return PollResult(
                state.url,
                Outcome.UNCHANGED,
                kept,
                response.headers.get("etag", state.etag),
                response.headers.get("last-modified", state.modified),
                asked,
            )
        feed = parse_feed(response)
    except FetchError as exc:
        return PollResult(
            state.url,
            Outcome.FAILED,
            kept,
            state.etag,
            state.modified,
            asked,
            reason=exc.reason,
        )
    return PollResult(
        state.url,
        Outcome.FETCHED,
        feed.items,
        feed.etag,
        feed.modified,
        asked,
        title=feed.title,
        site=feed.site,
    )


def poll_all(
    session: httpx.Client,
    states: Sequence[FeedState],
    *,
    now: datetime,
    stored: Mapping[str, Sequence[FeedItem]] | None = None,
    min_interval: timedelta = MIN_INTERVAL,
    workers: int = WORKERS,
    stop: threading.Event | None = None,
) -> list[PollResult]:
    """:func:`poll` on each feed, ``workers`` at once, in the order given; one
    feed failing is one result among the others. ``stored`` maps a feed's URL to
    its stored items."""
    known = stored or {}

    def one(state: FeedState) -> PollResult:
        return poll(
            session,
            state,
            now=now,
            stored=known.get(state.url, ()),
            min_interval=min_interval,
            stop=stop,
        )

    if not states:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(states)))) as pool:
        return list(pool.map(one, states))


def site_name(title: str, link: str) -> str:
    """The outlet's name for a feed titled ``title`` whose site is at ``link``.

    Feed titles often name a section as well as the outlet ("Top Stories - The
    Herald", "NYT > World", "World news | The Guardian"). The title's parts are
    taken in turn: the one that names the link's host ("The Herald" for
    herald.example) wins; failing that, the one part that is not a section
    word; failing that, the host made readable ("herald.example" -> "Herald").
    A title with no separator is the name as it is.
    """
    host = _host_label(link)
    parts = [part.strip() for part in _SEPARATORS.split(title.strip()) if part.strip()]
    if len(parts) == 1:
        return parts[0]
    compact_host = _compact(host) or "\0"
    for part in parts:
        compact = _compact(part)
        if (
            len(compact) >= 3
            and compact_host
            and (compact in compact_host or compact_host in compact)
        ):
            return part
    named = [part for part in parts if not set(part.lower().split()) <= _SECTIONS]
    if len(named) == 1:
        return named[0]
    return host.replace("-", " ").title() if host else title.strip()


def _item(feed: str, entry: Any) -> FeedItem | None:
    title = _plain(entry.get("title_detail"), entry.get("title", ""))
    content = entry.get("content") or [{}]
    summary = _plain(entry.get("summary_detail") or content[0], entry.get("summary", ""))
    if not summary:
        summary = _plain(content[0], content[0].get("value", ""))
    link = str(entry.get("link", ""))
    if not (title or summary):
        return None
    published = _published(entry)
    ident = str(entry.get("id") or link)
    if not ident:
        ident = "sha1:" + hashlib.sha1(f"{title}\n{published}".encode()).hexdigest()
    return FeedItem(feed, ident, title, _cut(summary), link, published)


def _plain(detail: Any, value: str) -> str:
    """A title or summary as one line of text: HTML stripped when the feed says it is HTML."""
    kind = str(detail.get("type", "")) if detail else ""
    text = str(value)
    if "html" in kind:
        text = _strip_html(text)
    return " ".join(text.split())


def _strip_html(markup: str) -> str:
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return markup
    for element in root.iter(*_BLOCKS):
        element.tail = " " + (element.tail or "")
    return str(root.text_content())


def _cut(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def _published(entry: Any) -> str | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    try:
        return _stamp(datetime.fromtimestamp(calendar.timegm(moment), UTC))
    except (TypeError, ValueError, OverflowError):
        return None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_stamp(stamp: str | None) -> datetime | None:
    """An ISO 8601 time as stored (UTC when it names no zone); None when absent or unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is_page(response: Response) -> bool:
    if response.content_type in PAGE_TYPES:
        return True
    start = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _host_label(link: str) -> str:
    """The distinctive part of a link's host: "www.herald.example" -> "herald"."""
    host = (urlsplit(link).hostname or "").lower()
    if not host or ":" in host or host.replace(".", "").isdigit():
        return host  # no name to read in an address
    labels = [label for label in host.split(".") if label]
    if len(labels) > 1:
        labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in {"co", "com", "org", "net", "ac", "gov"}:
        labels.pop()  # bbc.co.uk
    return labels[-1]


def _compact(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    if words and words[0] == "the":
        words = words[1:]
    return "".join(words)
