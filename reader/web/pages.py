"""Fetching a batch of pages, a few at once, each to its article or one line why not.

One httpx client is shared by a small pool of threads: pages come from different
servers, so a handful at once is much quicker than one after another, and a thread
per page keeps the code the same for the command line and the reader (which runs it
off its event loop). Results come back in the order the URLs were given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from reader.articles.decode import MAX_BYTES
from reader.web.extract import Extracted, extract
from reader.web.http import DEADLINE, PAGE_TYPES, TIMEOUT, FetchError, Response, client, get

WORKERS = 4
"""Pages fetched at once: enough to overlap slow servers, few enough to be polite."""

STOPPED = "stopped before it was fetched"


@dataclass(frozen=True)
class Fetched:
    """A page that came back with an article in it."""

    url: str
    """The URL as given."""
    response: Response
    page: Extracted


@dataclass(frozen=True)
class Failed:
    """A page that gave nothing usable; `reason` is one line, without the URL."""

    url: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A URL not fetched (or not kept) because its page is already at hand."""

    url: str
    reason: str
    file: str | None = None
    """The story's file that already holds the page, when it is one of the story's."""


PageResult = Fetched | Failed | Skipped


@dataclass(frozen=True)
class PageEvent:
    """A page's progress, for a progress bar: which URL, and whether it has started,
    finished (with an article), failed (with `reason`) or been skipped."""

    url: str
    index: int
    """The URL's position in the batch, from 0."""
    total: int
    state: Literal["started", "finished", "failed", "skipped"]
    reason: str | None = None


Progress = Callable[[PageEvent], None]


def normalise(url: str) -> str:
    """The URL in one spelling, to tell when two name the same page.

    Scheme and host are case-insensitive, a default port and a fragment name the same
    page as without them, and an empty path is "/". The query is kept: on news sites
    it often picks the article.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        host = f"{parts.netloc.rpartition('@')[0]}@{host}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def fetch_pages(
    urls: Sequence[str],
    *,
    workers: int = WORKERS,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    limit: int = MAX_BYTES,
    known: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> list[PageResult]:
    """Each URL's page and article, in the order given.

    A URL given twice (in any spelling `normalise` equates) is fetched once; the
    second is Skipped as "given twice". `known` maps normalised URLs to the file that
    already holds their page, and those are Skipped without a request. `progress` is
    called from the worker threads; a user interface hands the event to its own
    thread. Once `stop` is set, pages not yet started fail as stopped and pages being
    read stop at their next chunk.
    """
    total = len(urls)
    results: list[PageResult | None] = [None] * total
    first: dict[str, int] = {}
    todo: list[int] = []
    for index, url in enumerate(urls):
        key = normalise(url)
        if known and key in known:
            results[index] = Skipped(url, f"already in the story as {known[key]}", known[key])
        elif key in first:
            results[index] = Skipped(url, f"given twice (also as {urls[first[key]]})")
        else:
            first[key] = index
            todo.append(index)
            continue
        _tell(progress, url, index, total, "skipped", results[index])

    def one(index: int) -> PageResult:
        url = urls[index]
        if stop is not None and stop.is_set():
            result: PageResult = Failed(url, STOPPED)
        else:
            _tell(progress, url, index, total, "started")
            try:
                response = get(
                    session, url, accept=PAGE_TYPES, limit=limit, deadline=deadline, stop=stop
                )
                result = Fetched(url, response, extract(response))
            except FetchError as exc:
                result = Failed(url, exc.reason)
        _tell(
            progress,
            url,
            index,
            total,
            "finished" if isinstance(result, Fetched) else "failed",
            result,
        )
        return result

    if todo:
        with (
            client(timeout) as session,
            ThreadPoolExecutor(
                max_workers=max(1, min(workers, len(todo))), thread_name_prefix="fetch"
            ) as pool,
        ):
            for index, result in zip(todo, pool.map(one, todo), strict=True):
                results[index] = result
    return [result for result in results if result is not None]


def _tell(
    progress: Progress | None,
    url: str,
    index: int,
    total: int,
    state: Literal["started", "finished", "failed", "skipped"],
    result: PageResult | None = None,
) -> None:
    if progress is None:
        return
    reason = result.reason if isinstance(result, Failed | Skipped) else None
    progress(PageEvent(url, index, total, state, reason))
