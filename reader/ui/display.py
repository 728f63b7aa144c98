"""Article text as styled, inert terminal text.

Text from articles is data: it is never parsed as markup, and control characters
(ANSI escape sequences included) are shown as visible symbols, one symbol per
character, so character offsets into a sentence stay valid for styling.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from reader.articles.model import Span

_PICTURES = {code: chr(0x2400 + code) for code in range(32)} | {0x7F: "\u2421"}
_PICTURES |= {ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}
_PICTURES |= dict.fromkeys(range(128, 160), "�")  # C1 controls
_PICTURES |= {0x2028: " ", 0x2029: " "}  # line and paragraph separators


def printable(text: str) -> str:
    """``text`` with every control character replaced by a visible one of width one."""
    return text.translate(_PICTURES)


BODY = Style()
CLUTTER = Style(dim=True, italic=True)
HEADING = Style(bold=True)
DIFF = Style(color="#e5c07b")
CONFLICT = Style(color="bright_white", bgcolor="red", bold=True)
SEARCH = Style(color="black", bgcolor="bright_cyan")
HIGHLIGHT = Style(bgcolor="#5f5f00", underline=True)


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
