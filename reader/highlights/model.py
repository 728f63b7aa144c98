"""A highlight: a quote of an article, where it was, and the reader's note; and a
reader's correction of the aligner, kept the same way."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from reader.articles import Article, Sentence
from reader.highlights.anchors import Placement, Quote, quote


def now(timespec: str = "seconds") -> str:
    return datetime.now(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Revision:
    """What a highlight quoted before an edit of its article moved it on.

    The anchor as it was (the text's fingerprint, offsets, quote and context) and
    when it was replaced.
    """

    fingerprint: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    replaced: str


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlighted stretch of one article.

    ``start``/``end`` index the article's text as it was when the highlight was
    last placed (``fingerprint`` identifies that text); ``exact``, ``prefix`` and
    ``suffix`` are the quote and its context, kept to place it again after an
    edit. When an edit moves it or changes its words, the quote follows the text
    it now covers and the earlier ones are kept in ``history``, oldest first.
    ``orphan`` says it could not be placed the last time its article was read.
    Highlights made together across outlets (one fact, every wording) share a
    ``group``.
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
    orphan: bool = False
    history: tuple[Revision, ...] = ()

    @property
    def quote(self) -> Quote:
        return Quote(self.exact, self.prefix, self.suffix)

    def with_note(self, note: str) -> Highlight:
        return replace(self, note=note, updated=now())

    def as_placed(self, article: Article, placement: Placement) -> Highlight:
        """This highlight as its article's current text has it.

        An orphan keeps the anchor it had, to be tried again on a later text. A
        placed highlight takes the quote and context it now covers; when its
        words or offsets changed, the anchor it had goes into ``history``.
        Unchanged, it is returned as it is.
        """
        if placement.orphan:
            return self if self.orphan else replace(self, orphan=True)
        q = quote(article.text, placement.start, placement.end)
        moved = (self.start, self.end, self.exact) != (placement.start, placement.end, q.exact)
        if (
            not moved
            and not self.orphan
            and (self.fingerprint, self.prefix, self.suffix)
            == (
                article.fingerprint,
                q.prefix,
                q.suffix,
            )
        ):
            return self
        history, updated = self.history, self.updated
        if moved:
            updated = now()
            old = self.quote
            earlier = Revision(
                self.fingerprint, self.start, self.end, old.exact, old.prefix, old.suffix, updated
            )
            history = (*history, earlier)
        return replace(
            self,
            fingerprint=article.fingerprint,
            start=placement.start,
            end=placement.end,
            exact=q.exact,
            prefix=q.prefix,
            suffix=q.suffix,
            orphan=False,
            updated=updated,
            history=history,
        )


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


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """One sentence of a correction, kept so it is found again as a highlight is:
    its article's file name, its offsets, and its quote with context (a restart,
    matching again or a small edit of the article does not lose it)."""

    article: str  # file_key of the article
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    outlet: str = ""  # shown in exports; not part of its identity

    @property
    def quote(self) -> Quote:
        return Quote(self.exact, self.prefix, self.suffix)

    @property
    def identity(self) -> tuple[str, int, str]:
        return self.article, self.start, self.exact


def sentence_ref(article: Article, sentence: Sentence) -> SentenceRef:
    q = quote(article.text, sentence.start, sentence.end)
    return SentenceRef(
        file_key(article),
        sentence.start,
        sentence.end,
        q.exact,
        q.prefix,
        q.suffix,
        storable(article.outlet),
    )


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    """A reader's correction of the aligner as the store keeps it.

    ``linked`` True: the two sentences report the same thing (a pair the engine
    missed); False: they do not (a pair it made wrongly). ``a`` is the side that
    sorts first by article file name and offset, so a pair is stored one way
    whichever order it was given in; a newer correction of a pair replaces the
    older one, so ``created`` is kept to the microsecond (a reader can link and
    unlink a pair within a second).
    """

    id: str
    story: str
    a: SentenceRef
    b: SentenceRef
    linked: bool
    created: str

    def ordered(self) -> StoredCorrection:
        """The same correction with its sides in the order the store keeps them."""
        return replace(self, a=self.b, b=self.a) if self.b.identity < self.a.identity else self


def make_correction(
    story: str,
    first: tuple[Article, Sentence],
    second: tuple[Article, Sentence],
    *,
    linked: bool,
) -> StoredCorrection:
    a, b = sorted((sentence_ref(*first), sentence_ref(*second)), key=lambda r: r.identity)
    return StoredCorrection(uuid.uuid4().hex, storable(story), a, b, linked, now("microseconds"))
