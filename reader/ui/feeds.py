"""The feeds screen (events the followed outlets report, how many outlets each) and
the screen that shows each page of a story being fetched.

Both do their network work in daemon threads awaited by workers (see
``reader.ui.background``), and write to the store only on the UI's thread,
where it was opened.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static

from reader.highlights.store import HighlightStore, StoreError
from reader.printable import printable
from reader.ui.background import in_daemon_thread
from reader.ui.widgets import ListTable
from reader.web.coverage import Coverage, ask_feeds, coverage, save_polls
from reader.web.pages import PageEvent
from reader.wording import plural

if TYPE_CHECKING:
    from reader.web.folder import FetchReport


def _one_line(text: str) -> str:
    return printable(" ".join(text.split()))


class FeedsScreen(Screen[Coverage | None]):
    """Events in the followed feeds, newest first, with how many outlets report
    each; an event only one outlet has says which. Enter fetches an event's
    articles and opens them side by side; r asks the feeds again."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="close_feeds"),
        Binding("enter", "choose", "Fetch and read", id="read_event"),
        Binding("r", "refresh", "Refresh", id="refresh_feeds"),
    ]

    def __init__(self, store: HighlightStore, *, ask: bool = True) -> None:
        """The events of the feeds as last fetched, then, when ``ask``, as the feeds
        are now (each feed asked unless it was a moment ago)."""
        super().__init__()
        self._store = store
        self._events: list[Coverage] = []
        self._ask = ask

    def compose(self) -> ComposeResult:
        yield Static(
            "Feeds · Enter fetches an event's articles and opens them · r refreshes",
            id="feeds-title",
        )
        yield Static(id="feeds-status")
        yield ListTable(id="feeds")
        yield Static(id="feeds-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#feeds", ListTable)
        room = max(24, self.app.size.width - 22 - 12 - 8)
        table.add_column("event", key="event", width=room)
        table.add_column("outlets", key="outlets", width=22)
        table.add_column("date", key="date", width=12)
        self._show_stored("asking the feeds…" if self._ask else "")
        table.focus()
        if self._ask:
            self.action_refresh()

    def _show_stored(self, note: str, failures: Sequence[str] = ()) -> None:
        """The events of what the store holds, and a line on the feeds."""
        try:
            feeds = self._store.feeds()
            events = coverage(feeds, self._store.feed_items())
        except StoreError as exc:
            self._show([], printable(str(exc)))
            return
        line = plural(len(feeds), "feed")
        if note:
            line += f" · {note}"
        if failures:
            line += f" · {len(failures)} failed: " + "; ".join(failures)
        self._show(events, printable(line))

    def _show(self, events: Sequence[Coverage], status: str) -> None:
        """List these events (again), keeping the cursor's row number."""
        self._events = list(events)
        self.query_one("#feeds-status", Static).update(Text(status))
        table = self.query_one("#feeds", ListTable)
        row = table.cursor_row
        table.clear()
        for number, event in enumerate(self._events):
            count = (
                Text(f"only {printable(event.outlets[0])}", style="italic", no_wrap=True)
                if event.single
                else Text(f"{len(set(event.outlets))} outlets", style="bold")
            )
            table.add_row(
                Text(_one_line(event.title), no_wrap=True, overflow="ellipsis"),
                count,
                Text(printable((event.published or "")[:10])),
                key=str(number),
            )
        if self._events:
            table.move_cursor(row=min(row, len(self._events) - 1))
        else:
            self.query_one("#feeds-detail", Static).update(
                "Nothing here yet. `newsreader feeds add URL` follows an outlet's feed "
                "(or its home page, when the page links one)."
            )

    def _chosen(self) -> Coverage | None:
        return self.query_one("#feeds", ListTable).under_cursor(self._events)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        detail = Text()
        for outlet, item in zip(chosen.outlets, chosen.items, strict=True):
            if detail:
                detail.append("\n")
            detail.append(printable(outlet), style="bold").append(": " + _one_line(item.title))
        self.query_one("#feeds-detail", Static).update(detail)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        if not chosen.links:
            self.notify("The feeds give no link to this event's articles.", markup=False)
            return
        self.dismiss(chosen)

    @work(exclusive=True, group="feeds", exit_on_error=False)
    async def action_refresh(self) -> None:
        """Ask every feed (politely: see ``reader.web.feeds.poll``), then store and
        list what came."""
        feeds = self._store.feeds()
        stored = self._store.feed_items()
        self.query_one("#feeds-status", Static).update(f"asking {plural(len(feeds), 'feed')}…")
        results = await in_daemon_thread(
            lambda stop: ask_feeds(feeds, stored, stop), name="newsreader-feeds"
        )
        failures = save_polls(self._store, results)
        asked = sum(1 for r in results if r.outcome != "skipped")
        self._show_stored(f"{asked} asked now", failures)


@dataclass
class PageDone(Message):
    """A page of the story being fetched has finished, failed or been skipped."""

    event: PageEvent


class FetchScreen(ModalScreen[Path | None]):
    """Each page of a story as it is fetched, a bar for the whole and a line a
    page; dismissed with the story's folder once fetched (None when no page could
    be, or when Escape stopped it: the pages saved so far are kept)."""

    BINDINGS = [Binding("escape", "stop", "Stop", id="stop_fetch")]

    def __init__(self, title: str, links: Mapping[str, str], stories: Path) -> None:
        """``links``: each page's URL and the outlet its feed names."""
        super().__init__()
        self._title = title
        self._outlets = dict(links)
        self._urls = list(links)
        self._stories = stories
        self._lines = [f"  … {printable(url)}" for url in self._urls]
        self.report: FetchReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="fetch-box"):
            yield Static(Text(f"Fetching: {_one_line(self._title)}", style="bold"))
            yield ProgressBar(total=len(self._urls), show_eta=False, id="fetch-bar")
            yield Static(Text("\n".join(self._lines)), id="fetch-pages")
            yield Static("Escape stops; the pages saved so far are kept", id="fetch-keys")

    def on_mount(self) -> None:
        self._fetch()

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def _fetch(self) -> None:
        from reader.web.folder import FolderError, fetch_story

        def tell(event: PageEvent) -> None:  # from the fetching threads: posting is safe
            self.post_message(PageDone(event))

        def fetch(stop: threading.Event) -> FetchReport:
            return fetch_story(
                self._urls,
                title=self._title,
                stories=self._stories,
                progress=tell,
                stop=stop,
                outlets=self._outlets,
            )

        try:
            self.report = await in_daemon_thread(fetch, name="newsreader-fetch")
        except FolderError as exc:
            self._finished(printable(str(exc)))
            return
        if self.report.ok and self.report.folder is not None:
            self.dismiss(self.report.folder)
        else:
            self._finished("No page could be fetched")

    def on_page_done(self, message: PageDone) -> None:
        event = message.event
        if event.state == "started":
            return
        mark = {"finished": "✓", "failed": "✗", "skipped": "="}[event.state]
        line = f"  {mark} {printable(event.url)}"
        if event.reason:
            line += f": {printable(event.reason)}"
        self._lines[event.index] = line
        self.query_one("#fetch-pages", Static).update(Text("\n".join(self._lines)))
        self.query_one("#fetch-bar", ProgressBar).advance(1)

    def _finished(self, message: str) -> None:
        self.query_one("#fetch-keys", Static).update(Text(message + " · Escape closes"))

    def action_stop(self) -> None:
        self.workers.cancel_group(self, "fetch")
        self.dismiss(None)
