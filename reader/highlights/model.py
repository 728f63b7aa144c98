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
    article: str  # the article's file name: its identity across moves of the story
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


def make(
    story: str, article: Article, start: int, end: int, *, group: str | None = None, note: str = ""
) -> Highlight:
    q = quote(article.text, start, end)
    stamp = now()
    return Highlight(
        id=uuid.uuid4().hex,
        story=story,
        article=article.source.name,
        source=str(article.source.absolute()),  # the same wherever the reader was started
        outlet=article.outlet,
        title=article.title,
        fingerprint=article.fingerprint,
        start=start,
        end=end,
        exact=q.exact,
        prefix=q.prefix,
        suffix=q.suffix,
        note=note,
        group=group,
        date=article.date,
        url=article.url,
        created=stamp,
        updated=stamp,
    )
