"""Highlights and corrections out to Markdown, JSON, CSV and W3C Web Annotation;
JSON back in.

Every format lists highlights in one stable order (story, article, position,
creation), so successive exports of the same highlights are identical and
later ones diff cleanly. Each format says which highlights are orphans (could
not be placed the last time their article was read): Markdown lists them under
"Could not be placed", JSON and CSV have an ``orphan`` field, W3C tags them.
JSON is the round-trip format: ``newsreader import`` reads it back, with each
highlight's history and the reader's corrections of the aligner, and importing
the same file twice adds nothing the second time. JSON is written inert
(``reader.printable.inert_json``): exact text, with no control character raw in
it. Markdown and CSV are exact; the command line makes them inert when it
prints them to a terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from itertools import groupby
from pathlib import Path
from typing import Any

from reader.highlights.model import Highlight, Revision, SentenceRef, StoredCorrection, storable
from reader.printable import inert_json

FORMATS = ("markdown", "json", "csv", "w3c")
JSON_FORMAT = "newsreader-highlights"
JSON_VERSION = 2
"""2 added each highlight's ``orphan`` and ``history``, and ``corrections``."""

ORPHAN_NOTE = (
    "could not be placed in the article's current text; the selectors give the text it was made on"
)


class HighlightFileError(Exception):
    """A file that is not a newsreader highlights export (one-line reason)."""


@dataclass(frozen=True, slots=True)
class Exported:
    """What a JSON export holds."""

    highlights: list[Highlight]
    corrections: list[StoredCorrection]


def export(
    highlights: Sequence[Highlight], fmt: str, corrections: Sequence[StoredCorrection] = ()
) -> str:
    """``highlights`` (and, in Markdown and JSON, ``corrections``) in format ``fmt``."""
    ordered = sorted(highlights, key=_order)
    fixes = sorted(corrections, key=lambda c: (c.story, c.created, c.id))
    if fmt == "markdown":
        return to_markdown(ordered, fixes)
    if fmt == "json":
        return to_json(ordered, fixes)
    if fmt == "csv":
        return to_csv(ordered)
    if fmt == "w3c":
        return to_w3c(ordered)
    raise ValueError(f"unknown format {fmt!r}")


def _order(h: Highlight) -> tuple[str, str, int, int, str, str]:
    return (h.story, h.article, h.start, h.end, h.created, h.id)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_markdown(
    highlights: Sequence[Highlight], corrections: Sequence[StoredCorrection] = ()
) -> str:
    lines: list[str] = []
    by_group: dict[str, list[Highlight]] = {}
    for h in highlights:
        if h.group:
            by_group.setdefault(h.group, []).append(h)
    shown_groups: set[str] = set()
    stories = sorted({h.story for h in highlights} | {c.story for c in corrections})
    for story in stories:
        lines += [f"# {_one_line(story)}", ""]
        in_story = [h for h in highlights if h.story == story]
        for _, in_article in groupby(
            (h for h in in_story if not h.orphan), key=lambda h: h.article
        ):
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
                lines += _note(h)
                if h.history and h.history[0].exact != h.exact:  # not only moved: reworded
                    first_words = _one_line(h.history[0].exact)
                    lines += [f"*the article changed; first highlighted as “{first_words}”*", ""]
                lines += [f"*highlighted {h.created}*", ""]
        orphans = [h for h in in_story if h.orphan]
        if orphans:
            lines += [
                "## Could not be placed",
                "",
                "Their articles changed and these words were not found again; kept as they were.",
                "",
            ]
            for h in orphans:
                where = f"{_one_line(h.outlet)}: {_one_line(h.title)}"
                lines += [f"> {_one_line(h.exact)}", "", f"*{where}*", ""]
                lines += _note(h)
                lines += [f"*highlighted {h.created}*", ""]
        fixes = [c for c in corrections if c.story == story]
        if fixes:
            lines += ["## Corrections of the alignment", ""]
            for c in fixes:
                verdict = "the same" if c.linked else "not the same"
                lines += [f"- {verdict}: {_side(c.a)} and {_side(c.b)}"]
            lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def _note(h: Highlight) -> list[str]:
    if not h.note:
        return []
    return [
        *(f"**Note:** {line}" if i == 0 else line for i, line in enumerate(h.note.splitlines())),
        "",
    ]


def _side(ref: SentenceRef) -> str:
    return f"**{_one_line(ref.outlet or ref.article)}** “{_one_line(ref.exact)}”"


def to_json(highlights: Sequence[Highlight], corrections: Sequence[StoredCorrection] = ()) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "highlights": [asdict(h) for h in highlights],
        "corrections": [asdict(c) for c in corrections],
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
    "orphan",
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
                "true" if h.orphan else "false",
            ]
        )
    return out.getvalue()


def to_w3c(highlights: Sequence[Highlight]) -> str:
    items: list[dict[str, Any]] = []
    for h in highlights:
        body: list[dict[str, str]] = []
        if h.note:
            body.append({"type": "TextualBody", "value": h.note, "purpose": "commenting"})
        if h.orphan:
            body += [
                {"type": "TextualBody", "value": "orphan", "purpose": "tagging"},
                {"type": "TextualBody", "value": ORPHAN_NOTE, "purpose": "describing"},
            ]
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
    return read_export(text).highlights


def read_export(text: str) -> Exported:
    """Highlights and corrections from a JSON export (any version up to this one);
    HighlightFileError with a one-line reason otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HighlightFileError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise HighlightFileError(
            'not a newsreader highlights export (no "format": "newsreader-highlights")'
        )
    version = data.get("version", 0)
    if not isinstance(version, int) or version > JSON_VERSION:
        raise HighlightFileError(f"made by a newer newsreader (version {version})")
    highlights = [
        _read_highlight(item, number) for number, item in enumerate(_list(data, "highlights"), 1)
    ]
    corrections = [
        _read_correction(item, number) for number, item in enumerate(_list(data, "corrections"), 1)
    ]
    return Exported(highlights, corrections)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise HighlightFileError(f'"{key}" is not a list')
    return items


def _values(item: object, kind: type[Any], what: str) -> dict[str, Any]:
    """The fields of ``kind`` in ``item``, text made storable; unknown keys ignored."""
    if not isinstance(item, dict):
        raise HighlightFileError(f"{what} is not an object")
    names = {f.name for f in fields(kind)}
    return {k: storable(v) if isinstance(v, str) else v for k, v in item.items() if k in names}


def _check(value: object, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise HighlightFileError(f"{what} has the wrong type")


def _read_highlight(item: object, number: int) -> Highlight:
    what = f"highlight {number}"
    values = _values(item, Highlight, what)
    history = values.pop("history", [])
    if not isinstance(history, list):
        raise HighlightFileError(f"{what}: history is not a list")
    revisions = []
    for at, revision in enumerate(history, 1):
        fields_of = _values(revision, Revision, f"{what}, revision {at}")
        try:
            revisions.append(Revision(**fields_of))
        except TypeError as exc:
            raise HighlightFileError(f"{what}, revision {at}: {exc}") from None
        for name in ("start", "end"):
            _check(getattr(revisions[-1], name), int, f"{what}, revision {at}: {name}")
        for name in ("fingerprint", "exact", "prefix", "suffix", "replaced"):
            _check(getattr(revisions[-1], name), str, f"{what}, revision {at}: {name}")
    try:
        h = Highlight(**values, history=tuple(revisions))
    except TypeError as exc:
        raise HighlightFileError(f"{what}: {exc}") from None
    if not isinstance(h.start, int) or not isinstance(h.end, int) or not isinstance(h.id, str):
        raise HighlightFileError(f"{what}: start, end and id have the wrong type")
    _check(h.orphan, bool, f"{what}: orphan")
    return h


def _read_correction(item: object, number: int) -> StoredCorrection:
    what = f"correction {number}"
    values = _values(item, StoredCorrection, what)
    try:
        a, b = (
            SentenceRef(**_values(values.pop(side, None), SentenceRef, f"{what}, {side}"))
            for side in ("a", "b")
        )
        c = StoredCorrection(**values, a=a, b=b)
    except TypeError as exc:
        raise HighlightFileError(f"{what}: {exc}") from None
    for name in ("id", "story", "created"):
        _check(getattr(c, name), str, f"{what}: {name}")
    _check(c.linked, bool, f"{what}: linked")
    for side in (c.a, c.b):
        for name in ("start", "end"):
            _check(getattr(side, name), int, f"{what}: {name}")
        for name in ("article", "exact", "prefix", "suffix", "outlet"):
            _check(getattr(side, name), str, f"{what}: {name}")
    return c.ordered()
