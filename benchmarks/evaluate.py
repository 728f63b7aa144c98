"""Precision and recall of an alignment against hand-labelled sentence pairs.

A labelled set is JSON: ``{"pairs": [{"a": SIDE, "b": SIDE, "kind": ...}]}`` where
``kind`` is ``near`` (near-duplicates) or ``loose`` (looser rewrites of the same
fact) and each side names a stretch of one sentence of one file, in one of two forms:

* a quote, ``{"file", "quote"}``: the words themselves, matched to the first
  sentence that contains them (whitespace aside). For text the project may hold,
  such as the bundled seed story.
* a reference, ``{"file", "start", "end", "sha256"}``: character offsets into the
  article's text as loaded (``Article.text``: the file decoded, line ends made
  ``\\n``), and the first hex digits of the SHA-256 of ``text[start:end]``. For text
  the project must not hold, such as BASIL's. The offsets are into the decoded
  text, not into sentences, so they stay put when segmentation or clutter rules
  change (only which sentence holds them may change); the digest tells when the
  file itself has changed under them, which is reported rather than matched to
  whatever words now sit there. ``reference`` makes one from a quote.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from reader.articles import Article
from reader.matching.model import Alignment, Member

Pair = frozenset[Member]

DIGEST_CHARS = 12
"""Hex digits of SHA-256 kept per reference: enough to tell changed words apart,
short enough to read."""


class Reference(TypedDict):
    """One side of a label, pointing at words instead of holding them."""

    file: str
    start: int
    end: int
    sha256: str


@dataclass(frozen=True)
class Labels:
    near: set[Pair]
    loose: set[Pair]

    @property
    def all(self) -> set[Pair]:
        return self.near | self.loose


@dataclass(frozen=True)
class Scores:
    predicted: int
    precision: float
    near_recall: float
    loose_recall: float
    near_found: int
    near_total: int
    loose_found: int
    loose_total: int


def read_labels(path: Path, articles: Sequence[Article]) -> Labels:
    """Resolve each labelled side to its sentence.

    A quote that no sentence contains, or a reference whose words have changed or
    that no single sentence holds, is a ValueError naming every such side.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    by_name = {article.source.name: n for n, article in enumerate(articles)}
    near: set[Pair] = set()
    loose: set[Pair] = set()
    problems: list[str] = []
    for number, item in enumerate(data["pairs"], 1):
        members: list[Member] = []
        for side in ("a", "b"):
            try:
                members.append(_locate(articles, by_name, item[side]))
            except ValueError as exc:
                problems.append(f"pair {number} side {side}: {exc}")
        if len(members) == 2:
            (near if item["kind"] == "near" else loose).add(frozenset(members))
    if problems:
        heading = f"{path}: labels that do not resolve ({len(problems)}):"
        raise ValueError("\n".join([heading, *problems]))
    return Labels(near, loose - near)


def digest(text: str) -> str:
    """The short SHA-256 a reference keeps of the words it points at."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def reference(article: Article, quote: str) -> Reference:
    """The reference form of a quote: where it first stands in a sentence of ``article``."""
    words = quote.split()
    if not words:
        raise ValueError(f"{article.source.name}: an empty quote")
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    for sentence in article.sentences:
        found = pattern.search(sentence.text)
        if found:
            start, end = sentence.start + found.start(), sentence.start + found.end()
            return {
                "file": article.source.name,
                "start": start,
                "end": end,
                "sha256": digest(article.text[start:end]),
            }
    raise ValueError(f"{article.source.name}: no sentence contains {quote!r}")


def _locate(
    articles: Sequence[Article], by_name: dict[str, int], side: Mapping[str, object]
) -> Member:
    name = side.get("file")
    if not isinstance(name, str) or name not in by_name:
        raise ValueError(f"no article named {name!r}")
    number = by_name[name]
    article = articles[number]
    if "quote" in side:
        quote = " ".join(str(side["quote"]).split())
        for sentence in article.sentences:
            if quote in " ".join(sentence.text.split()):
                return Member(number, sentence.index)
        raise ValueError(f"{name}: no sentence contains {side['quote']!r}")
    start, end, expected = side.get("start"), side.get("end"), side.get("sha256")
    where = f"{name} [{start}:{end}]"
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(expected, str)):
        raise ValueError(f"{where}: a side needs a quote, or integer start and end and a sha256")
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"{where}: outside the text ({len(article.text)} characters)")
    words = article.text[start:end]
    if digest(words) != expected:
        raise ValueError(
            f"{where}: not the labelled words (sha256 {digest(words)}, labelled {expected});"
            f" it now reads {words[:60]!r}"
        )
    for sentence in article.sentences:
        if sentence.start <= start and end <= sentence.end:
            return Member(number, sentence.index)
    raise ValueError(f"{where}: no single sentence holds these words")


def predicted_pairs(alignment: Alignment) -> set[Pair]:
    """Every pair of sentences of different articles that the engine links."""
    return {
        frozenset((link.a, link.b)) for link in alignment.links if link.a.article != link.b.article
    }


def score(alignment: Alignment, labels: Labels) -> Scores:
    predicted = predicted_pairs(alignment)
    correct = predicted & labels.all
    near_found = len(predicted & labels.near)
    loose_found = len(predicted & labels.loose)
    return Scores(
        predicted=len(predicted),
        precision=len(correct) / len(predicted) if predicted else 1.0,
        near_recall=near_found / len(labels.near) if labels.near else 1.0,
        loose_recall=loose_found / len(labels.loose) if labels.loose else 1.0,
        near_found=near_found,
        near_total=len(labels.near),
        loose_found=loose_found,
        loose_total=len(labels.loose),
    )
