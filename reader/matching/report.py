"""The engine's result as JSON (for scripts) and as text (for a terminal)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from reader.matching.diff import word_diff
from reader.matching.model import SIGNALS, Alignment, LazyLinks, link_row
from reader.printable import inert_json, printable
from reader.wording import plural

FORMAT_VERSION = 2
"""2 added ``links`` (every linked pair, one row each under ``fields``: the two
sentences, the score and the signals it is made of) and ``nearby``."""
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


def write_json(alignment: Alignment, out: BinaryIO) -> None:
    """:func:`to_json` written to ``out`` with its link rows streamed one by one, so a
    story with millions of links is never held twice in memory."""
    head = to_json(alignment, with_links=False)
    text = inert_json(head)
    out.write(text[:-1].encode("utf-8"))
    out.write(b',"links":{"fields":' + json.dumps(LINK_FIELDS).encode() + b',"rows":[')
    for number, row in enumerate(_link_rows(alignment)):
        out.write((b"," if number else b"") + json.dumps(row).encode())
    out.write(b"]}}\n")


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
