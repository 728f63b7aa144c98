from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.articles import Article, Story, load_story

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from reader.matching.model import Alignment
    from reader.ui.app import ReaderApp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    story = load_story([SEEDS])
    assert not story.problems
    return story.articles


@pytest.fixture(scope="session")
def seed_alignment(seed_articles: list[Article]) -> Alignment:
    """The engine's alignment of the bundled story, made once."""
    from reader.matching.engine import align

    return align(seed_articles)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real state or config directory."""
    monkeypatch.setenv("NEWSREADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seed_story() -> Story:
    """The bundled story, loaded once (the reader never changes a story whose
    articles are all loaded)."""
    return load_story([SEEDS])


@pytest.fixture
async def reader(seed_story: Story, tmp_path: Path) -> AsyncIterator[tuple[ReaderApp, Pilot[None]]]:
    """The reader on the seed story at 140x40, aligned, with its own state directory."""
    from driving import SIZE, settled

    from reader.ui.app import ReaderApp

    app = ReaderApp(seed_story, state=tmp_path / "state")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(app, pilot)
        yield app, pilot
