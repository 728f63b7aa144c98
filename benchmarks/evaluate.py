"""Precision and recall of an alignment against hand-labelled sentence pairs.

A labelled set is JSON: ``{"pairs": [{"a": {"file", "quote"}, "b": {...}, "kind"}]}``
where each quote is a stretch of one sentence of that file and ``kind`` is
``near`` (near-duplicates) or ``loose`` (looser rewrites of the same fact).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.articles import Article
from reader.matching.model import Alignment, Member

Pair = frozenset[Member]


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
    """Resolve each labelled quote to its sentence; a quote that matches none is an error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    by_name = {article.source.name: n for n, article in enumerate(articles)}
    near: set[Pair] = set()
    loose: set[Pair] = set()
    for item in data["pairs"]:
        pair = frozenset(_locate(articles, by_name, item[side]) for side in ("a", "b"))
        (near if item["kind"] == "near" else loose).add(pair)
    return Labels(near, loose - near)


def _locate(articles: Sequence[Article], by_name: dict[str, int], side: dict[str, str]) -> Member:
    number = by_name[side["file"]]
    quote = " ".join(side["quote"].split())
    for sentence in articles[number].sentences:
        if quote in " ".join(sentence.text.split()):
            return Member(number, sentence.index)
    raise ValueError(f"{side['file']}: no sentence contains {side['quote']!r}")


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
