"""A highlight: a quote of an article, where it was, and the reader's note."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from reader.articles import Article
from reader.highlights.anchors import Quote, quote


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlighted stretch of one article.

    ``start``/``end`` index the article's text as it was when the highlight was
    made (``fingerprint`` identifies that text); ``exact``, ``prefix`` and
    ``suffix`` are the quote and its context, kept to place it again after an
    edit. Highlights made together across outlets (one fact, every wording)
    share a ``group``.
    """

    id: str
    story: str
    article: str  # the article's file name (file_key): its identity across moves of the story
    source: str
    outlet: str
    title: str
    fingerprint: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str = ""
    group: str | None = None
    date: str | None = None
    url: str | None = None
    created: str = ""
    updated: str = ""

    @property
    def quote(self) -> Quote:
        return Quote(self.exact, self.prefix, self.suffix)

    def with_note(self, note: str) -> Highlight:
        return replace(self, note=note, updated=now())


def storable(text: str) -> str:
    """``text`` as UTF-8 can carry it, to be stored and exported.

    A file name whose bytes are not UTF-8 comes to Python with each such byte
    as a lone surrogate; here each becomes ``\\xNN`` (``caf\\xe9.txt``), the
    same every time, so a highlight finds its file again. Other text is unchanged.
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def file_key(article: Article) -> str:
    """An article's identity in the store: its file name, wherever the story is moved."""
    return storable(article.source.name)


def make(
    story: str, article: Article, start: int, end: int, *, group: str | None = None, note: str = ""
) -> Highlight:
    q = quote(article.text, start, end)
    stamp = now()
    return Highlight(
        id=uuid.uuid4().hex,
        story=storable(story),
        article=file_key(article),
        source=storable(str(article.source.absolute())),  # the same wherever it was started
        outlet=storable(article.outlet),
        title=storable(article.title),
        fingerprint=article.fingerprint,
        start=start,
        end=end,
        exact=q.exact,
        prefix=q.prefix,
        suffix=q.suffix,
        note=note,
        group=group,
        date=None if article.date is None else storable(article.date),
        url=None if article.url is None else storable(article.url),
        created=stamp,
        updated=stamp,
    )
