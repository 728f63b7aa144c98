"""The reader application: the session, the keymap and the background work.

What the reader sees and every pane key live in :class:`ReaderScreen`; the app
holds what outlives a screen: the story, the highlights session, the alignment
the background work produces, and the keymap. ``ReaderApp(story, ...)`` is the
one way to build the reader, for the command line and the tests alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.articles import Article, LoadError, Story
from reader.articles.load import Loader
from reader.articles.manifest import Entry
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.model import Alignment
from reader.paths import config_dir, state_dir
from reader.printable import printable
from reader.ui.background import Stopped, in_daemon_thread
from reader.ui.keymap import KEYMAP_NAME, load_keymap
from reader.ui.messages import ArticlesLoaded, MatchingProgress
from reader.ui.screen import ReaderScreen
from reader.wording import plural

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.highlights.library import StoryEntry
    from reader.highlights.session import Session
    from reader.highlights.store import HighlightStore
    from reader.web.coverage import Coverage

LOAD_BATCH = 10
CHECKPOINT_AFTER = 2.0  # seconds without a change before the store's log is folded in


class ReaderApp(App[list[Path] | None]):
    """Read one story across outlets, two at a time, sentence against sentence.

    ``story`` holds the articles loaded so far; ``pending`` the files still to
    load, which the reader loads in the background after its first screen.
    ``paths`` are what the story was opened from: the library remembers the
    story under them. The reader ends with the paths of the story to open next
    (chosen in the library or the feeds), or None.
    """

    CSS_PATH = Path(__file__).with_name("reader.tcss")
    TITLE = "newsreader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Keys", id="help"),
        # not in the footer, which has room at 80 columns only for the pane keys;
        # ? and ctrl+p list them
        Binding("b", "library", "Library", id="library", show=False),
        Binding("f", "feeds", "Feeds", id="feeds", show=False),
    ]

    def __init__(
        self,
        story: Story,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        config: Path | None = None,
        state: Path | None = None,
        pending: Sequence[tuple[Path, Entry]] = (),
        loader: Loader | None = None,
        match_now: bool = True,
        paths: Sequence[Path] = (),
        data: Path | None = None,
        show_feeds: bool = False,
    ) -> None:
        super().__init__()
        self.story = story
        self.paths = list(paths)
        self.data = data  # where fetched stories go (None: the default data directory)
        self._show_feeds = show_feeds  # the feeds screen over the story once it opens
        self.articles: list[Article] = story.articles
        self.pending = list(pending)
        self.loader = loader or Loader()
        self.loaded = 0  # files of ``pending`` read so far, loaded or not
        self.files = len(story.articles) + len(self.pending)  # the story's files to read
        self.threshold = threshold
        self.config = config_dir(config)
        self.state = state_dir(state)
        self.session: Session | None = None  # opened once the first screen is painted
        self.engine_alignment: Alignment | None = None  # what the engine found
        self.alignment: Alignment | None = None  # with the reader's corrections applied
        self.matching_failed = ""
        self.aligned = asyncio.Event()  # set once matching has ended, well or not
        self._match_now = match_now
        self.messages: list[str] = []  # every notification shown, oldest first
        self._checkpoint: Timer | None = None

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen()

    @property
    def reader(self) -> ReaderScreen:
        """The main screen (whatever screen is on top)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    @property
    def _shown(self) -> ReaderScreen | None:
        """The main screen once it is mounted; before that it reads the app's state
        itself when it mounts, so there is nothing to tell it."""
        stack = self.screen_stack
        screen = stack[0] if stack else None
        return screen if isinstance(screen, ReaderScreen) and screen.ready else None

    def on_mount(self) -> None:
        keymap, problems = load_keymap(self.config / KEYMAP_NAME, self.default_keys())
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="keymap", severity="warning", markup=False, timeout=8)

    def first_screen_painted(self) -> None:
        """What the first screen does without: the highlights, the rest of the story,
        matching (whose numerical imports would delay the first paint)."""
        gc.enable()  # paused while the reader starts (see ``reader.cli``)
        self._open_highlights()
        if self._show_feeds:
            self.action_feeds(ask=False)
        if self.pending:
            self._load_rest()
            return
        self._remember()
        if self._match_now:
            self.start_matching()

    def store_changed(self) -> None:
        """After a burst of changes, once quiet for a moment, fold the store's log
        into the database, so the log a crash could leave behind stays short."""
        if self._checkpoint is not None:
            self._checkpoint.stop()
        self._checkpoint = self.set_timer(CHECKPOINT_AFTER, self._fold_log)

    def _fold_log(self) -> None:
        from reader.highlights.store import StoreError

        if self.session is not None and self.session.store is not None:
            with contextlib.suppress(StoreError):
                self.session.store.checkpoint()

    def on_unmount(self) -> None:
        """Close the store on quitting: SQLite folds its log into the database."""
        if self.session is not None and self.session.store is not None:
            self.session.store.close()

    # -- highlights ------------------------------------------------------------------------

    def _open_highlights(self) -> None:
        from reader.highlights.session import Session
        from reader.highlights.store import HighlightStore, StoreError

        opened = HighlightStore.open(self.state)
        for message in opened.messages:
            self.notify(message, title="highlights", severity="warning", markup=False, timeout=10)
        try:
            self.session = Session(opened.store, self.story.name, self.articles)
        except StoreError as exc:
            self.notify(str(exc), title="highlights", severity="error", markup=False, timeout=10)
            self.session = Session(None, self.story.name, self.articles)
        self._say_session()
        orphans = len(self.session.orphans)
        if orphans:
            self.notify(
                f"{plural(orphans, 'highlight')} could not be placed in the changed text; "
                "kept as orphans (i lists them)",
                title="highlights",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if screen := self._shown:
            screen.highlights_changed()

    def _say_session(self) -> None:
        """What the session could not do, and the corrections it could not place."""
        if self.session is None:
            return
        for message in self.session.messages:
            self.notify(message, title="highlights", severity="warning", markup=False, timeout=10)
        self.session.messages.clear()
        unresolved = len(self.session.unresolved)
        if unresolved:
            self.notify(
                f"{plural(unresolved, 'correction')} of the aligner could not be placed in "
                "these articles; kept",
                title="corrections",
                severity="warning",
                markup=False,
                timeout=10,
            )

    # -- the library ---------------------------------------------------------------------------

    @property
    def _store(self) -> HighlightStore | None:
        return self.session.store if self.session is not None else None

    def _remember(self) -> None:
        """Put the story in the library (or mark it opened now), once all of it is loaded."""
        from reader.highlights.store import StoreError

        if self._store is None or not self.paths:
            return
        try:
            self._store.remember_articles(
                self.paths,
                name=self.story.name,
                owned=self.story.made_by_newsreader,
                articles=self.articles,
            )
        except StoreError as exc:
            self.notify(str(exc), title="library", severity="warning", markup=False, timeout=10)

    def action_library(self) -> None:
        from reader.highlights.library import story_key
        from reader.highlights.store import StoreError
        from reader.ui.library import LibraryScreen

        if isinstance(self.screen, LibraryScreen):
            return
        if self._store is None:
            self.notify("The library is kept with the highlights, which could not be opened.")
            return
        try:
            entries = self._store.stories()
        except StoreError as exc:
            self.notify(str(exc), title="library", severity="error", markup=False)
            return
        current = story_key(self.paths) if self.paths else None
        screen = LibraryScreen(entries, remove=self.remove_story, current=current)
        self.push_screen(screen, self._open_entry)

    def action_feeds(self, ask: bool = True) -> None:
        """The events the followed feeds report; ``ask``: ask the feeds first."""
        from reader.ui.feeds import FeedsScreen

        if isinstance(self.screen, FeedsScreen):
            return
        if self._store is None:
            self.notify("The feeds are kept with the highlights, which could not be opened.")
            return
        self.push_screen(FeedsScreen(self._store, ask=ask), self._fetch_event)

    def _fetch_event(self, event: Coverage | None) -> None:
        from reader.paths import stories_dir
        from reader.ui.feeds import FetchScreen

        if event is not None:
            screen = FetchScreen(event.title, event.links, stories_dir(self.data))
            self.push_screen(screen, self._open_fetched)

    def _open_fetched(self, folder: Path | None) -> None:
        if folder is not None:
            self.exit([folder])

    def _open_entry(self, entry: StoryEntry | None) -> None:
        if entry is not None:
            self.exit(list(entry.paths))

    def remove_story(self, entry: StoryEntry) -> bool:
        """Take a story out of the library (its folder too when newsreader made it);
        its highlights stay. False, said why, when that could not be done."""
        from reader.highlights.store import StoreError
        from reader.web.folder import remove_folder

        if self._store is None:
            return False
        try:
            self._store.forget_story(entry.path)
        except StoreError as exc:
            self.notify(str(exc), title="library", severity="error", markup=False)
            return False
        if entry.owned:
            for problem in remove_folder(entry.paths):
                self.notify(problem, title="library", severity="warning", markup=False)
        self.notify(f"{entry.name}: removed from the library; its highlights are kept")
        return True

    # -- loading the rest of the story -------------------------------------------------------

    @work(exclusive=True, group="loading", exit_on_error=False)
    async def _load_rest(self) -> None:
        """Load the articles not loaded before the first screen, in batches."""

        def load(stop: threading.Event) -> None:
            batch: list[Article] = []
            problems: list[LoadError] = []
            for number, (path, entry) in enumerate(self.pending, 1):
                if stop.is_set():
                    return
                try:
                    batch.append(self.loader.article(path, entry))
                except LoadError as exc:
                    problems.append(exc)
                done = number == len(self.pending)
                if done or len(batch) >= LOAD_BATCH:
                    self.post_message(ArticlesLoaded(batch, problems, done))
                    batch, problems = [], []

        await in_daemon_thread(load, name="newsreader-loading")

    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        self.articles.extend(message.articles)
        self.loaded += len(message.articles) + len(message.problems)
        for problem in message.problems:
            self.notify(str(problem), title="not loaded", severity="warning", markup=False)
        if message.done:
            self.pending = []
            if self.session is not None:
                self.session.reload()
                self._say_session()
            self._remember()
        if screen := self._shown:
            screen.articles_added(done=message.done)
        if message.done and self._match_now:
            self.start_matching()

    # -- matching ------------------------------------------------------------------------------

    def start_matching(self) -> None:
        self.aligned.clear()
        self.matching_failed = ""
        if screen := self._shown:
            screen.matching_started()
        self._match()

    @work(exclusive=True, group="matching", exit_on_error=False)
    async def _match(self) -> None:
        articles = list(self.articles)

        def match(stop: threading.Event) -> Alignment:
            from reader.matching.engine import align  # numerical libraries load off the UI

            def progress(done: float) -> None:
                if stop.is_set():
                    raise Stopped
                self.post_message(MatchingProgress(done))

            alignment = align(articles, self.threshold, progress=progress)
            alignment.links[:1]  # the panes read the links: make them here, off the UI thread
            return alignment

        alignment = await in_daemon_thread(match, name="newsreader-matching")
        self.engine_alignment = alignment
        self.apply_corrections()
        self.aligned.set()

    def apply_corrections(self) -> None:
        """The engine's alignment with the reader's corrections over it, shown."""
        if self.engine_alignment is None:
            return
        corrections = self.session.corrections() if self.session is not None else []
        self.alignment = self.engine_alignment.corrected(corrections)
        if screen := self._shown:
            screen.alignment_changed()

    def on_matching_progress(self, message: MatchingProgress) -> None:
        if screen := self._shown:
            screen.matching_progress(message.done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failure in the background shows a message; the reader goes on."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = "aligning" if event.worker.group == "matching" else "loading"
        reason = f"{type(error).__name__}: {error}" if error else "unknown error"
        if event.worker.group == "matching":
            self.matching_failed = f"{what} failed ({reason})"
            self.aligned.set()
            if screen := self._shown:
                screen.matching_failed(self.matching_failed)
        self.notify(
            f"{what} failed: {reason}; the panes stay as they are",
            title=what,
            severity="error",
            markup=False,
            timeout=15,
        )

    # -- keys, help, command palette, notifications ------------------------------------------

    def all_bindings(self) -> list[Binding]:
        return [*ReaderScreen.all_bindings(), *self.BINDINGS]  # type: ignore[list-item]

    def default_keys(self) -> dict[str, str]:
        return {b.id: b.key for b in self.all_bindings() if b.id}

    def key_table(self) -> Iterable[tuple[str, str, str]]:
        """Each binding as (keys as the keymap has them, description, binding id)."""
        for binding in self.all_bindings():
            keys = self._keymap.get(binding.id or "", binding.key)
            shown = ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            yield shown, binding.description, binding.id or ""

    def action_help(self) -> None:
        from reader.ui.screens import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_table()))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            yield from screen.commands()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification with its controls made visible: the reader's carry
        file names and what files hold (and are plain text, ``markup=False``)."""
        self.messages.append(printable(message))
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )
