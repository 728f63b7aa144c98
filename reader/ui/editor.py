"""The note editor: a text area that never sends its text's controls to the terminal.

Imported when a note is first written, so the reader opens without it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from reader.printable import printable


class InertTextArea(TextArea):
    """Edits text exactly, and shows its control characters as visible symbols
    (a note may come from an imported file), one for one, so the cursor and
    selection stay where the characters are."""

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text(printable(line, multiline=True), end="", no_wrap=True)
