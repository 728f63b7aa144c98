"""The aligned two-pane view: rows of the pair layout, drawn line by line.

Only the lines on screen are rendered (Textual's line API), so an article of
thousands of sentences scrolls as fast as a short one. Each row is as tall as
the longer of its two wrapped sentences, so the panes can never drift apart.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.articles import Article
from reader.articles.model import Span
from reader.matching.layout import Row
from reader.matching.model import Alignment
from reader.ui.display import DIFF, sentence_text

if TYPE_CHECKING:
    from reader.matching.diff import WordDiff

MIDDLE = 5  # "│ 87│" between the panes
MARK = 2  # cells before each side's text: what the sentence is, then the highlight bar

CURSOR_FOCUSED = Style(bgcolor="#264f78")
CURSOR_OTHER = Style(bgcolor="#1c2b3a")
RULE = Style(color="#5f5f5f")
SCORE = Style(color="#87afd7")
HIGHLIGHT_BAR = Style(color="yellow")
MARKS = {
    "conflict": ("≠", Style(color="red", bold=True)),
    "moved": ("↕", Style(color="magenta", bold=True)),
    "elsewhere": ("○", Style(color="#87afd7")),
    "unique": ("+", Style(color="green", bold=True)),
    "unsure": ("?", Style(color="yellow")),
    "clutter": ("·", Style(dim=True)),
}
MEANINGS = {
    "conflict": "the pair disagrees on a number, date or quantity (in red)",
    "moved": "its match on the other side is elsewhere: m jumps there",
    "elsewhere": "another outlet (not the one on the other side) reports it",
    "unique": "no other outlet reports it: nothing elsewhere comes close",
    "unsure": "not matched, but another outlet has a sentence close to it",
    "clutter": "page clutter, dimmed (c hides it)",
}


def legend() -> Text:
    """What the marks before a sentence and the colours inside it mean."""
    text = Text()
    for name, (symbol, style) in MARKS.items():
        text.append(f" {symbol} ", style).append(f" {MEANINGS[name]}\n")
    text.append(" ▌ ", HIGHLIGHT_BAR).append(" highlighted (h, H, v; a adds a note)\n")
    text.append(" 72", SCORE).append(" the pair's score; the words that differ are in ")
    text.append("this colour", DIFF).append("\n")
    return text


@dataclass
class Side:
    """What one side of a row shows."""

    text: Text
    mark: str = ""
    highlighted: bool = False


@dataclass
class _Layout:
    width: int
    starts: list[int] = field(default_factory=list)  # first line of each visible row
    lines: list[tuple[list[Segment], list[Segment]]] = field(default_factory=list)


class PairView(ScrollView, can_focus=True):
    """Two articles side by side, row by row, with a cursor and a focused side."""

    DEFAULT_CSS = """
    PairView { background: $surface; scrollbar-gutter: stable; }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="row_up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="row_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
    ]

    class CursorMoved(Message):
        def __init__(self, view: PairView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: Sequence[Article] = ()
        self.alignment: Alignment | None = None
        self.left = 0
        self.right = 1
        self.rows: list[Row] = []
        self.shown_rows: list[Row] = []  # rows as drawn: clutter taken out when it is hidden
        self.cursor = 0  # index into visible
        self.side = "left"
        self.show_clutter = True
        self.search_text = ""
        self.highlights: dict[tuple[int, int], list[Span]] = {}
        self._layout: _Layout | None = None

    # -- state ---------------------------------------------------------------------------

    def display_pair(
        self,
        articles: Sequence[Article],
        rows: list[Row],
        left: int,
        right: int,
        alignment: Alignment | None,
        keep: tuple[int | None, int | None] | None = None,
    ) -> None:
        """Show new rows; ``keep`` puts the cursor back on that (left, right) sentence."""
        self.articles, self.rows, self.left, self.right = articles, rows, left, right
        self.alignment = alignment
        self._refilter()
        if keep is not None:
            self.cursor = self._position_of(keep)
        self.refresh_layout(center=keep is not None)

    def _refilter(self) -> None:
        if self.show_clutter:
            self.shown_rows = list(self.rows)
        else:
            without = (self._without_clutter(row) for row in self.rows)
            self.shown_rows = [row for row in without if row is not None]
        self.cursor = min(self.cursor, max(0, len(self.shown_rows) - 1))

    def _without_clutter(self, row: Row) -> Row | None:
        """The row with its clutter sentences taken out; None when nothing is left."""
        left = row.left
        right = row.right
        if left is not None and self.articles[self.left].sentences[left].clutter is not None:
            left = None
        if right is not None and self.articles[self.right].sentences[right].clutter is not None:
            right = None
        if left is None and right is None:
            return None
        if (left, right) == (row.left, row.right):
            return row
        return Row(
            left,
            right,
            None,
            row.left_link if left is not None else None,
            row.right_link if right is not None else None,
        )

    def _position_of(self, keep: tuple[int | None, int | None]) -> int:
        index = 0 if self.side == "left" else 1
        wanted = keep[index]
        if wanted is None:
            return self.cursor
        for pos, row in enumerate(self.shown_rows):
            if (row.left, row.right)[index] == wanted:
                return pos
        return self.cursor

    @property
    def current(self) -> Row | None:
        return self.shown_rows[self.cursor] if self.shown_rows else None

    def current_sentence(self) -> tuple[int, int] | None:
        """(article, sentence) under the cursor on the focused side, if any."""
        row = self.current
        if row is None:
            return None
        index = row.left if self.side == "left" else row.right
        article = self.left if self.side == "left" else self.right
        return None if index is None else (article, index)

    def set_clutter(self, shown: bool) -> None:
        row = self.current
        self.show_clutter = shown
        self._refilter()
        if row is not None:
            self.cursor = self._position_of((row.left, row.right))
        self.refresh_layout()

    def move_to(self, position: int, *, center: bool = False) -> None:
        """Put the cursor on a row; ``center`` brings a jump's target to mid-screen."""
        if not self.shown_rows:
            return
        self.cursor = max(0, min(position, len(self.shown_rows) - 1))
        self._scroll_to_cursor(center=center)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def find(self, predicate: Callable[[Row], bool], step: int, *, wrap: bool = False) -> bool:
        """Move to the next (step 1) or previous (-1) visible row satisfying ``predicate``;
        with ``wrap``, past the last row the search goes on from the first (and back)."""
        count = len(self.shown_rows)
        for offset in range(1, count):
            pos = self.cursor + step * offset
            if wrap:
                pos %= count
            elif not 0 <= pos < count:
                return False
            if predicate(self.shown_rows[pos]):
                self.move_to(pos, center=True)
                return True
        return False

    def row_position(self, side: str, sentence: int) -> int | None:
        index = 0 if side == "left" else 1
        for pos, row in enumerate(self.shown_rows):
            if (row.left, row.right)[index] == sentence:
                return pos
        return None

    # -- actions -------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        if not self.shown_rows:
            return
        layout = self._layout_until(row=self.cursor)
        target_line = layout.starts[self.cursor] + step * max(1, self.size.height - 2)
        layout = self._layout_until(line=max(0, target_line))
        pos = bisect_right(layout.starts, max(0, target_line)) - 1
        self.move_to(pos)

    # -- layout and rendering -------------------------------------------------------------

    def refresh_layout(self, *, center: bool = False) -> None:
        self._layout = None
        if not self.scrollable_content_region.width:
            return  # not laid out yet: on_resize comes next
        # Lay out only what the first screen needs; the rest after it is painted.
        layout = self._layout_until(row=self.cursor + 1, line=2 * self.size.height)
        self._set_virtual_size(layout)
        self._scroll_to_cursor(center=center)
        self.refresh()
        self.post_message(self.CursorMoved(self))
        if len(layout.starts) < len(self.shown_rows):
            self.call_after_refresh(self._complete_layout, layout)

    def _complete_layout(self, layout: _Layout) -> None:
        if layout is self._layout:
            self._set_virtual_size(self._layout_until())
            self.refresh()

    def _set_virtual_size(self, layout: _Layout) -> None:
        lines = len(layout.lines)
        done, total = len(layout.starts), len(self.shown_rows)
        if done < total:  # estimate the rows not laid out yet from those that are
            lines += (total - done) * lines // max(1, done)
        self.virtual_size = Size(self.size.width, lines)

    def on_resize(self) -> None:
        self.refresh_layout()

    def _widths(self) -> tuple[int, int]:
        width = max(self.scrollable_content_region.width, 20)
        left = (width - MIDDLE) // 2
        return left, width - MIDDLE - left

    def _layout_until(self, *, row: int | None = None, line: int | None = None) -> _Layout:
        """The layout, wrapped at least through ``row`` and ``line`` (all of it when neither)."""
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            self._layout = _Layout(width)
        layout = self._layout
        while len(layout.starts) < len(self.shown_rows):
            rows_done = row is None or len(layout.starts) > row
            lines_done = line is None or len(layout.lines) > line
            if (row is not None or line is not None) and rows_done and lines_done:
                break
            self._lay_out_row(layout, self.shown_rows[len(layout.starts)])
        return layout

    def _lay_out_row(self, layout: _Layout, row: Row) -> None:
        left_width, right_width = self._widths()
        console = self.app.console
        left_lines = _wrap(console, self._side(row, "left"), left_width)
        right_lines = _wrap(console, self._side(row, "right"), right_width)
        blank_left = [Segment(" " * left_width)]
        blank_right = [Segment(" " * right_width)]
        layout.starts.append(len(layout.lines))
        for k in range(max(len(left_lines), len(right_lines))):
            layout.lines.append(
                (
                    left_lines[k] if k < len(left_lines) else blank_left,
                    right_lines[k] if k < len(right_lines) else blank_right,
                )
            )
        layout.lines.append((blank_left, blank_right))  # a blank line between rows

    def _side(self, row: Row, side: str) -> Side | None:
        index = row.left if side == "left" else row.right
        if index is None:
            return None
        number = self.left if side == "left" else self.right
        sentence = self.articles[number].sentences[index]
        diffs: tuple[Span, ...] = ()
        conflicts: list[Span] = []
        mark = ""
        if row.score is not None and row.left is not None and row.right is not None:
            pair = _diff(
                self.articles[self.left].sentences[row.left].text,
                self.articles[self.right].sentences[row.right].text,
            )
            diffs = pair.left if side == "left" else pair.right
            if pair.conflicts:
                mark = "conflict"
                conflicts = _conflict_spans(sentence.text, pair.conflicts, side == "left")
        elif sentence.clutter is not None:
            mark = "clutter"
        elif (row.left_link if side == "left" else row.right_link) is not None:
            mark = "moved"
        elif self.alignment is not None and sentence.is_body:
            if self.alignment.group_of(number, index):
                mark = "elsewhere"
            else:
                mark = "unique" if self.alignment.unique(number, index) else "unsure"
        highlights = self.highlights.get((number, index), [])
        matches = _find_all(sentence.text, self.search_text) if self.search_text else []
        text = sentence_text(
            sentence.text,
            clutter=sentence.clutter is not None,
            heading=sentence.heading,
            diffs=diffs,
            conflicts=conflicts,
            highlights=highlights,
            matches=matches,
        )
        return Side(text, mark, highlighted=bool(highlights))

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        if not self.shown_rows or self.size.height == 0:
            return
        layout = self._layout_until(row=self.cursor + 1)
        top = layout.starts[self.cursor]
        end = (
            layout.starts[self.cursor + 1]
            if self.cursor + 1 < len(layout.starts)
            else len(layout.lines)
        )
        y = self.scroll_offset.y
        height = self.size.height
        if center:
            self.scroll_to(y=max(0, top - max(0, height - (end - top)) // 2), animate=False)
        elif top < y:
            self.scroll_to(y=top, animate=False)
        elif end > y + height:
            self.scroll_to(y=min(top, end - height), animate=False)

    def render_line(self, y: int) -> Strip:
        line = y + self.scroll_offset.y
        layout = self._layout_until(line=line)
        width = self.scrollable_content_region.width
        if line >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        pos = bisect_right(layout.starts, line) - 1
        left, right = layout.lines[line]
        row = self.shown_rows[pos]
        first = line == layout.starts[pos]
        score = f"{row.score:3.0f}" if first and row.score is not None else "   "
        middle = [Segment("│", RULE), Segment(score, SCORE), Segment("│", RULE)]
        if (
            pos == self.cursor
            and line < len(layout.lines) - 1
            and self._is_row_line(layout, pos, line)
        ):
            focused_left = CURSOR_FOCUSED if self.side == "left" else CURSOR_OTHER
            focused_right = CURSOR_FOCUSED if self.side == "right" else CURSOR_OTHER
            # underneath the text's own styles: search hits and highlights stay visible
            left = list(Segment.apply_style(left, style=focused_left))
            right = list(Segment.apply_style(right, style=focused_right))
        left_width, right_width = self._widths()
        segments = [
            *Segment.adjust_line_length(left, left_width),
            *middle,
            *Segment.adjust_line_length(right, right_width),
        ]
        return Strip(segments, width).crop(0, width)

    @staticmethod
    def _is_row_line(layout: _Layout, pos: int, line: int) -> bool:
        end = layout.starts[pos + 1] if pos + 1 < len(layout.starts) else len(layout.lines)
        return line < end - 1  # not the spacer line after the row


@lru_cache(maxsize=4096)
def _diff(left: str, right: str) -> WordDiff:
    from reader.matching.diff import word_diff  # with its stemmer, only once rows match

    return word_diff(left, right)


def _wrap(console: Console, side: Side | None, width: int) -> list[list[Segment]]:
    """The side's mark and text wrapped to ``width`` cells, one segment list per line."""
    if side is None:
        return []
    mark, mark_style = MARKS.get(side.mark, (" ", Style()))
    bar = Segment("▌", HIGHLIGHT_BAR) if side.highlighted else Segment(" ")
    lines = side.text.wrap(console, max(1, width - MARK), overflow="fold")
    result: list[list[Segment]] = []
    for k, line in enumerate(lines):
        kind = Segment(mark, mark_style) if k == 0 else Segment(" ")
        segments = [kind, bar, *line.render(console)]  # the bar runs down a highlighted sentence
        result.append(list(Segment.adjust_line_length(segments, width)))
    return result


def _conflict_spans(text: str, conflicts: tuple[tuple[str, str], ...], is_left: bool) -> list[Span]:
    spans: list[Span] = []
    for pair in conflicts:
        words = pair[0] if is_left else pair[1]
        start = text.find(words)
        if start >= 0:
            spans.append(Span(start, start + len(words)))
    return spans


def _find_all(text: str, query: str) -> list[Span]:
    spans: list[Span] = []
    lowered, needle = text.casefold(), query.casefold()
    if len(lowered) != len(text):  # casefolding changed lengths: fall back to lower()
        lowered, needle = text.lower(), query.lower()
    start = lowered.find(needle)
    while start >= 0 and needle:
        spans.append(Span(start, start + len(needle)))
        start = lowered.find(needle, start + len(needle))
    return spans
