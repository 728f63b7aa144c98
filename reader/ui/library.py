"""The library: every story fetched or opened, to open again or remove."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from reader.highlights.library import StoryEntry
from reader.printable import printable
from reader.ui.widgets import ListTable
from reader.wording import plural


class LibraryScreen(Screen[StoryEntry | None]):
    """Stories read before, most recent first: Enter opens one, d removes one.

    Removing asks first and says what goes: the entry, and the folder only when
    newsreader made it. Highlights always stay (export still has them).
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="close_library"),
        Binding("enter", "choose", "Open story", id="open_story"),
        Binding("d,delete", "remove", "Remove", id="remove_story"),
    ]

    def __init__(
        self,
        entries: Sequence[StoryEntry],
        *,
        remove: Callable[[StoryEntry], bool],
        current: str | None = None,
    ) -> None:
        """``remove`` removes a story the reader confirmed, True when it did;
        ``current`` is the open story's path, which cannot be removed."""
        super().__init__()
        self._entries = list(entries)
        self._remove = remove
        self._current = current

    def compose(self) -> ComposeResult:
        yield Static(
            "Library · Enter opens a story · d removes one (its highlights are kept)",
            id="library-title",
        )
        yield ListTable(id="library")
        yield Static(id="library-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#library", ListTable)
        room = max(24, self.app.size.width - 12 - 6 - 6 - 10)
        table.add_column("story / outlets", key="story", width=room)
        table.add_column("date", key="date", width=10)
        table.add_column("sent.", key="sentences")
        table.add_column("highl.", key="highlights")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#library", ListTable)
        table.clear()
        for number, entry in enumerate(self._entries):
            label = Text("▶ " if entry.path == self._current else "", style="bold")
            label.append(printable(entry.name))
            label.no_wrap, label.overflow = True, "ellipsis"
            label.append("\n" + printable(", ".join(entry.outlets)), style="not bold")
            table.add_row(
                label,
                Text(printable((entry.date or "")[:10])),
                Text(str(entry.sentences)),
                Text(str(entry.highlights) if entry.highlights else ""),
                key=str(number),
                height=2,
            )
        if not self._entries:
            self.query_one("#library-detail", Static).update(
                "No stories yet. `newsreader fetch URL ...` brings one in from the web; "
                "any folder you open is remembered here."
            )

    def _chosen(self) -> StoryEntry | None:
        return self.query_one("#library", ListTable).under_cursor(self._entries)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self._chosen()
        if entry is None:
            return
        whose = "made by newsreader" if entry.owned else "your folder"
        detail = Text(printable(entry.name), style="bold")
        if entry.path == self._current:
            detail.append(" (open now)", style="not bold italic")
        detail.append(
            f"\n{plural(entry.articles, 'article')} · {plural(entry.highlights, 'highlight')}"
            f" · {whose}: "
        )
        detail.append(printable(entry.path))
        self.query_one("#library-detail", Static).update(detail)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        entry = self._chosen()
        if entry is not None:
            self.dismiss(entry)

    def action_remove(self) -> None:
        entry = self._chosen()
        if entry is None:
            return
        if entry.path == self._current:
            self.notify("This story is open: open another before removing it.", markup=False)
            return
        folder = (
            "Its folder, which newsreader made, is deleted."
            if entry.owned
            else "Its folder is yours and stays where it is."
        )
        question = (
            f"Remove “{printable(entry.name)}” from the library?\n{folder}\n"
            f"Its {plural(entry.highlights, 'highlight')} are kept: export still lists them."
        )

        def answered(yes: bool | None) -> None:
            if yes and self._remove(entry):
                self._entries.remove(entry)
                self._fill()

        self.app.push_screen(ConfirmScreen(question), answered)


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question; only y says yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self._question), id="confirm-question")
            yield Static("y: yes · n or Escape: no", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
