"""The highlights of the story being read: placed in the current text, changed
through the store, and looked up by sentence."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reader.articles import Article, Span
from reader.highlights.anchors import Placement, place
from reader.highlights.model import Highlight, file_key, make, storable
from reader.highlights.store import HighlightStore, StoreError


@dataclass(frozen=True, slots=True)
class Placed:
    highlight: Highlight
    article: int  # index in the story
    placement: Placement


class Session:
    """One story's highlights. Every change goes to the store before it is shown."""

    def __init__(self, store: HighlightStore | None, story: str, articles: Sequence[Article]):
        self.store = store
        self.story = storable(story)  # as the store keeps it, whatever bytes a folder name has
        self.articles = articles
        self.placed: list[Placed] = []
        self.reload()

    def reload(self) -> None:
        if self.store is None:
            return
        by_name = {file_key(a): n for n, a in enumerate(self.articles)}
        placed: list[Placed] = []
        for h in self.store.highlights(self.story):
            number = by_name.get(h.article)
            if number is None:
                continue  # an article not opened this time; kept in the store as it is
            text = self.articles[number].text
            if h.fingerprint == self.articles[number].fingerprint:
                placement = Placement(h.start, h.end, "offsets")
            else:
                placement = place(text, h.start, h.end, h.quote)
            placed.append(Placed(h, number, placement))
        self.placed = placed

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
