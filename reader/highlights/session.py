"""The highlights and alignment corrections of the story being read: placed in
the current text, changed through the store, and looked up by sentence."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reader.articles import Article, Span
from reader.highlights.anchors import Placement, place
from reader.highlights.model import (
    Highlight,
    SentenceRef,
    StoredCorrection,
    file_key,
    make,
    make_correction,
    storable,
)
from reader.highlights.store import HighlightStore, StoreError
from reader.matching.model import Correction, Member


@dataclass(frozen=True, slots=True)
class Placed:
    highlight: Highlight
    article: int  # index in the story
    placement: Placement


@dataclass(frozen=True, slots=True)
class Stray:
    """A highlight of this story that cannot be shown, and why (its article is not open)."""

    highlight: Highlight
    why: str


@dataclass(frozen=True, slots=True)
class _Resolved:
    """The stored corrections as the current articles' sentences."""

    corrections: dict[tuple[Member, Member], Correction]
    stored: dict[tuple[Member, Member], list[str]]  # each pair's rows, newest first
    unresolved: list[StoredCorrection]


class Session:
    """One story's highlights and corrections. Every change goes to the store
    before it is shown.

    Placing the highlights stores what placing found: a highlight an edit moved
    or reworded takes the quote it now covers (the old one kept in its history),
    and each is flagged an orphan or not, so exports made without the articles
    still say which could not be placed. ``messages`` says, one line each, what
    of that could not be saved, and when the corrections could not be read.
    """

    def __init__(self, store: HighlightStore | None, story: str, articles: Sequence[Article]):
        self.store = store
        self.story = storable(story)  # as the store keeps it, whatever bytes a folder name has
        self.articles = articles
        self.placed: list[Placed] = []
        self.strays: list[Stray] = []  # this story's highlights whose article is not open
        self.messages: list[str] = []
        self._stored: list[StoredCorrection] = []  # the story's corrections, as last read
        self._read = False  # whether _stored is as the store has it since the last reload
        self._resolved: _Resolved | None = None
        self.reload()

    def _numbers(self) -> dict[str, int]:
        return {file_key(a): n for n, a in enumerate(self.articles)}

    def reload(self) -> None:
        """Place the story's highlights in the open articles.

        A highlight belongs to this story when it was made on one of these
        article files (whatever the story was called then: a title edited in
        ``story.toml``), or was saved under this story's name on a file no
        longer there (an article renamed, the story moved), or was saved under
        any name on a file that is gone and this story has its article (same
        fingerprint, or same file name and quote). A highlight saved under this
        name on a file still there in another folder is that other story's. Of
        this story's highlights, those whose article is not open are kept in
        :attr:`strays` and said in :attr:`messages`, never dropped.
        """
        self._read, self._resolved = False, None
        if self.store is None:
            return
        placed: list[Placed] = []
        changes: list[tuple[Highlight, Highlight]] = []
        strays: list[Stray] = []
        found_elsewhere = 0
        for h in self.store.highlights(None):
            number = self._article_of(h)
            if number is None:
                if h.story == self.story and not self._elsewhere(h):
                    strays.append(Stray(h, f"its article is not in this story: {h.article}"))
                continue
            article = self.articles[number]
            if h.fingerprint == article.fingerprint:
                placement = Placement(h.start, h.end, "offsets")
            else:
                placement = place(article.text, h.start, h.end, h.quote)
            now_placed = h.as_placed(article, placement)
            here = make(self.story, article, 0, 0)  # where a highlight made now is filed
            if (h.story, h.article, h.source) != (here.story, here.article, here.source):
                found_elsewhere += 1  # re-homed: filed under this story and file from now on
                now_placed = replace(
                    now_placed,
                    story=here.story,
                    article=here.article,
                    source=here.source,
                    outlet=here.outlet,
                )
            if now_placed != h:
                changes.append((h, now_placed))
            placed.append(Placed(now_placed, number, placement))
        self.placed, self.strays = placed, strays
        if found_elsewhere:
            self.messages.append(
                f"{found_elsewhere} highlight(s) saved under another story or file name "
                "were found by their article's text and are shown here"
            )
        for stray in strays:
            self.messages.append(f"a highlight of this story is kept but not shown: {stray.why}")
        if changes and not self.store.read_only:  # read-only: shown where they are now
            try:
                self.store.follow(changes)
            except StoreError as exc:
                self.messages.append(f"where edited articles moved highlights: {exc}")

    def _article_of(self, h: Highlight) -> int | None:
        """The open article a stored highlight is on, if any (see :meth:`reload`)."""
        for n, a in enumerate(self.articles):
            if storable(str(a.source.absolute())) == h.source:
                return n  # the very file it was made on
        if self._elsewhere(h):
            return None  # its file is still there, in a story not open now
        if h.story == self.story or not Path(h.source).exists():
            for n, a in enumerate(self.articles):
                if a.fingerprint == h.fingerprint:
                    return n
            named = [n for n, a in enumerate(self.articles) if file_key(a) == h.article]
            quoted = named or [
                n for n, a in enumerate(self.articles) if h.story == self.story
            ]  # a renamed and edited article: by its quote alone, within this story
            hits = [
                n
                for n in quoted
                if not place(self.articles[n].text, h.start, h.end, h.quote).orphan
            ]
            if len(hits) == 1 or (named and hits):
                return hits[0]
        return None

    def _elsewhere(self, h: Highlight) -> bool:
        """Whether the file a highlight was made on is still there, outside this story's
        folders: another story's article (two stories in folders of the same name)."""
        source = Path(h.source)
        if source.parent in self._folders:
            return False
        try:
            return source.is_file()
        except OSError:
            return False

    @property
    def _folders(self) -> set[Path]:
        return {a.source.absolute().parent for a in self.articles}

    @property
    def orphans(self) -> list[Placed]:
        return [p for p in self.placed if p.placement.orphan]

    def _require_store(self) -> HighlightStore:
        if self.store is None:
            raise StoreError(
                "highlights are not being saved in this session (see the message at start)"
            )
        return self.store

    # -- looking up ----------------------------------------------------------------------

    def spans(self) -> dict[tuple[int, int], list[Span]]:
        """Highlighted spans of each (article, sentence), relative to the sentence."""
        result: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for p in self.placed:
            if p.placement.orphan:
                continue
            for s in self.articles[p.article].sentences:
                start, end = max(s.start, p.placement.start), min(s.end, p.placement.end)
                if start < end:
                    result[(p.article, s.index)].append(Span(start - s.start, end - s.start))
        return dict(result)

    def at(self, article: int, sentence: int) -> list[Placed]:
        s = self.articles[article].sentences[sentence]
        return [
            p
            for p in self.placed
            if p.article == article
            and not p.placement.orphan
            and p.placement.start < s.end
            and s.start < p.placement.end
        ]

    # -- changing ------------------------------------------------------------------------

    def toggle_sentence(self, article: int, sentence: int) -> bool:
        """Highlight a whole sentence, or remove its highlight; True when added."""
        s = self.articles[article].sentences[sentence]
        existing = [
            p
            for p in self.at(article, sentence)
            if (p.placement.start, p.placement.end) == (s.start, s.end)
        ]
        if existing:
            self.remove([p.highlight.id for p in existing])
            return False
        self.add_span(article, s.start, s.end)
        return True

    def add_span(self, article: int, start: int, end: int, group: str | None = None) -> Highlight:
        h = make(self.story, self.articles[article], start, end, group=group)
        self._require_store().add([h])
        self.placed.append(Placed(h, article, Placement(start, end, "offsets")))
        return h

    def toggle_group(self, members: Sequence[tuple[int, int]]) -> bool:
        """Highlight one fact in every outlet's wording (one group), or remove it."""
        existing_groups = {
            p.highlight.group for a, s in members for p in self.at(a, s) if p.highlight.group
        }
        for group in existing_groups:
            covered = {(p.article) for p in self.placed if p.highlight.group == group}
            if covered >= {a for a, _ in members}:
                self.remove([p.highlight.id for p in self.placed if p.highlight.group == group])
                return False
        group_id = uuid.uuid4().hex
        new = [
            make(
                self.story,
                self.articles[a],
                self.articles[a].sentences[s].start,
                self.articles[a].sentences[s].end,
                group=group_id,
            )
            for a, s in members
        ]
        self._require_store().add(new)
        for h, (a, _) in zip(new, members, strict=True):
            self.placed.append(Placed(h, a, Placement(h.start, h.end, "offsets")))
        return True

    def remove(self, ids: Sequence[str]) -> None:
        self._require_store().remove(ids)
        gone = set(ids)
        self.placed = [p for p in self.placed if p.highlight.id not in gone]

    def set_note(self, highlight_id: str, note: str) -> None:
        self._require_store().set_note(highlight_id, note)
        self.placed = [
            Placed(p.highlight.with_note(note), p.article, p.placement)
            if p.highlight.id == highlight_id
            else p
            for p in self.placed
        ]

    # -- corrections of the aligner ------------------------------------------------------

    def corrections(self) -> list[Correction]:
        """The reader's corrections, as sentences of the articles open now.

        Each stored sentence is found again as a highlight is (offsets, quote,
        fuzzy quote); of several corrections that now name one pair, the newest
        counts. Those that cannot be found (an article not open, a sentence
        edited away) are kept in the store and counted in :attr:`unresolved`.
        A store that cannot be read gives those last read, and a line in
        :attr:`messages`.
        """
        return list(self._resolve().corrections.values())

    @property
    def unresolved(self) -> list[StoredCorrection]:
        """Stored corrections of this story that name no pair of the open articles."""
        return list(self._resolve().unresolved)

    def link(self, a: Member, b: Member) -> None:
        """Say two sentences of different articles report the same thing."""
        self._correct(a, b, linked=True)

    def unlink(self, a: Member, b: Member) -> None:
        """Say two sentences the aligner paired do not report the same thing."""
        self._correct(a, b, linked=False)

    def forget(self, a: Member, b: Member) -> bool:
        """Drop the reader's correction of a pair, leaving it to the aligner; True
        when there was one."""
        store = self._require_store()
        ids = set(self._resolve().stored.get(_pair(a, b), []))
        if not ids:
            return False
        store.forget_corrections(ids)
        self._stored = [c for c in self._rows() if c.id not in ids]
        self._resolved = None
        return True

    def _correct(self, a: Member, b: Member, *, linked: bool) -> None:
        if a.article == b.article:
            raise ValueError("a correction pairs sentences of two different articles")
        first, second = self.articles[a.article], self.articles[b.article]
        correction = make_correction(
            self.story,
            (first, first.sentences[a.sentence]),
            (second, second.sentences[b.sentence]),
            linked=linked,
        )
        replacing = set(self._resolve().stored.get(_pair(a, b), []))
        self._require_store().save_correction(correction, replacing)
        kept = [
            c
            for c in self._rows()
            if c.id not in replacing and (c.a.identity, c.b.identity) != _identities(correction)
        ]
        self._stored = [*kept, correction]
        self._resolved = None

    def _rows(self) -> list[StoredCorrection]:
        """The story's stored corrections, read once after each :meth:`reload`; when
        the store cannot be read, those read before (and a line in :attr:`messages`)."""
        if not self._read and self.store is not None:
            try:
                self._stored = self.store.corrections(self.story)
            except StoreError as exc:
                self.messages.append(f"your corrections of the alignment: {exc}")
        self._read = True
        return self._stored

    def _resolve(self) -> _Resolved:
        if self._resolved is not None:
            return self._resolved
        resolved = _Resolved({}, {}, [])
        by_name = self._numbers()
        for c in sorted(self._rows(), key=lambda c: (c.created, c.id), reverse=True):
            a, b = self._find(c.a, by_name), self._find(c.b, by_name)
            if a is None or b is None or a.article == b.article:
                resolved.unresolved.append(c)
                continue
            pair = _pair(a, b)
            resolved.stored.setdefault(pair, []).append(c.id)
            resolved.corrections.setdefault(pair, Correction(*pair, c.linked))
        self._resolved = resolved
        return resolved

    def _find(self, ref: SentenceRef, by_name: dict[str, int]) -> Member | None:
        """The sentence of the open articles that a stored one now is, if any: the
        one most of its placed quote falls in."""
        number = by_name.get(ref.article)
        if number is None:
            return None
        article = self.articles[number]
        placement = place(article.text, ref.start, ref.end, ref.quote)
        if placement.orphan:
            return None
        best, overlap = None, 0
        for s in article.sentences:
            shared = min(s.end, placement.end) - max(s.start, placement.start)
            if shared > overlap:
                best, overlap = s.index, shared
        return None if best is None else Member(number, best)


def _pair(a: Member, b: Member) -> tuple[Member, Member]:
    return (a, b) if a <= b else (b, a)


def _identities(c: StoredCorrection) -> tuple[tuple[str, int, str], tuple[str, int, str]]:
    return c.a.identity, c.b.identity
