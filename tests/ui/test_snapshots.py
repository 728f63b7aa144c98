"""Pinned pictures of the main screens at a fixed terminal size.

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import SEEDS
from textual.pilot import Pilot

from reader.articles import load_story
from reader.ui.app import ReaderApp

SIZE = (140, 40)
SnapCompare = Callable[..., bool]


async def _wait_for_matching(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("panes", []),
        ("panes_matched_row", ["n"]),
        (
            "panes_other_outlet_clutter_hidden",
            ["right_square_bracket", "right_square_bracket", "c", "n"],
        ),
        ("overview", ["o"]),
        ("help", ["question_mark"]),
    ],
)
def test_screen(snap_compare: SnapCompare, name: str, keys: list[str]) -> None:
    app = ReaderApp(load_story([SEEDS]))
    assert snap_compare(app, press=keys, terminal_size=SIZE, run_before=_wait_for_matching), name
