"""Draw docs/reader.svg: the seed story, Kyiv Independent against Al Jazeera.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from reader.articles import load_story
from reader.paths import bundled_story
from reader.ui.app import ReaderApp

OUT = Path(__file__).with_name("reader.svg")


async def main() -> None:
    with tempfile.TemporaryDirectory() as state:
        app = ReaderApp(load_story([bundled_story()]), state=Path(state))
        async with app.run_test(size=(140, 40)) as pilot:
            await app.aligned.wait()
            await pilot.pause()
            await pilot.press(
                "right_square_bracket", "right_square_bracket", "c", "n", "n", "H", "a"
            )
            await pilot.press(*"check the figure", "ctrl+s")
            app.clear_notifications()
            await pilot.pause()
            app.save_screenshot(OUT.name, path=str(OUT.parent))


if __name__ == "__main__":
    asyncio.run(main())
