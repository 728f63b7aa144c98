"""Getting one URL's bytes, politely and within bounds, or one line saying why not.

httpx does the HTTP (redirects, timeouts, decompression, connection reuse across
threads); this module adds what a reader needs on top: a cap on the body that holds
when a server sends no length or lies about it, a deadline for the whole page (httpx's
timeouts are per read, so a server dripping a byte a second would never time out), a
check of the content type before the body is read, and every failure turned into a
`FetchError` whose message is one line a person can act on.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import httpx

from reader import __version__
from reader.articles.decode import MAX_BYTES

USER_AGENT = f"newsreader/{__version__} (a terminal news reader)"
TIMEOUT = 10.0
"""Seconds to wait for the server to answer or to send the next bytes."""
DEADLINE = 30.0
"""Seconds a whole page may take, however steadily it trickles in."""
MAX_REDIRECTS = 5

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/feed+json",
    }
)


class FetchError(Exception):
    """A URL that gave nothing usable; `reason` is one line, without the URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Response:
    """What a server sent for one URL (its body already read, within the limit)."""

    url: str
    """The URL as asked for."""
    final_url: str
    """Where the redirects, if any, ended."""
    status: int
    content_type: str
    """The media type alone, lower case ("text/html"), or "" when none was sent."""
    charset: str | None
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    """Response headers, names in lower case."""

    @property
    def not_modified(self) -> bool:
        """The server said the copy we have is current (a conditional GET's 304)."""
        return self.status == 304


def client(timeout: float = TIMEOUT) -> httpx.Client:
    """One client for a batch of requests: it reuses connections, and threads may share it."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        headers={"User-Agent": USER_AGENT},
    )


def get(
    session: httpx.Client,
    url: str,
    *,
    accept: Collection[str] = (),
    headers: Mapping[str, str] | None = None,
    limit: int = MAX_BYTES,
    deadline: float = DEADLINE,
    stop: threading.Event | None = None,
) -> Response:
    """The response to GET `url`, or FetchError.

    `accept` lists the media types wanted (empty: any); a response of another type
    is refused before its body is read, so a PDF or a video costs one round trip.
    A response without a content type is let through: the caller looks at the bytes.
    A 304 comes back as a Response with an empty body; any other status from 400 up
    is an error naming it.
    """
    try:
        with session.stream("GET", url, headers=headers) as answer:
            return _read(url, answer, accept, limit, deadline, stop)
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
    except httpx.TimeoutException:
        waited = session.timeout.read or TIMEOUT
        raise FetchError(url, f"timed out: no answer within {waited:g} s") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, _unreachable(exc)) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL):
        raise FetchError(url, "not a web address (http:// or https://)") from None
    except httpx.DecodingError:
        raise FetchError(url, "the server's compressed data could not be unpacked") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, _one_line(str(exc)) or type(exc).__name__) from None


def _read(
    url: str,
    answer: httpx.Response,
    accept: Collection[str],
    limit: int,
    deadline: float,
    stop: threading.Event | None,
) -> Response:
    kind, _, params = answer.headers.get("content-type", "").partition(";")
    kind = kind.strip().lower()
    final = str(answer.url)
    if answer.status_code >= 400:
        raise FetchError(url, f"the server answered {answer.status_code} {answer.reason_phrase}")
    if accept and kind and kind not in accept and answer.status_code != 304:
        raise FetchError(url, f"not a web page but {kind}")
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"the page is larger than {_size(limit)}, the limit")
    started = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    for chunk in answer.iter_bytes():
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            raise FetchError(url, f"the page is larger than {_size(limit)}, the limit")
        if time.monotonic() - started > deadline:
            raise FetchError(url, f"timed out: the page took longer than {deadline:g} s")
        if stop is not None and stop.is_set():
            raise FetchError(url, "stopped")
    return Response(
        url=url,
        final_url=final,
        status=answer.status_code,
        content_type=kind,
        charset=answer.charset_encoding if "charset" in params.lower() else None,
        body=b"".join(chunks),
        headers={name.lower(): value for name, value in answer.headers.items()},
    )


def _unreachable(exc: BaseException) -> str:
    """Why a connection could not be made, as a reader would put it."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, socket.gaierror):
        if cause.errno == socket.EAI_AGAIN:
            return "no network: the server's name could not be looked up"
        return "the server's name was not found (a typo in the address?)"
    if isinstance(cause, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "no network: the server cannot be reached"
    return "could not connect: " + (_one_line(str(exc)) or type(exc).__name__)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"
