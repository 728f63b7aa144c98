"""Screens over the panes: keys, the story overview, highlights, notes, and the
lists to choose an article or a sentence to link from. Each fits 80x24."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.articles import Article
from reader.matching.model import Alignment, Member
from reader.printable import printable
from reader.ui.pairview import PairView, legend
from reader.ui.widgets import ArticleList, ListTable


def _one_line(text: str) -> str:
    return printable(" ".join(text.split()))


class HelpScreen(ModalScreen[None]):
    """Every key binding, generated from the bindings themselves, and what the
    marks and colours of the panes mean."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close_help")]

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        super().__init__()
        self._rows = list(rows)

    def compose(self) -> ComposeResult:
        table = ListTable(id="help-table")
        table.add_columns("Key", "Action", "Binding id (keymap.toml)")
        for keys, description, binding_id in self._rows:
            table.add_row(Text(printable(keys)), Text(description), Text(binding_id))
        with Vertical(id="help-box"):
            yield Static("Keys · Escape closes · ctrl+p finds any command", id="help-title")
            yield table
            yield Static(id="legend")

    def on_mount(self) -> None:
        panes = self.app.screen_stack[0].query(PairView)
        style = panes.first().part_style if panes else None
        self.query_one("#legend", Static).update(legend(style))
        self.query_one("#help-table").focus()


class OverviewScreen(Screen[Member | None]):
    """Facts against outlets: which facts every outlet reports, which only one.

    One narrow column per outlet (numbered; the line below the title names
    them) leaves the fact room on any terminal; the row under the cursor is
    shown in full below the table.
    """

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="close_overview"),
        Binding("enter", "choose", "Show in panes", id="choose_group"),
        Binding("c", "sort_coverage", "By coverage", id="sort_coverage"),
        Binding("r", "sort_reading", "By story order", id="sort_reading"),
    ]

    def __init__(self, alignment: Alignment) -> None:
        super().__init__()
        self.alignment = alignment
        self._members: dict[str, Member] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            "Story overview: one row per fact, ● where an outlet reports it. "
            "Enter shows it in the panes.",
            id="overview-title",
        )
        outlets = Text(no_wrap=True, overflow="ellipsis")
        for number, article in enumerate(self.alignment.articles, 1):
            outlets.append(f"{number} ", "bold").append(f"{printable(article.outlet)}   ")
        yield Static(outlets, id="overview-outlets")
        yield ListTable(id="overview")
        yield Static(id="overview-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#overview", DataTable)
        articles = self.alignment.articles
        table.add_column(Text("#"), key="order", width=3)
        table.add_column(Text("outl."), key="coverage", width=5)
        table.add_column(Text("score"), key="score", width=5)
        for number in range(len(articles)):
            table.add_column(Text(str(number + 1)), key=f"a{number}", width=1)
        columns = 4 + len(articles)
        fixed = 3 + 5 + 5 + len(articles) + 2 * (columns + 1) + 2  # cell padding, scrollbar
        width = max(20, self.app.size.width - fixed)
        table.add_column(Text("fact (as the first outlet words it)"), key="text", width=width)
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
        text = Text(_one_line(sentence.text), no_wrap=True, overflow="ellipsis")
        order = Text(str(len(self._members) + 1))
        table.add_row(order, Text(str(coverage)), Text(score), *marks, text, key=key)
        self._members[key] = first

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        member = self._members.get(event.row_key.value or "")
        if member is None:
            return
        articles = self.alignment.articles
        group = self.alignment.group_of(member.article, member.sentence)
        members = group.members if group else (member,)
        detail = Text()
        for m in members[:4]:
            detail.append(f"{printable(articles[m.article].outlet)}: ", "bold")
            detail.append(_one_line(articles[m.article].sentences[m.sentence].text) + "\n")
        if len(members) > 4:
            detail.append(f"… and {len(members) - 4} more")
        self.query_one("#overview-detail", Static).update(detail)

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


class ArticlesScreen(ModalScreen[int | None]):
    """The article list over the panes, on terminals too narrow to keep it beside
    them: Enter puts the article in the left pane, Escape closes."""

    BINDINGS = [Binding("escape,q,l", "close", "Close", id="close_articles")]

    def __init__(
        self, articles: Sequence[Article], alignment: Alignment | None, current: int
    ) -> None:
        super().__init__()
        self._articles = articles
        self._alignment = alignment
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="articles-box"):
            yield Static("Articles · Enter shows one on the left · Escape closes")
            yield ArticleList(id="article-choice")

    def on_mount(self) -> None:
        table = self.query_one(ArticleList)
        table.show(self._articles, self._alignment)
        table.move_cursor(row=self._current)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(int(event.row_key.value or 0))

    def action_close(self) -> None:
        self.dismiss(None)


class LinkScreen(ModalScreen[int | None]):
    """Link a sentence by hand: its nearest candidates in the other article, best
    first; Enter links the one under the cursor."""

    BINDINGS = [Binding("escape", "close", "Cancel", id="cancel_link")]

    def __init__(self, sentence: str, outlet: str, candidates: list[tuple[int, str, float, bool]]):
        super().__init__()
        self._sentence = sentence
        self._outlet = outlet
        self._candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            yield Static(Text(_one_line(self._sentence)), id="link-sentence")
            yield Static(
                f"Link it to which sentence of {self._outlet}? Enter links · Escape cancels",
                id="link-help",
            )
            yield ListTable(id="link-choice")
            yield Static(id="link-detail")

    def on_mount(self) -> None:
        table = self.query_one(ListTable)
        table.add_column(Text("#"), key="index")
        table.add_column(Text("close"), key="score")
        table.add_column(Text("now"), key="paired")
        table.add_column(Text("sentence"), key="text", width=max(20, self.app.size.width - 32))
        for index, text, score, paired in self._candidates:
            table.add_row(
                Text(str(index + 1)),
                Text(f"{score:.0f}"),
                Text("paired" if paired else "", style="yellow"),
                Text(_one_line(text), no_wrap=True, overflow="ellipsis"),
                key=str(index),
            )
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The candidate under the cursor in full, and whether linking takes it from
        a pair it is in."""
        chosen = next(c for c in self._candidates if str(c[0]) == event.row_key.value)
        detail = Text(_one_line(chosen[1]))
        if chosen[3]:
            detail.append(
                "\nAlready paired with another outlet's sentence; a link by hand is added "
                "beside it.",
                "yellow",
            )
        self.query_one("#link-detail", Static).update(detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(int(event.row_key.value or 0))

    def action_close(self) -> None:
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
            yield Static(Text(_one_line(self._quote)[:300]), id="note-quote")
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
            yield Static(Text(_one_line(self._sentence)), id="note-quote")
            yield Input(placeholder="the words to highlight, as they appear above", id="span-words")
            yield Static("Enter highlights those words · Escape cancels", id="note-help")

    def on_mount(self) -> None:
        self.query_one("#span-words").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
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
    why: str = ""  # why an orphan could not be placed


class HighlightsScreen(Screen[tuple[int, int] | None]):
    """Every highlight of the story by article, with notes; orphans at the end.

    The row under the cursor is shown in full below the table: the whole quote
    in its sentence and the whole note, or for an orphan, why it could not be
    placed.
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
            "Highlights of this story · Enter goes to one · orphans are kept as they were",
            id="overview-title",
        )
        yield ListTable(id="highlights")
        yield Static(id="highlight-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#highlights", ListTable)
        room = max(30, self.app.size.width - 12 - 12 - 8)  # outlet, where, cell padding
        quote_width, note_width = room * 2 // 3, room - room * 2 // 3
        table.add_column("outlet", width=10)
        table.add_column("where", width=10)
        table.add_column("quote", width=quote_width)
        table.add_column("note", width=note_width)
        for number, row in enumerate(self._rows):
            table.add_row(
                Text(printable(row.outlet), no_wrap=True, overflow="ellipsis"),
                Text(row.where, style="bold red" if row.target is None else ""),
                Text(_one_line(row.quote), no_wrap=True, overflow="ellipsis"),
                Text(("✎ " if row.note.strip() else "") + _one_line(row.note), no_wrap=True),
                key=str(number),
            )
        if not self._rows:
            self.query_one("#highlight-detail", Static).update(
                "No highlights in this story yet: h highlights the sentence under the cursor, "
                "H the fact in every outlet, v some words; a adds a note."
            )
        table.focus()

    def _detail(self, row: HighlightRow) -> Text:
        detail = Text()
        quote = _one_line(row.quote)
        context = _one_line(row.context)
        at = context.find(quote) if context else -1
        if at >= 0:
            detail.append(context[:at]).append(quote, "bold underline")
            detail.append(context[at + len(quote) :])
        else:
            detail.append(quote, "bold")
        if row.why:
            detail.append("\n\nCould not be placed: ", "bold red").append(row.why)
        if row.note:
            detail.append("\n\nNote: ", "bold").append(printable(row.note))
        return detail

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self._rows[int(event.row_key.value or 0)]
        self.query_one("#highlight-detail", Static).update(self._detail(row))

    def _choose(self, key: str | None) -> None:
        if not self._rows:
            self.dismiss(None)
            return
        row = self._rows[int(key or 0)]
        if row.target is None:  # an orphan: say where it is not, and stay
            self.notify(
                "an orphan has no place in the text; its quote and why are shown below",
                severity="warning",
                timeout=4,
            )
            self.query_one("#highlight-detail", Static).update(self._detail(row))
            return
        self.dismiss(row.target)

    def action_choose(self) -> None:
        table = self.query_one("#highlights", ListTable)
        if table.row_count:
            self._choose(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._choose(event.row_key.value)

    def action_close(self) -> None:
        self.dismiss(None)
