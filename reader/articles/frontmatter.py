"""A Markdown article's YAML front matter: a flat mapping of a few text fields.

    ---
    title: Putin visits Kyrgyzstan
    outlet: The Outlet
    date: 2023-10-12
    author: A. Writer
    url: https://...
    ---

Values are read as written (no dates, numbers or booleans made of them). YAML's
aliases are refused, as is nesting beyond a few levels and front matter beyond
64 KB: a few hundred bytes of aliases expand to gigabytes, and deep nesting
exhausts the parser's stack.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reader.articles.errors import LoadError

MAX_CHARS = 64 * 1024
MAX_DEPTH = 8

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)

_FIELDS = {
    "title": ("title",),
    "outlet": ("outlet", "source", "publisher"),
    "date": ("date",),
    "url": ("url", "link"),
    "author": ("author",),
}


def split_front_matter(text: str, path: Path) -> tuple[str, dict[str, str | None]]:
    """The text after the front matter, and the title, outlet, date, URL and author it gives."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    source = match.group(1)
    if len(source) > MAX_CHARS:
        raise LoadError(path, f"front matter is too long (over {MAX_CHARS:,} characters)")
    data = _parse(source, path)
    meta = {field: _value(data, names, path) for field, names in _FIELDS.items()}
    return text[match.end() :], meta


def _parse(source: str, path: Path) -> dict[Any, Any]:
    try:
        data = yaml.load(source, Loader=_FlatLoader)
    except _Refused as exc:
        raise LoadError(path, f"front matter {exc.reason}{_line(exc)}") from None
    except yaml.YAMLError as exc:
        raise LoadError(path, f"front matter is not valid YAML{_line(exc)}") from None
    if not isinstance(data, dict):
        raise LoadError(path, "front matter must be a list of 'key: value' lines")
    return data


def _line(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" (line {mark.line + 2})" if mark is not None else ""


def _value(data: dict[Any, Any], names: tuple[str, ...], path: Path) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            return value
        if value is not None and not isinstance(value, str):
            raise LoadError(path, f"front matter: {name!r} must be text, not a list or mapping")
    return None


class _Refused(yaml.YAMLError):
    """YAML the front matter does not take: an alias, or nesting too deep."""

    def __init__(self, reason: str, event: yaml.Event) -> None:
        super().__init__(reason)
        self.reason = reason
        self.problem_mark = event.start_mark


class _FlatLoader(yaml.BaseLoader):
    """YAML with every value a string, no aliases and at most MAX_DEPTH levels."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"uses a YAML alias (*{event.anchor}); write the value out", event)
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"is nested more than {MAX_DEPTH} levels deep", event)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
