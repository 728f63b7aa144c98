"""The library screen: stories read before, opened again or removed, from a key."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS
from driving import SIZE, settled

from reader.articles import Story
from reader.highlights.store import HighlightStore
from reader.ui.app import ReaderApp
from reader.ui.library import ConfirmScreen, LibraryScreen
from reader.ui.widgets import ListTable


def _another(tmp_path: Path, state: Path) -> Path:
    """A second story, already in the library, read before the seed story."""
    folder = tmp_path / "other"
    folder.mkdir()
    for article in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(article, folder)
    store = HighlightStore.open(state).store
    assert store is not None
    store.remember_story(
        folder, name="other", owned=False, outlets=["A", "B"], date=None, articles=2, sentences=9
    )
    store.close()
    return folder


async def test_b_lists_the_stories_read_and_enter_opens_one(
    seed_story: Story, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    other = _another(tmp_path, state)
    app = ReaderApp(seed_story, state=state, paths=[SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("b")
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one("#library", ListTable)
        assert table.row_count == 2
        first = table.get_row_at(0)[0].plain
        assert first.startswith("▶ " + seed_story.name)  # the story open now
        assert "Kyiv Independent" in first  # its outlets, on the line below the name
        await pilot.press("j", "enter")
    assert app.return_value == [other.resolve()]


async def test_d_removes_a_story_after_asking_and_keeps_the_open_one(
    seed_story: Story, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    other = _another(tmp_path, state)
    app = ReaderApp(seed_story, state=state, paths=[SEEDS])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(app, pilot)
        await pilot.press("b", "d")
        assert not isinstance(app.screen, ConfirmScreen)  # the open story is not removed
        assert "open" in app.messages[-1]
        await pilot.press("j", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen.query_one("#library", ListTable).row_count == 2
        await pilot.press("d", "y")
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#library", ListTable).row_count == 1
        assert app.session is not None and app.session.store is not None
        assert [entry.name for entry in app.session.store.stories()] == [seed_story.name]
    assert other.is_dir()  # not made by newsreader: its folder stays
