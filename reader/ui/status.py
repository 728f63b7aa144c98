"""The status line under the panes, drawn from reactive attributes."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.printable import printable
from reader.wording import plural


class StatusLine(Widget):
    """Where the cursor is, what the reader is doing, and what a key would do here.

    The screen sets the attributes; the line redraws itself when any changes.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $boost; color: $text-muted; }
    StatusLine > .status--busy { color: $warning; }
    """
    COMPONENT_CLASSES = {"status--busy"}

    row: reactive[int] = reactive(0)
    rows: reactive[int] = reactive(0)
    articles_loading: reactive[str] = reactive("")  # "3/10" while articles load
    matching: reactive[float | None] = reactive(None)  # progress while matching
    failed: reactive[str] = reactive("")  # why matching failed
    shared: reactive[int | None] = reactive(None)
    clutter_shown: reactive[bool] = reactive(True)
    search: reactive[str] = reactive("")
    found: reactive[str] = reactive("")  # "match 2 of 5", "no matches"
    hint: reactive[str] = reactive("")  # what a key does on this row

    def render(self) -> Text:
        busy = self.get_component_rich_style("status--busy")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"row {self.row + 1}/{self.rows}")
        if self.articles_loading:
            text.append(" · ").append(f"loading articles {self.articles_loading}…", busy)
        elif self.failed:
            text.append(" · ").append(f"not aligned: {printable(self.failed)}", busy)
        elif self.matching is not None:
            text.append(" · ").append(f"aligning… {self.matching:.0%}", busy)
        elif self.shared is not None:
            text.append(" · " + plural(self.shared, "shared row"))
        text.append(" · clutter shown" if self.clutter_shown else " · clutter hidden")
        if self.search:
            text.append(f" · “{printable(self.search)}”: {self.found}")
        if self.hint:
            text.append(f" · {self.hint}")
        return text
