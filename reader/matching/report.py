"""The engine's result as JSON (for scripts) and as text (for a terminal)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from reader.matching.diff import word_diff
from reader.matching.model import SIGNALS, Alignment, Correction, LazyLinks, link_row
from reader.printable import inert_json, printable
from reader.wording import plural

FORMAT_VERSION = 3
"""2 added ``links`` (every linked pair, one row each under ``fields``: the two
sentences, the score and the signals it is made of) and ``nearby``; 3 added the
``corrections`` applied and each link's ``reader`` field (true: linked by hand)."""
LINK_FIELDS = ["article_a", "sentence_a", "article_b", "sentence_b", "score", *SIGNALS]


def to_json(alignment: Alignment, *, with_links: bool = True) -> dict[str, Any]:
    found = {
        "format": "newsreader-alignment",
        "version": FORMAT_VERSION,
        "threshold": alignment.threshold,
        "articles": [
            {
                "id": number,
                "source": str(article.source),
                "title": article.title,
                "outlet": article.outlet,
                "date": article.date,
                "url": article.url,
                "sentences": [
                    {
                        "index": s.index,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "clutter": s.clutter,
                        "heading": s.heading,
                    }
                    for s in article.sentences
                ],
            }
            for number, article in enumerate(alignment.articles)
        ],
        "groups": [
            {
                "id": group.id,
                "score": group.score,
                "members": [{"article": m.article, "sentence": m.sentence} for m in group.members],
            }
            for group in alignment.groups
        ],
        "nearby": [
            {"article": m.article, "sentence": m.sentence} for m in sorted(alignment.nearby)
        ],
    }
    if with_links:  # one row a link, named once by "fields": a large story has millions
        found["links"] = {"fields": LINK_FIELDS, "rows": list(_link_rows(alignment))}
    return found


def _link_rows(alignment: Alignment) -> Iterator[list[float]]:
    links = alignment.links
    return links.rows() if isinstance(links, LazyLinks) else (link_row(k) for k in links)


def write_json(alignment: Alignment, out: BinaryIO, corrections: Sequence[Correction] = ()) -> None:
    """:func:`to_json` written to ``out`` with its link rows streamed one by one, so a
    story with millions of links is never held twice in memory. ``corrections`` are
    the reader's, already applied to ``alignment``: listed, and each link row ends in
    ``reader`` (true for a pair linked by hand)."""
    head = to_json(alignment, with_links=False)
    head["corrections"] = [
        {
            "a": {"article": c.a.article, "sentence": c.a.sentence},
            "b": {"article": c.b.article, "sentence": c.b.sentence},
            "linked": c.linked,
        }
        for c in corrections
    ]
    mine = {
        _pair(c.a.article, c.a.sentence, c.b.article, c.b.sentence) for c in corrections if c.linked
    }
    fields = [*LINK_FIELDS, "reader"]
    width = len(LINK_FIELDS)
    out.write(inert_json(head)[:-1].encode("utf-8"))
    out.write(b',"links":{"fields":' + json.dumps(fields).encode() + b',"rows":[')
    for number, row in enumerate(_link_rows(alignment)):
        values = row if len(row) == width else [*row, *[None] * width][:width]
        flag = b",true]" if mine and _pair(*row[:4]) in mine else b",false]"
        out.write((b"," if number else b"") + json.dumps(values).encode()[:-1] + flag)
    out.write(b"]}}\n")


def _pair(*sentences: float) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two sentences (article, sentence, article, sentence) in one order, either way round."""
    a, b = (int(sentences[0]), int(sentences[1])), (int(sentences[2]), int(sentences[3]))
    return (a, b) if a <= b else (b, a)


def to_text(alignment: Alignment) -> str:
    articles = alignment.articles
    lines: list[str] = []
    for number, article in enumerate(articles):
        body = len(article.body)
        shared = alignment.shared_count(number)
        lines.append(
            f"[{number}] {printable(article.outlet)}: {printable(article.title)}\n"
            f"    {shared} of {body} body sentences shared with another outlet"
        )
    lines.append("")
    by_coverage = sorted(alignment.groups, key=lambda g: (-len(g.articles), -g.score, g.id))
    for group in by_coverage:
        outlets = len(group.articles)
        lines.append(f"group {group.id}  score {group.score:.0f}  {outlets} outlets")
        first = group.members[0]
        first_text = articles[first.article].sentences[first.sentence].text
        for member in group.members:
            text = articles[member.article].sentences[member.sentence].text
            flag = ""
            if member != first and word_diff(first_text, text).disagrees:
                flag = "  [differs on a number or date]"
            lines.append(f"  [{member.article}] {printable(' '.join(text.split()))}{flag}")
        lines.append("")
    unmatched = len(alignment.groups)
    lines.append(f"{plural(unmatched, 'group')} at threshold {alignment.threshold:g}")
    return "\n".join(lines)
