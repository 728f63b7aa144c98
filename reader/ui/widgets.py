"""Small widgets the reader's screens share: lists to choose from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from reader.articles import Article
from reader.matching.model import Alignment
from reader.printable import printable

T = TypeVar("T")


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

    def under_cursor(self, rows: Sequence[T]) -> T | None:
        """The one of ``rows`` (listed in the table's order) the cursor is on."""
        return rows[self.cursor_row] if 0 <= self.cursor_row < len(rows) else None


class ArticleList(ListTable):
    """The story's articles: outlet and title, date, sentences, and how much of
    each another outlet also reports. Enter puts one in the left pane."""

    def show(self, articles: Sequence[Article], alignment: Alignment | None) -> None:
        """Fill the list (again): rows are added for new articles, numbers updated."""
        if not self.columns:
            self.add_column(Text("outlet / title"), key="article", width=22)
            for name in ("date", "sent.", "shared"):
                self.add_column(Text(name), key=name)
        for number in range(self.row_count, len(articles)):
            article = articles[number]
            label = Text(printable(article.outlet), style="bold", no_wrap=True, overflow="ellipsis")
            if article.warnings:  # "short: likely a paywall or consent wall" shows "⚠ short"
                label.append(" ⚠ " + printable(article.warnings[0].split(":")[0]), "bold yellow")
            label.append("\n" + printable(article.title), style="not bold")
            self.add_row(
                label,
                Text(printable(article.date or "")),
                Text(str(len(article.body))),
                Text("…"),
                key=str(number),
                height=2,
            )
        if alignment is None:
            return
        for number, article in enumerate(articles[: len(alignment.articles)]):
            shared = alignment.shared_count(number)
            self.update_cell(
                str(number), "shared", Text(f"{100 * shared // (len(article.body) or 1)}%")
            )
