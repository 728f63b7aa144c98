"""Loading articles: decoding, segmentation with exact offsets, clutter flags.

This package never imports Textual.
"""

from reader.articles.errors import LoadError
from reader.articles.load import SUPPORTED, Story, build_article, load_article, load_story
from reader.articles.model import Article, Sentence, Span

__all__ = [
    "SUPPORTED",
    "Article",
    "LoadError",
    "Sentence",
    "Span",
    "Story",
    "build_article",
    "load_article",
    "load_story",
]
