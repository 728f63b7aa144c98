"""Properties of segmentation that must hold for any text at all."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles import build_article
from reader.articles.segment import segment

# Text built from the pieces that break segmenters: abbreviations, stops, quotes,
# newlines, bullets, combining marks, emoji, right-to-left script, NUL and the
# replacement character that bad decoding leaves behind.
PIECES = st.sampled_from(
    [
        "Mr.",
        "Oct.",
        "U.S.",
        "p.m.",
        "12",
        "1,",
        "2023",
        ".",
        "...",
        "…",
        "?",
        "!",
        "“",
        "”",
        '"',
        "'",
        "(",
        ")",
        "[",
        "]",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "\u00a0",
        "• ",
        "- ",
        "# ",
        "1. ",
        "e\u0301",
        "👩‍👩‍👧",
        "🇺🇦",
        "שלום",
        "مرحبا",
        "\x00",
        "\ufffd",
        "\u200b",
        "\x1b[31m",
        "Putin",
        "said",
        "the",
        "Kyrgyzstan",
        "a",
        "B",
        "\u2028",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=60).map(" ".join),
    st.lists(PIECES, max_size=60).map("".join),
    st.text(max_size=300),
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_sentences_slice_the_text_exactly(text: str) -> None:
    previous_end = 0
    for block in segment(text):
        assert 0 <= block.span.start <= block.span.end <= len(text)
        for span in block.sentences:
            piece = text[span.start : span.end]
            assert piece and piece == piece.strip()
            assert block.span.start <= span.start < span.end <= block.span.end
            assert span.start >= previous_end
            previous_end = span.end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_no_text_is_lost(text: str) -> None:
    """Every non-space character is inside a sentence or is a bullet/heading marker."""
    covered = [False] * len(text)
    for block in segment(text):
        for span in block.sentences:
            for i in range(span.start, span.end):
                covered[i] = True
    for i, ch in enumerate(text):
        if not covered[i] and not ch.isspace():
            line_start = text.rfind("\n", 0, i) + 1
            prefix = text[line_start : i + 1].strip()
            assert prefix and len(prefix) <= 6, (ch, prefix)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_articles_from_any_text_are_consistent(text: str) -> None:
    article = build_article(Path("any.txt"), text)
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert article.text[s.start : s.end] == s.text
        assert 0 <= s.paragraph < len(article.paragraphs)
