"""The aligned two-pane view: rows of the pair layout, drawn line by line.

Only the lines on screen are rendered (Textual's line API), so an article of
thousands of sentences scrolls as fast as a short one. Each row is as tall as
the longer of its two wrapped sentences, so the panes can never drift apart.

What a row means (its marks, which words to colour) is decided in the core
(``reader.matching.view``, ``reader.matching.diff``); this widget only draws
it, in the colours of its component classes, which follow the app's theme.

Before the story is aligned (or when aligning failed) nothing is paired: the
focused side's sentences are the rows and the other side flows beside them on
its own, under a dotted rule, so no row can look like a match.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

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
from reader.articles.search import find_all
from reader.matching.layout import Row
from reader.matching.model import Alignment
from reader.matching.view import Pair, mark
from reader.printable import printable

if TYPE_CHECKING:
    from reader.matching.diff import Emphasis

Side = Literal["left", "right"]

MIDDLE = 5  # "│ 87│" between the panes
MARK = 2  # cells before each side's text: what the sentence is, then the highlight bar

MARKS: dict[str, str] = {
    "shared": "=",
    "manual": "⇔",
    "conflict": "≠",
    "moved": "↕",
    "elsewhere": "○",
    "unique": "+",
    "unsure": "?",
    "clutter": "·",
}
MEANINGS: dict[str, str] = {
    "shared": "the two outlets report this: a shared row",
    "manual": "a shared row you linked by hand (u unlinks it)",
    "conflict": "a shared row that disagrees on a number, date or quantity",
    "moved": "its match on the other side is elsewhere: m jumps there",
    "elsewhere": "another outlet (not the one on the other side) reports it",
    "unique": "no other outlet reports it: nothing elsewhere comes close",
    "unsure": "not matched, but another outlet has a sentence close to it",
    "clutter": "page clutter, dimmed (c hides it)",
}


@dataclass
class Drawn:
    """What one side of a row shows."""

    text: Text
    mark: str = ""
    highlighted: bool = False
    noted: bool = False


@dataclass
class _Layout:
    width: int
    starts: list[int] = field(default_factory=list)  # first line of each shown row
    lines: list[tuple[list[Segment], list[Segment]]] = field(default_factory=list)
    flow: list[list[Segment]] = field(default_factory=list)  # the unaligned other side
    flowed: int = 0  # sentences of the unaligned other side laid out so far


class PairView(ScrollView, can_focus=True):
    """Two articles side by side, row by row, with a cursor and a focused side."""

    COMPONENT_CLASSES = {
        "pairview--cursor",
        "pairview--cursor-other",
        "pairview--rule",
        "pairview--score",
        "pairview--bar",
        "pairview--filler",
        "pairview--clutter",
        "pairview--heading",
        "pairview--differ",
        "pairview--common",
        "pairview--conflict",
        "pairview--search",
        "pairview--highlight",
        *(f"pairview--mark-{name}" for name in MARKS),
    }

    DEFAULT_CSS = """
    PairView { background: $surface; scrollbar-gutter: stable; }
    PairView > .pairview--cursor { background: $primary 45%; }
    PairView:focus > .pairview--cursor { background: $primary 65%; }
    PairView > .pairview--cursor-other { background: $primary 20%; }
    PairView > .pairview--rule { color: $foreground 35%; }
    PairView > .pairview--score { color: $primary-lighten-2; }
    PairView > .pairview--bar { color: $warning; text-style: bold; }
    PairView > .pairview--filler { background: $foreground 8%; }
    PairView > .pairview--clutter { color: $foreground 50%; text-style: italic; }
    PairView > .pairview--heading { text-style: bold; }
    PairView > .pairview--differ { color: $warning; text-style: bold; }
    PairView > .pairview--common { color: $success; }
    PairView > .pairview--conflict { color: $text; background: $error; text-style: bold; }
    PairView > .pairview--search { color: $background; background: $accent-lighten-2; }
    PairView > .pairview--highlight { background: $warning 30%; }
    PairView > .pairview--mark-shared { color: $success; text-style: bold; }
    PairView > .pairview--mark-manual { color: $success; text-style: bold; }
    PairView > .pairview--mark-conflict { color: $error; text-style: bold; }
    PairView > .pairview--mark-moved { color: $secondary-lighten-3; text-style: bold; }
    PairView > .pairview--mark-elsewhere { color: $primary-lighten-2; }
    PairView > .pairview--mark-unique { color: $success; }
    PairView > .pairview--mark-unsure { color: $warning; }
    PairView > .pairview--mark-clutter { color: $foreground 50%; }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="row_up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="row_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
    ]

    class CursorMoved(Message):
        """The cursor moved, or the rows under it changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: Sequence[Article] = ()
        self.pair = Pair.first(0)
        self.alignment: Alignment | None = None
        self.rows: list[Row] = []
        self.shown_rows: list[Row] = []  # rows as drawn: clutter taken out when it is hidden
        self.cursor = 0  # index into shown_rows
        self.side: Side = "left"
        self.show_clutter = True
        self.search_text = ""
        self.highlights: dict[tuple[int, int], list[Span]] = {}
        self.noted: set[tuple[int, int]] = set()
        self._layout: _Layout | None = None
        self._styles: dict[str, Style] = {}

    # -- state ---------------------------------------------------------------------------

    @property
    def aligned(self) -> bool:
        """Whether rows pair the two sides (else each side flows on its own)."""
        return self.alignment is not None and not self.pair.solo

    def display_pair(
        self,
        articles: Sequence[Article],
        pair: Pair,
        rows: list[Row],
        alignment: Alignment | None,
        keep: tuple[int | None, int | None] | None = None,
    ) -> None:
        """Show new rows; ``keep`` puts the cursor back on that (left, right) sentence."""
        self.articles, self.pair, self.rows, self.alignment = articles, pair, rows, alignment
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

    def _is_clutter(self, article: int, index: int | None) -> bool:
        return index is not None and self.articles[article].sentences[index].clutter is not None

    def _without_clutter(self, row: Row) -> Row | None:
        """The row with its clutter sentences taken out; None when nothing is left."""
        left = None if self._is_clutter(self.pair.left, row.left) else row.left
        right = None if self._is_clutter(self.pair.right, row.right) else row.right
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
        found = self.row_position(self.side, wanted)
        return self.cursor if found is None else found

    @property
    def laid_out(self) -> int:
        """How many rows are wrapped so far (the rest are, after the first paint)."""
        return 0 if self._layout is None else len(self._layout.starts)

    @property
    def current(self) -> Row | None:
        return self.shown_rows[self.cursor] if self.shown_rows else None

    def current_sentence(self) -> tuple[int, int] | None:
        """(article, sentence) under the cursor on the focused side, if any."""
        row = self.current
        if row is None:
            return None
        index = row.left if self.side == "left" else row.right
        article = self.pair.left if self.side == "left" else self.pair.right
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
        self.post_message(self.CursorMoved())

    def find(self, predicate: Callable[[Row], bool], step: int, *, wrap: bool = False) -> bool:
        """Move to the next (step 1) or previous (-1) shown row satisfying ``predicate``;
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

    def row_position(self, side: Side, sentence: int) -> int | None:
        """The shown row holding ``sentence`` of that side (or the nearest one after it,
        when it is hidden clutter)."""
        index = 0 if side == "left" else 1
        best: int | None = None
        for pos, row in enumerate(self.shown_rows):
            value = (row.left, row.right)[index]
            if value == sentence:
                return pos
            if best is None and value is not None and value > sentence:
                best = pos
        return best

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

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._restyle, init=False)

    def notify_style_update(self) -> None:
        """The CSS changed: draw everything again in the new colours."""
        super().notify_style_update()
        self._restyle()

    def _restyle(self) -> None:
        """Forget the colours read from the component classes, and the lines drawn
        with them (after the theme's new styles are in place)."""
        self._styles = {}
        if self.is_mounted:
            self.call_after_refresh(self.refresh_layout)

    def part_style(self, name: str) -> Style:
        """The style of a component class, its translucent background blended
        with the pane's (a style without a background keeps none, so it can be
        drawn over the cursor)."""
        style = self._styles.get(name)
        if style is None:
            partial = self.get_component_rich_style(f"pairview--{name}", partial=True)
            if partial.bgcolor is not None:
                partial = self.get_component_rich_style(f"pairview--{name}")
            style = self._styles[name] = partial
        return style

    def refresh_layout(self, *, center: bool = False) -> None:
        self._layout = None
        if not self.scrollable_content_region.width:
            return  # not laid out yet: on_resize comes next
        # Lay out only what the first screen needs; the rest after it is painted.
        layout = self._layout_until(row=self.cursor + 1, line=2 * self.size.height)
        self._set_virtual_size(layout)
        self._scroll_to_cursor(center=center)
        self.refresh()
        self.post_message(self.CursorMoved())
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
        width = self.scrollable_content_region.width  # never wider: no horizontal scrolling
        self.virtual_size = Size(width, max(lines, len(layout.flow)))

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
        if not self.aligned and not self.pair.solo:
            self._flow_until(layout, None if line is None else line + 1)
        return layout

    def _lay_out_row(self, layout: _Layout, row: Row) -> None:
        left_width, right_width = self._widths()
        console = self.app.console
        left_lines = self._wrap(console, self._drawn(row, "left"), left_width)
        right_lines = self._wrap(console, self._drawn(row, "right"), right_width)
        aligned = self.aligned
        blank_left = [Segment(" " * left_width)]
        blank_right = [Segment(" " * right_width)]
        fill_left = self._filler(left_width) if aligned and row.left is None else blank_left
        fill_right = self._filler(right_width) if aligned and row.right is None else blank_right
        layout.starts.append(len(layout.lines))
        for k in range(max(len(left_lines), len(right_lines))):
            layout.lines.append(
                (
                    left_lines[k] if k < len(left_lines) else fill_left,
                    right_lines[k] if k < len(right_lines) else fill_right,
                )
            )
        layout.lines.append((fill_left, fill_right))  # a blank line between rows

    def _flow_until(self, layout: _Layout, line: int | None) -> None:
        """The unaligned other side, laid out on its own through ``line`` (or all)."""
        other: Side = "right" if self.side == "left" else "left"
        number = self.pair.right if other == "right" else self.pair.left
        sentences = self.articles[number].sentences
        width = self._widths()[1 if other == "right" else 0]
        blank = [Segment(" " * width)]
        while layout.flowed < len(sentences) and (line is None or len(layout.flow) <= line):
            index = layout.flowed
            layout.flowed += 1
            if not self.show_clutter and sentences[index].clutter is not None:
                continue
            row = Row(index, None) if other == "left" else Row(None, index)
            layout.flow.extend(self._wrap(self.app.console, self._drawn(row, other), width))
            layout.flow.append(blank)

    def _filler(self, width: int) -> list[Segment]:
        return [Segment(" " * width, self.part_style("filler"))]

    def _drawn(self, row: Row, side: Side) -> Drawn | None:
        index = row.left if side == "left" else row.right
        if index is None:
            return None
        number = self.pair.left if side == "left" else self.pair.right
        sentence = self.articles[number].sentences[index]
        kind = mark(self.alignment, row, side, self.pair).value if self.aligned else ""
        kind = "" if kind == "none" else kind
        style_name = (
            "clutter" if sentence.clutter is not None else "heading" if sentence.heading else ""
        )
        base = self.part_style(style_name) if style_name else Style()
        text = Text(printable(sentence.text), style=base, end="")
        highlights = self.highlights.get((number, index), [])
        for span in highlights:
            text.stylize(self.part_style("highlight"), span.start, span.end)
        if self.aligned and row.matched and row.left is not None and row.right is not None:
            found = _emphasis(
                self.articles[self.pair.left].sentences[row.left].text,
                self.articles[self.pair.right].sentences[row.right].text,
            )
            style = self.part_style("differ" if found.kind == "differ" else "common")
            for span in found.spans(side):
                text.stylize(style, span.start, span.end)
            for left_span, right_span in found.conflicts:
                span = left_span if side == "left" else right_span
                text.stylize(self.part_style("conflict"), span.start, span.end)
        if self.search_text:
            for span in find_all(sentence.text, self.search_text):
                text.stylize(self.part_style("search"), span.start, span.end)
        return Drawn(
            text,
            kind,
            highlighted=bool(highlights),
            noted=(number, index) in self.noted,
        )

    def _wrap(self, console: Console, drawn: Drawn | None, width: int) -> list[list[Segment]]:
        """The side's mark and text wrapped to ``width`` cells, one segment list per line."""
        if drawn is None:
            return []
        symbol = MARKS.get(drawn.mark, " ")
        mark_style = self.part_style(f"mark-{drawn.mark}") if drawn.mark else Style()
        bar_style = self.part_style("bar")
        if drawn.noted:
            first_bar, bar = Segment("✎", bar_style), Segment("▌", bar_style)
        elif drawn.highlighted:
            first_bar = bar = Segment("▌", bar_style)
        else:
            first_bar = bar = Segment(" ")
        lines = drawn.text.wrap(console, max(1, width - MARK), overflow="fold")
        result: list[list[Segment]] = []
        for k, line in enumerate(lines):
            kind = Segment(symbol, mark_style) if k == 0 else Segment(" ")
            # the bar runs down a highlighted sentence; a note marks its first line
            segments = [kind, first_bar if k == 0 else bar, *_spaces_apart(line.render(console))]
            result.append(list(Segment.adjust_line_length(segments, width)))
        return result

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
        left_width, right_width = self._widths()
        aligned = self.aligned or self.pair.solo
        rule = Segment("│" if aligned else "┆", self.part_style("rule"))
        if line >= max(len(layout.lines), len(layout.flow)):
            return Strip.blank(width, self.rich_style)
        left: list[Segment] = [Segment(" " * left_width)]
        right: list[Segment] = [Segment(" " * right_width)]
        score = "   "
        if line < len(layout.lines):
            pos = bisect_right(layout.starts, line) - 1
            left, right = layout.lines[line]
            row = self.shown_rows[pos]
            if line == layout.starts[pos] and row.score is not None and self.aligned:
                score = f"{row.score:3.0f}"
            if pos == self.cursor and self._is_row_line(layout, pos, line):
                focused, other = self.part_style("cursor"), self.part_style("cursor-other")
                left_style = focused if self.side == "left" else other
                right_style = focused if self.side == "right" else other
                # underneath the text's own styles: search hits and highlights stay visible;
                # over the shading of an empty side, so the cursor shows there too
                left = (
                    [Segment(" " * left_width, left_style)]
                    if row.left is None and self.aligned
                    else list(Segment.apply_style(left, style=left_style))
                )
                right = (
                    [Segment(" " * right_width, right_style)]
                    if row.right is None and self.aligned
                    else list(Segment.apply_style(right, style=right_style))
                )
        if not aligned:  # the other side flows on its own
            flow = layout.flow[line] if line < len(layout.flow) else None
            if self.side == "left":
                right = flow or [Segment(" " * right_width)]
            else:
                left = flow or [Segment(" " * left_width)]
        middle = [rule, Segment(score, self.part_style("score")), rule]
        segments = [
            *Segment.adjust_line_length(left, left_width),
            *middle,
            *Segment.adjust_line_length(right, right_width),
        ]
        return Strip(segments, width).crop(0, width).apply_style(self.rich_style)

    @staticmethod
    def _is_row_line(layout: _Layout, pos: int, line: int) -> bool:
        end = layout.starts[pos + 1] if pos + 1 < len(layout.starts) else len(layout.lines)
        return line < end - 1  # not the spacer line after the row


def _spaces_apart(segments: Iterable[Segment]) -> Iterator[Segment]:
    """The segments with the spaces that start one made a segment of their own, so
    no run of words begins with a space (screenshot renderers drop those, and the
    words each side of a colour change would run together)."""
    for segment in segments:
        text = segment.text
        words = text.lstrip(" ")
        if words and len(words) < len(text):
            yield Segment(text[: len(text) - len(words)], segment.style)
            yield Segment(words, segment.style)
        else:
            yield segment


def _emphasis(left: str, right: str) -> Emphasis:
    """The core's (cached) emphasis, its module imported only once rows match."""
    from reader.matching.diff import emphasis

    return emphasis(left, right)


def legend(styles: Callable[[str], Style] | None = None) -> Text:
    """What the marks before a sentence and the colours inside it mean."""
    style = styles or (lambda _name: Style())
    text = Text()
    for name, symbol in MARKS.items():
        text.append(f" {symbol} ", style(f"mark-{name}")).append(f" {MEANINGS[name]}\n")
    text.append(" ▌ ", style("bar")).append(" highlighted (h, H, v); ")
    text.append("✎", style("bar")).append(" with a note (a)\n")
    text.append(" 72", style("score")).append(" the pair's score. Close pairs: the words that ")
    text.append("differ", style("differ")).append("; loose ones: the words they ")
    text.append("share", style("common")).append("\n")
    text.append("   ", style("filler")).append(" shaded: nothing on this side at this row\n")
    text.append(" ┆ ", style("rule")).append(" not aligned yet: each side flows on its own\n")
    return text
