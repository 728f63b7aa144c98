"""Overlay screens: help with every key, the story overview, highlights, notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.matching.model import Alignment, Member
from reader.printable import printable
from reader.ui.pairview import legend


class ListTable(DataTable[Text]):
    """A table of rows to choose from, moved through with vim's keys as well."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)


class HelpScreen(ModalScreen[None]):
    """Every key binding, generated from the bindings themselves."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close_help")]

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        super().__init__()
        self._rows = list(rows)

    def compose(self) -> ComposeResult:
        table = ListTable(id="help-table")
        table.add_columns("Key", "Action", "Binding id")
        for keys, description, binding_id in self._rows:
            table.add_row(Text(printable(keys)), Text(description), Text(binding_id))
        with Vertical(id="help-box"):
            yield Static("newsreader keys: Escape closes, ctrl+p opens the command palette")
            yield table
            yield Static(legend(), id="legend")


class OverviewScreen(Screen[Member | None]):
    """Groups against outlets: which facts every outlet reports, which only one."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="close_overview"),
        Binding("enter", "choose", "Show in panes", id="choose_group"),
        Binding("c", "sort_coverage", "Sort by coverage", id="sort_coverage"),
        Binding("r", "sort_reading", "Sort by story order", id="sort_reading"),
    ]

    def __init__(self, alignment: Alignment) -> None:
        super().__init__()
        self.alignment = alignment
        self._members: dict[str, Member] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            "Story overview: one row per fact, one column per outlet (● reports it). "
            "Enter shows the fact in the panes.",
            id="overview-title",
        )
        yield ListTable(id="overview")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#overview", DataTable)
        articles = self.alignment.articles
        table.add_column(Text("#"), key="order")
        table.add_column(Text("outlets"), key="coverage")
        table.add_column(Text("score"), key="score")
        for number, article in enumerate(articles):
            table.add_column(Text(printable(article.outlet)[:14]), key=f"a{number}")
        table.add_column(Text("fact (as the first outlet words it)"), key="text")
        for group in self.alignment.groups:
            present = group.articles
            first = group.members[0]
            self._add(table, f"g{group.id}", len(present), f"{group.score:.0f}", present, first)
        for number, article in enumerate(articles):
            for sentence in article.body:
                if self.alignment.group_of(number, sentence.index) is None:
                    member = Member(number, sentence.index)
                    self._add(table, f"u{number}-{sentence.index}", 1, "", {number}, member)
        self.action_sort_coverage()
        table.focus()

    def _add(
        self,
        table: DataTable[Text],
        key: str,
        coverage: int,
        score: str,
        present: Iterable[int],
        first: Member,
    ) -> None:
        chosen = set(present)
        marks = [
            Text("●" if n in chosen else "·", style="bold green" if n in chosen else "dim")
            for n in range(len(self.alignment.articles))
        ]
        sentence = self.alignment.articles[first.article].sentences[first.sentence]
        text = Text(printable(" ".join(sentence.text.split()))[:160])
        order = Text(str(len(self._members) + 1))
        table.add_row(order, Text(str(coverage)), Text(score), *marks, text, key=key)
        self._members[key] = first

    def action_sort_coverage(self) -> None:
        table: DataTable[Text] = self.query_one("#overview", DataTable)
        table.sort(
            "coverage",
            "score",
            key=lambda cells: (-int(cells[0].plain), -float(cells[1].plain or 0)),
        )

    def action_sort_reading(self) -> None:
        table: DataTable[Text] = self.query_one("#overview", DataTable)
        table.sort("order", key=lambda order: int(order.plain))

    def action_choose(self) -> None:
        table: DataTable[Text] = self.query_one("#overview", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.dismiss(self._members.get(key or ""))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self._members.get(event.row_key.value or ""))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """Write or edit the note of a highlight: ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="save_note"),
        Binding("escape", "cancel", "Cancel", id="cancel_note"),
    ]

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self._quote = quote
        self._note = note

    def compose(self) -> ComposeResult:
        from reader.ui.editor import InertTextArea

        with Vertical(id="note-box"):
            yield Static(Text(printable(" ".join(self._quote.split()))[:300]), id="note-quote")
            yield InertTextArea(self._note, id="note-text")
            yield Static("ctrl+s saves the note · Escape cancels", id="note-help")

    def on_mount(self) -> None:
        self.query_one("#note-text").focus()

    def action_save(self) -> None:
        from textual.widgets import TextArea

        self.dismiss(self.query_one("#note-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpanScreen(ModalScreen[str | None]):
    """Highlight a few words of a sentence: type them, Enter highlights."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_span")]

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self._sentence = sentence

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text(printable(" ".join(self._sentence.split()))), id="note-quote")
            yield Input(placeholder="the words to highlight, as they appear above", id="span-words")
            yield Static("Enter highlights those words · Escape cancels", id="note-help")

    def on_mount(self) -> None:
        self.query_one("#span-words").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class HighlightRow:
    """One line of the highlights screen."""

    outlet: str
    where: str  # "sentence 4", or "orphan"
    quote: str
    note: str
    context: str = ""  # the sentence the quote is in, when it is only part of one
    target: tuple[int, int] | None = None  # (article, sentence) to go to


class HighlightsScreen(Screen[tuple[int, int] | None]):
    """Every highlight of the story by article, with notes; orphans at the end.

    The row under the cursor is shown in full below the table: the whole quote
    in its sentence, and the whole note.
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="close_highlights"),
        Binding("enter", "choose", "Go to highlight", id="go_to_highlight"),
    ]

    def __init__(self, rows: list[HighlightRow]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        yield Static(
            "Highlights of this story, by article. Enter goes to one; orphans could not be "
            "placed in the current text and are kept as they were.",
            id="overview-title",
        )
        yield ListTable(id="highlights")
        yield Static(id="highlight-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#highlights", ListTable)
        table.add_columns("outlet", "where", "quote", "note")
        for number, row in enumerate(self._rows):
            table.add_row(
                Text(printable(row.outlet)[:18]),
                Text(row.where),
                Text(printable(" ".join(row.quote.split()))[:72]),
                Text(printable(" ".join(row.note.split()))[:36]),
                key=str(number),
            )
        if not self._rows:
            self.query_one("#highlight-detail", Static).update(
                "No highlights in this story yet: h highlights the sentence under the cursor, "
                "H the fact in every outlet, v some words; a adds a note."
            )
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self._rows[int(event.row_key.value or 0)]
        detail = Text()
        quote = printable(" ".join(row.quote.split()))
        context = printable(" ".join(row.context.split()))
        at = context.find(quote) if context else -1
        if at >= 0:
            detail.append(context[:at]).append(quote, "bold underline")
            detail.append(context[at + len(quote) :])
        else:
            detail.append(quote, "bold")
        if row.note:
            detail.append("\n\nNote: ", "bold").append(printable(row.note))
        self.query_one("#highlight-detail", Static).update(detail)

    def _target(self, key: str | None) -> tuple[int, int] | None:
        return self._rows[int(key or 0)].target if self._rows else None

    def action_choose(self) -> None:
        table = self.query_one("#highlights", ListTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.dismiss(self._target(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self._target(event.row_key.value))

    def action_close(self) -> None:
        self.dismiss(None)
