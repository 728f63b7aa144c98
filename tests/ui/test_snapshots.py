"""Pinned pictures of every screen, at 80x24 (designed for first) and 140x40.

Regenerate after an intended change with
``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the report
before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEEDS
from driving import SIZE, SMALL, settled
from textual.pilot import Pilot

from reader.articles import load_story
from reader.ui.app import ReaderApp

SnapCompare = Callable[..., bool]

SCREENS = {
    "panes": [],
    "panes_shared_row": ["n"],
    "panes_other_outlet_clutter_hidden": [
        "right_square_bracket",
        "right_square_bracket",
        "c",
        "n",
    ],
    "panes_note_marked": ["j", "a", *"check", "ctrl+s"],
    "overview": ["o"],
    "help": ["question_mark"],
    "highlights": ["j", "h", "n", "a", *"a note", "ctrl+s", "i"],
    "note_editor": ["n", "a", *"why the numbers differ"],
}


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "140x40"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(
    snap_compare: SnapCompare, name: str, size: tuple[int, int], tmp_path: Path
) -> None:
    app = ReaderApp(load_story([SEEDS]), state=tmp_path)

    async def aligned_and_pressed(pilot: Pilot[None]) -> None:
        await settled(app, pilot)
        await pilot.press(*SCREENS[name])
        app.clear_notifications()  # they time out: a picture must not depend on when it is taken

    assert snap_compare(app, terminal_size=size, run_before=aligned_and_pressed), name
