"""The feeds screen: events across outlets' feeds, and Enter reading one side by side."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from conftest import SEEDS
from driving import SIZE, settled
from pytest_httpserver import HTTPServer
from webdata import EVENT_PAGES, serve_news

from reader.articles import Story, load_story
from reader.highlights.store import HighlightStore
from reader.ui.app import ReaderApp
from reader.ui.feeds import FeedsScreen
from reader.ui.widgets import ListTable


async def until(pilot: object, condition: Callable[[], bool], timeout: float = 60) -> None:
    """Wait for ``condition``, letting the app run, up to ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await pilot.pause()  # type: ignore[attr-defined]


def _follow(state: Path, urls: list[str]) -> None:
    store = HighlightStore.open(state).store
    assert store is not None
    for url in urls:
        assert store.add_feed(url)
    store.close()


def _rows(app: ReaderApp) -> list[tuple[str, str]]:
    table = app.screen.query_one("#feeds", ListTable)
    return [
        (table.get_row_at(n)[0].plain, table.get_row_at(n)[1].plain) for n in range(table.row_count)
    ]


async def test_f_lists_events_by_outlets_and_enter_reads_one_side_by_side(
    seed_story: Story, tmp_path: Path, web: HTTPServer, connections: list[str]
) -> None:
    state, data = tmp_path / "state", tmp_path / "data"
    _follow(state, serve_news(web))
    app = ReaderApp(seed_story, state=state, data=data, paths=[SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FeedsScreen)
        await until(
            pilot, lambda: "asked now" in str(app.screen.query_one("#feeds-status").render())
        )
        rows = _rows(app)
        # the event two outlets report comes first (newest), then each outlet's own item
        assert rows[0][1] == "2 outlets" and "Eastmere" in rows[0][0]
        assert [count for _, count in rows[1:]] == [
            "only The Herald",
            "only The Courier",
            "only The Ledger",
        ]
        await pilot.press("enter")  # fetches the event's two pages, then opens them
    folder = app.return_value
    assert folder is not None and len(folder) == 1
    story = load_story(folder)
    # the Courier's page names no site: the name its feed gives is taken
    assert sorted(a.outlet for a in story.articles) == ["The Courier", "The Herald"]
    assert story.made_by_newsreader and not story.warnings
    served = {request.path for request, _ in web.log}
    assert set(EVENT_PAGES.values()) <= served
    assert set(connections) == {"127.0.0.1"}


async def test_a_second_look_within_the_interval_asks_no_feed_again(
    seed_story: Story, tmp_path: Path, web: HTTPServer
) -> None:
    state = tmp_path / "state"
    _follow(state, serve_news(web))
    app = ReaderApp(seed_story, state=state, paths=[SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("f")
        status = lambda: str(app.screen.query_one("#feeds-status").render())  # noqa: E731
        await until(pilot, lambda: "3 asked now" in status())
        asked = len(web.log)
        await pilot.press("r")
        await until(pilot, lambda: "0 asked now" in status())
        assert len(web.log) == asked
        assert len(_rows(app)) == 4  # the stored items still listed
