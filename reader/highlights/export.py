"""Highlights out to Markdown, JSON, CSV and W3C Web Annotation; JSON back in.

Every format lists highlights in one stable order (story, article, position,
creation), so successive exports of the same highlights are identical and
later ones diff cleanly. JSON is the round-trip format: ``newsreader import``
reads it back, and importing the same file twice adds nothing the second time.
JSON is written inert (``reader.printable.inert_json``): exact text, with no
control character raw in it. Markdown and CSV are exact; the command line makes
them inert when it prints them to a terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from itertools import groupby
from pathlib import Path
from typing import Any

from reader.highlights.model import Highlight, storable
from reader.printable import inert_json

FORMATS = ("markdown", "json", "csv", "w3c")
JSON_FORMAT = "newsreader-highlights"
JSON_VERSION = 1


class HighlightFileError(Exception):
    """A file that is not a newsreader highlights export (one-line reason)."""


def export(highlights: Sequence[Highlight], fmt: str) -> str:
    ordered = sorted(highlights, key=_order)
    if fmt == "markdown":
        return to_markdown(ordered)
    if fmt == "json":
        return to_json(ordered)
    if fmt == "csv":
        return to_csv(ordered)
    if fmt == "w3c":
        return to_w3c(ordered)
    raise ValueError(f"unknown format {fmt!r}")


def _order(h: Highlight) -> tuple[str, str, int, int, str, str]:
    return (h.story, h.article, h.start, h.end, h.created, h.id)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_markdown(highlights: Sequence[Highlight]) -> str:
    lines: list[str] = []
    by_group: dict[str, list[Highlight]] = {}
    for h in highlights:
        if h.group:
            by_group.setdefault(h.group, []).append(h)
    shown_groups: set[str] = set()
    for story, in_story in groupby(highlights, key=lambda h: h.story):
        lines += [f"# {_one_line(story)}", ""]
        for _, in_article in groupby(in_story, key=lambda h: h.article):
            items = list(in_article)
            first = items[0]
            dated = f", {first.date}" if first.date else ""
            lines += [f"## {_one_line(first.outlet)}: {_one_line(first.title)}{dated}", ""]
            if first.url:
                lines += [f"<{first.url}>", ""]
            for h in items:
                if h.group and h.group in shown_groups:
                    lines += [
                        f"> {_one_line(h.exact)}",
                        "",
                        "(part of a fact highlighted above)",
                        "",
                    ]
                    continue
                lines += [f"> {_one_line(h.exact)}", ""]
                if h.group:
                    shown_groups.add(h.group)
                    others = [o for o in by_group[h.group] if o.id != h.id]
                    if others:
                        lines += ["The same fact as other outlets tell it:", ""]
                        for o in others:
                            lines += [f"- **{_one_line(o.outlet)}**: “{_one_line(o.exact)}”"]
                        lines += [""]
                if h.note:
                    lines += [
                        *(
                            f"**Note:** {line}" if i == 0 else line
                            for i, line in enumerate(h.note.splitlines())
                        ),
                        "",
                    ]
                lines += [f"*highlighted {h.created}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(highlights: Sequence[Highlight]) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "highlights": [asdict(h) for h in highlights],
    }
    return inert_json(data, indent=2) + "\n"


CSV_COLUMNS = (
    "created",
    "story",
    "outlet",
    "title",
    "date",
    "url",
    "source",
    "quote",
    "note",
    "start",
    "end",
    "group",
    "id",
)


def to_csv(highlights: Sequence[Highlight]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for h in highlights:
        writer.writerow(
            [
                h.created,
                h.story,
                h.outlet,
                h.title,
                h.date or "",
                h.url or "",
                h.source,
                h.exact,
                h.note,
                h.start,
                h.end,
                h.group or "",
                h.id,
            ]
        )
    return out.getvalue()


def to_w3c(highlights: Sequence[Highlight]) -> str:
    items: list[dict[str, Any]] = []
    for h in highlights:
        body = [{"type": "TextualBody", "value": h.note, "purpose": "commenting"}] if h.note else []
        items.append(
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": f"urn:uuid:{h.id}",
                "type": "Annotation",
                "motivation": "highlighting",
                "created": h.created,
                "modified": h.updated,
                "body": body,
                "target": {
                    "source": h.url or Path(h.source).resolve().as_uri(),
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": h.exact,
                            "prefix": h.prefix,
                            "suffix": h.suffix,
                        },
                        {"type": "TextPositionSelector", "start": h.start, "end": h.end},
                    ],
                },
            }
        )
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "total": len(items),
        "items": items,
    }
    return inert_json(data, indent=2) + "\n"


def read_json(text: str) -> list[Highlight]:
    """Highlights from a JSON export; HighlightFileError with a one-line reason otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HighlightFileError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise HighlightFileError(
            'not a newsreader highlights export (no "format": "newsreader-highlights")'
        )
    if data.get("version", 0) > JSON_VERSION:
        raise HighlightFileError(f"made by a newer newsreader (version {data.get('version')})")
    names = {f.name for f in fields(Highlight)}
    result: list[Highlight] = []
    for number, item in enumerate(data.get("highlights", []), 1):
        if not isinstance(item, dict):
            raise HighlightFileError(f"highlight {number} is not an object")
        try:
            values: dict[str, Any] = {
                k: storable(v) if isinstance(v, str) else v for k, v in item.items() if k in names
            }
            result.append(Highlight(**values))
        except TypeError as exc:
            raise HighlightFileError(f"highlight {number}: {exc}") from None
        h = result[-1]
        if not isinstance(h.start, int) or not isinstance(h.end, int) or not isinstance(h.id, str):
            raise HighlightFileError(f"highlight {number}: start, end and id have the wrong type")
    return result
