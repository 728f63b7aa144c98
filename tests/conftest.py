from __future__ import annotations

from pathlib import Path

import pytest

from reader.articles import Article, load_story

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    story = load_story([SEEDS])
    assert not story.problems
    return story.articles


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real state or config directory."""
    monkeypatch.setenv("NEWSREADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "cache"))
