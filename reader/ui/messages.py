"""What the reader's parts tell each other: plain dataclass messages."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.articles import Article, LoadError


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
