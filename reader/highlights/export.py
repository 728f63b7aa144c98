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

Nothing a highlight holds can change the shape of an export: in Markdown every
character that would start markup (a heading, a list, a fence, HTML, a link)
is escaped, so each quote and note stays one item of the document; in CSV a
cell that a spreadsheet would run as a formula is prefixed with ``'``, as
OWASP recommends. An import checks every field of every item before anything
is written: a file that is not an export at all is refused as a whole, and
each item that does not hold what newsreader writes is set aside with its
position and the reason, so the rest can be imported.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import stat
from collections.abc import Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields
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
class Rejected:
    """One item of an import that was set aside: ``kind`` ("highlight" or
    "correction"), its ``position`` among those of its kind in the file
    (counted from 1) and a one-line ``message`` naming both and the reason."""

    kind: str
    position: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Exported:
    """What a JSON export holds; ``rejected``, the items that were set aside."""

    highlights: list[Highlight]
    corrections: list[StoredCorrection]
    rejected: list[Rejected] = field(default_factory=list)


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


_INLINE_MARKUP = re.compile(r"""\\(?=[!-/:-@\[-`{-~]|$)|[`*_\[<>#~|]|&(?=#?\w+;)""")
"""Characters that would start inline markup or HTML: a backslash only where it
would escape what follows or break the line, ``&`` only where it would start
an entity, ``[`` (a
link or reference cannot begin without it, so ``]`` is left as it is)."""

_LINE_START = re.compile(r"^(\s*)([-+=:]|\d+(?=[.)]))")
"""What starts a list, a setext underline or a thematic break at a line's start
(``#``, ``>``, fences and HTML are escaped wherever they are)."""


def _md(text: str) -> str:
    """One line of text as Markdown that shows exactly it: every character that
    would start markup is backslash-escaped, so the line cannot become a heading,
    list, fence, quote, HTML or link, nor end the block it is written in."""
    escaped = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(), text)
    return _LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker.isdigit():  # "1." or "1)": the punctuation is what is escaped
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def _md_one_line(text: str) -> str:
    return _md(_one_line(text))


def _md_link(url: str) -> str:
    """A web address as an autolink; anything else (``javascript:``, a path) as
    plain text, so a manifest cannot put a live link of another kind in."""
    if re.match(r"https?://", url, re.IGNORECASE):
        return "<" + re.sub(r"[\s<>\x00-\x1f\x7f]", lambda m: f"%{ord(m.group()):02X}", url) + ">"
    return _md_one_line(url)


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
        lines += [f"# {_md_one_line(story)}", ""]
        in_story = [h for h in highlights if h.story == story]
        for _, in_article in groupby(
            (h for h in in_story if not h.orphan), key=lambda h: h.article
        ):
            items = list(in_article)
            first = items[0]
            dated = f", {_md_one_line(first.date)}" if first.date else ""
            heading = f"{_md_one_line(first.outlet)}: {_md_one_line(first.title)}{dated}"
            lines += [f"## {heading}", ""]
            if first.url:
                lines += [_md_link(first.url), ""]
            for h in items:
                if h.group and h.group in shown_groups:
                    lines += [
                        f"> {_md_one_line(h.exact)}",
                        "",
                        "(part of a fact highlighted above)",
                        "",
                    ]
                    continue
                lines += [f"> {_md_one_line(h.exact)}", ""]
                if h.group:
                    shown_groups.add(h.group)
                    others = [o for o in by_group[h.group] if o.id != h.id]
                    if others:
                        lines += ["The same fact as other outlets tell it:", ""]
                        for o in others:
                            lines += [f"- **{_md_one_line(o.outlet)}**: “{_md_one_line(o.exact)}”"]
                        lines += [""]
                lines += _note(h)
                if h.history and h.history[0].exact != h.exact:  # not only moved: reworded
                    first_words = _md_one_line(h.history[0].exact)
                    lines += [f"*the article changed; first highlighted as “{first_words}”*", ""]
                lines += [f"*highlighted {_md_one_line(h.created)}*", ""]
        orphans = [h for h in in_story if h.orphan]
        if orphans:
            lines += [
                "## Could not be placed",
                "",
                "Their articles changed and these words were not found again; kept as they were.",
                "",
            ]
            for h in orphans:
                where = f"{_md_one_line(h.outlet)}: {_md_one_line(h.title)}"
                lines += [f"> {_md_one_line(h.exact)}", "", f"*{where}*", ""]
                lines += _note(h)
                lines += [f"*highlighted {_md_one_line(h.created)}*", ""]
        fixes = [c for c in corrections if c.story == story]
        if fixes:
            lines += ["## Corrections of the alignment", ""]
            for c in fixes:
                verdict = "the same" if c.linked else "not the same"
                lines += [f"- {verdict}: {_side(c.a)} and {_side(c.b)}"]
            lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def _note(h: Highlight) -> list[str]:
    """The note as one paragraph, line for line: each line escaped so it cannot
    start a block of its own, and an empty line kept as a hard line break (a
    lone backslash) rather than a blank line that would end the paragraph."""
    if not h.note.strip():
        return []
    lines = [_md(line.strip()) or "\\" for line in h.note.strip().splitlines()]
    return [f"**Note:** {lines[0]}", *lines[1:], ""]


def _side(ref: SentenceRef) -> str:
    return f"**{_md_one_line(ref.outlet or ref.article)}** “{_md_one_line(ref.exact)}”"


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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""


def _cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts as a formula
    would is prefixed with ``'``, as OWASP recommends."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(highlights: Sequence[Highlight]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for h in highlights:
        writer.writerow(
            [
                *map(
                    _cell,
                    (
                        h.created,
                        h.story,
                        h.outlet,
                        h.title,
                        h.date or "",
                        h.url or "",
                        h.source,
                        h.exact,
                        h.note,
                    ),
                ),
                h.start,
                h.end,
                _cell(h.group or ""),
                _cell(h.id),
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


MAX_DEPTH = 64
"""Deepest nesting of arrays and objects read; an export nests four deep."""

OFFSET_LIMIT = 2**63
"""Offsets are below this: SQLite keeps 64-bit signed integers."""

SUPPORTED_VERSIONS = (1, JSON_VERSION)

NAME_FIELDS = frozenset({"story", "article", "source", "outlet"})
"""Fields that may hold a file or folder name: a lone surrogate in them (a byte
of a name that is not UTF-8) is kept escaped, as the reader keeps such names
(``storable``). In any other text it is refused: no article, quote or note
newsreader writes holds one."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def read_export(text: str, *, partial: bool = False) -> Exported:
    """Highlights and corrections from a JSON export (any version up to this one).

    A file that is not an export (not JSON, nested deeper than MAX_DEPTH, another
    format, an unknown version, ``highlights`` not a list) raises
    HighlightFileError with a one-line reason. Each item is checked field by
    field: with ``partial`` the items that fail are left out and listed in
    ``rejected``; without it the first one raises HighlightFileError.
    """
    _check_depth(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HighlightFileError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:  # an integer of over 4,300 digits
        raise HighlightFileError(f"not valid JSON ({_one_line(str(exc))})") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise HighlightFileError(
            'not a newsreader highlights export (no "format": "newsreader-highlights")'
        )
    _check_version(data.get("version", JSON_VERSION))
    highlights: list[Highlight] = []
    corrections: list[StoredCorrection] = []
    rejected: list[Rejected] = []
    for number, item in enumerate(_list(data, "highlights"), 1):
        try:
            highlights.append(_read_highlight(item, number))
        except HighlightFileError as exc:
            rejected.append(Rejected("highlight", number, str(exc)))
    for number, item in enumerate(_list(data, "corrections"), 1):
        try:
            corrections.append(_read_correction(item, number))
        except HighlightFileError as exc:
            rejected.append(Rejected("correction", number, str(exc)))
    if rejected and not partial:
        raise HighlightFileError(str(rejected[0]))
    return Exported(highlights, corrections, rejected)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before parsing: the parser recurses
    once per level, so a file nested thousands deep would exhaust the stack."""
    depth = 0
    for match in _NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise HighlightFileError(f"nested deeper than {MAX_DEPTH} levels")
        elif token in "]}":
            depth -= 1


def _check_version(version: object) -> None:
    if isinstance(version, int) and not isinstance(version, bool):
        if version > JSON_VERSION:
            raise HighlightFileError(f"made by a newer newsreader (version {version})")
        if version in SUPPORTED_VERSIONS:
            return
    shown = _one_line(json.dumps(version))[:40]
    raise HighlightFileError(
        f'"version" must be one of {", ".join(map(str, SUPPORTED_VERSIONS))}, not {shown}'
    )


def _list(data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise HighlightFileError(f'"{key}" is not a list')
    return items


def _values(item: object, kind: type[Any], what: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of ``kind`` in ``item``, each checked against its declared type
    (offsets in range, text without lone surrogates but in names, which are made
    storable); unknown keys are ignored, missing optional ones take their default.
    Fields named in ``skip`` are left to the caller, as they are."""
    if not isinstance(item, dict):
        raise HighlightFileError(f"{what} is not an object")
    values: dict[str, Any] = {}
    for f in fields(kind):
        if f.name in skip:
            if f.name in item:
                values[f.name] = item[f.name]
            continue
        if f.name not in item:
            if f.default is MISSING:
                raise HighlightFileError(f"{what}: {f.name} is missing")
            continue
        values[f.name] = _value(item[f.name], str(f.type), f.name, what)
    return values


def _value(value: object, declared: str, name: str, what: str) -> object:
    if declared == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise HighlightFileError(f"{what}: {name} has the wrong type ({_kind(value)})")
        if not 0 <= value < OFFSET_LIMIT:
            raise HighlightFileError(f"{what}: {name} is out of range (0 to 2**63 - 1)")
        return value
    if declared == "bool":
        if not isinstance(value, bool):
            raise HighlightFileError(f"{what}: {name} has the wrong type ({_kind(value)})")
        return value
    if value is None and declared == "str | None":
        return None
    if not isinstance(value, str):
        raise HighlightFileError(f"{what}: {name} has the wrong type ({_kind(value)})")
    if _SURROGATE.search(value):
        if name not in NAME_FIELDS:
            raise HighlightFileError(f"{what}: {name} holds a lone surrogate (not Unicode text)")
        return storable(value)
    return value


def _kind(value: object) -> str:
    """What JSON calls the type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _check_span(start: int, end: int, what: str) -> None:
    if start > end:
        raise HighlightFileError(f"{what}: start {start} is after end {end}")


def _read_highlight(item: object, number: int) -> Highlight:
    what = f"highlight {number}"
    values = _values(item, Highlight, what, skip=("history",))
    history = values.pop("history", [])
    if not isinstance(history, list):
        raise HighlightFileError(f"{what}: history is not a list")
    revisions = []
    for at, revision in enumerate(history, 1):
        where = f"{what}, revision {at}"
        revisions.append(Revision(**_values(revision, Revision, where)))
        _check_span(revisions[-1].start, revisions[-1].end, where)
    h = Highlight(**values, history=tuple(revisions))
    _check_span(h.start, h.end, what)
    if not h.id:
        raise HighlightFileError(f"{what}: id is empty")
    return h


def _read_correction(item: object, number: int) -> StoredCorrection:
    what = f"correction {number}"
    values = _values(item, StoredCorrection, what, skip=("a", "b"))
    sides = []
    for side in ("a", "b"):
        if side not in values:
            raise HighlightFileError(f"{what}: {side} is missing")
        try:
            ref = SentenceRef(**_values(values.pop(side), SentenceRef, what))
            _check_span(ref.start, ref.end, what)
        except HighlightFileError as exc:
            raise HighlightFileError(f"{exc} (in {side})") from None
        sides.append(ref)
    c = StoredCorrection(**values, a=sides[0], b=sides[1])
    if not c.id:
        raise HighlightFileError(f"{what}: id is empty")
    return c.ordered()


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all.

    It goes to a new file beside ``path`` (created exclusively, so nothing else
    is overwritten), is flushed to disk, and only then renamed over ``path``:
    a full disk or a crash leaves the file that was there as it was. A new file
    gets the usual permissions, a replaced one keeps its own; a symbolic link
    is followed, so the file it points to is the one replaced. Anything that is
    not a regular file (a device such as /dev/stdout or /dev/full, a FIFO) is
    written to as it is, never replaced.
    """
    try:
        found = path.stat()  # through any symbolic link
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        with path.open("wb") as out:  # a device or a pipe: it is written, not replaced
            out.write(text.encode("utf-8"))
        return
    target = path.resolve() if path.is_symlink() else path
    mode: int | None = None
    if found is not None:
        mode = stat.S_IMODE(found.st_mode)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows a directory fsync)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
