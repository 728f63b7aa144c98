"""Driving the reader with Textual's Pilot: sizes, waiting for alignment, the
text of the panes."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.pairview import PairView

SIZE = (140, 40)
SMALL = (80, 24)


async def settled(app: ReaderApp, pilot: Pilot[None]) -> PairView:
    """Wait until the story is loaded and aligned (or aligning failed), and the
    screen has caught up; the panes."""
    await asyncio.wait_for(app.aligned.wait(), timeout=120)
    await pilot.pause()
    return app.reader.view


def screen_text(view: PairView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))
