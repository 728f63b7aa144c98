"""Article text as styled, inert terminal text: never parsed as markup, and its
control characters shown as visible symbols (see ``reader.printable``)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from reader.articles.model import Span
from reader.printable import printable

BODY = Style()
CLUTTER = Style(dim=True, italic=True)
HEADING = Style(bold=True)
DIFF = Style(color="#e5c07b")
CONFLICT = Style(color="bright_white", bgcolor="red", bold=True)
SEARCH = Style(color="black", bgcolor="bright_cyan")
HIGHLIGHT = Style(bgcolor="#4e4e00")


def sentence_text(
    text: str,
    *,
    clutter: bool = False,
    heading: bool = False,
    diffs: Iterable[Span] = (),
    conflicts: Iterable[Span] = (),
    highlights: Iterable[Span] = (),
    matches: Iterable[Span] = (),
) -> Text:
    """A sentence as rich Text, with its differing words and marks painted on."""
    base = CLUTTER if clutter else HEADING if heading else BODY
    result = Text(printable(text), style=base, no_wrap=False, end="")
    for spans, style in (
        (highlights, HIGHLIGHT),
        (diffs, DIFF),
        (conflicts, CONFLICT),
        (matches, SEARCH),
    ):
        for span in spans:
            result.stylize(style, span.start, span.end)
    return result
