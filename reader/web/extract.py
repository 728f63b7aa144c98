"""A fetched page to an article's text and what is known about it.

Decoding comes first and follows what a browser trusts, most certain first: a byte
order mark, then the charset the server named, then the one the page declares in its
first 4 KB, each taken only when the bytes really decode with it (servers and pages
both mislabel); failing those, the reading loading uses for files. Then trafilatura
finds the main text and the metadata (title, site name, date, author, canonical
URL), dropping navigation, cookie banners, related links and footers.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.articles.decode import decode
from reader.articles.errors import LoadError
from reader.articles.model import Article
from reader.web.http import FetchError, Response

META_WINDOW = 4096
"""Bytes searched for a <meta> charset, as browsers do (the HTML standard says 1024;
pages with long head comments put it later)."""

SHORT_WARNING = "short: likely a paywall or consent wall"
MIN_BODY_SENTENCES = 4
MIN_BODY_CHARS = 400
"""Below either, the saved text is taken to be a teaser or a notice rather than the
article. On the test pages a paywall's teaser and a consent wall give 3-4 body
sentences and under 300 characters, while whole (if brief) reports give 6-8 sentences
and 670-980 characters; the seed story's articles are far longer. The sentence count
alone misses a paywall with a long standfirst, and 600 characters comes close to
calling a short report a paywall, so characters decide, at 400."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# The HTML standard reads these labels as Windows-1252, which is what such pages hold.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "ascii", "iso8859_1", "cp1252"})


@dataclass(frozen=True)
class Extracted:
    """A page's article: plain paragraphs separated by blank lines, and its metadata."""

    title: str | None
    outlet: str | None
    date: str | None
    """ISO 8601 (YYYY-MM-DD) when the page gives one."""
    author: str | None
    url: str
    """The page's canonical URL when it names one, else the address it came from."""
    text: str
    site_named: bool = True
    """The page names its site (og:site_name or the like); when not, ``outlet`` is
    only its host, and a better name from elsewhere (a feed's) is worth taking."""

    @property
    def document(self) -> str:
        """The text to save: the title as a heading, then the paragraphs.

        Without its title line, loading would take the first paragraph for the title
        (as it does on text copied from a page) and the lead would go unmatched.
        """
        if not self.title:
            return self.text
        return f"# {self.title}\n\n{self.text}"


def decode_page(response: Response) -> str:
    """The page's text, or FetchError when its bytes are not text in any encoding."""
    body = response.body
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            try:
                return body.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError:
                raise FetchError(
                    response.url, "the page cannot be read as text (its byte order mark lies)"
                ) from None
    for label in (response.charset, _meta_charset(body)):
        text = _strict(body, label) if label else None
        if text is not None:
            return text
    try:
        return decode(body, Path(urlsplit(response.final_url).path or "/"))
    except LoadError as exc:
        raise FetchError(response.url, f"the page cannot be read as text ({exc.reason})") from None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_WINDOW])
    return match.group(1).decode("ascii") if match else None


def _strict(body: bytes, label: str) -> str | None:
    """The body decoded with `label`, None when the label is unknown or the bytes do not fit.

    A page that says UTF-16 in ASCII bytes cannot be UTF-16 (it would have read its own
    label as nonsense), so that label is passed over, as browsers do.
    """
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None
    if name.replace("-", "_") in _WINDOWS_1252_ALIASES:
        name = "cp1252"
    try:
        return body.decode(name).lstrip("\ufeff")
    except UnicodeDecodeError:
        return None


_DATES = {"extensive_search": False, "original_date": True}


def extract(response: Response) -> Extracted:
    """The article in a fetched page, or FetchError when it holds no text to read."""
    html = decode_page(response)
    import trafilatura  # slow to import; only a fetch needs it

    try:
        found = trafilatura.bare_extraction(
            html,
            url=response.final_url,
            with_metadata=True,
            include_comments=False,
            # a date from the page's markup, the first published: never one guessed
            # from the text, such as a footer's "© 2024" taken for 1 January 2024
            date_extraction_params=_DATES,
        )
    except Exception as exc:  # the extractor's parser errors have no common base class
        raise FetchError(
            response.url, f"the page could not be parsed ({type(exc).__name__})"
        ) from None
    doc: dict[str, Any] = {}
    if isinstance(found, dict):
        doc = found
    elif found is not None:
        doc = found.as_dict()
    lines = [" ".join(line.split()) for line in str(doc.get("text") or "").splitlines()]
    text = "\n\n".join(line for line in lines if line)
    if not text:
        raise FetchError(response.url, "no article text found on the page")
    canonical = _text(doc.get("url")) or response.final_url
    sitename = _text(doc.get("sitename"))
    return Extracted(
        title=_text(doc.get("title")),
        outlet=outlet_name(sitename, canonical),
        date=_text(doc.get("date")),
        author=_text(doc.get("author")),
        url=canonical,
        text=text + "\n",
        site_named=sitename is not None and not _is_host(sitename),
    )


def outlet_name(sitename: str | None, url: str) -> str | None:
    """The outlet as a reader would name it.

    A page that names its site (og:site_name) gives that name. Otherwise the
    extractor falls back to a host name; "www." adds nothing, and a port or a bare
    address says nothing about the outlet, so the canonical URL's host is preferred
    when it has a name ("www.courier.example" is shown as "courier.example").
    """
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if sitename and not _is_host(sitename):
        return sitename
    if host and not _is_address(host):
        return host
    if sitename:
        return sitename.removeprefix("www.")
    return host or None


def _is_host(name: str) -> bool:
    return " " not in name and ("." in name or ":" in name) and not name.endswith(".")


def _is_address(host: str) -> bool:
    return host == "localhost" or bool(re.fullmatch(r"[\d.]+|[0-9a-f:]+", host))


def is_short(article: Article) -> bool:
    """Too little body text to be a whole article: a paywall's teaser or a consent wall."""
    body = article.body
    return len(body) < MIN_BODY_SENTENCES or sum(len(s.text) for s in body) < MIN_BODY_CHARS


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
