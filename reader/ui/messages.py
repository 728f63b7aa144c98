"""What the reader's parts tell each other: plain dataclass messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.articles import Article, LoadError
from reader.matching.model import Alignment


@dataclass
class ArticlesLoaded(Message):
    """A batch of articles loaded in the background, and the files that failed."""

    articles: list[Article]
    problems: list[LoadError]
    done: bool


@dataclass
class MatchingProgress(Message):
    """How far matching has got, from 0 to 1."""

    done: float


@dataclass
class MatchingDone(Message):
    """The engine's alignment of every loaded article (the reader's corrections
    not yet applied)."""

    alignment: Alignment


@dataclass
class PairChanged(Message):
    """The panes show another pair of articles, or the same pair re-laid out."""

    left: int
    right: int
    aligned: bool = field(default=True)
