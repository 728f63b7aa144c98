"""The reader: article list, aligned panes, overview, search, from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.articles import Article, LoadError, Story
from reader.articles.load import Loader
from reader.articles.manifest import Entry
from reader.highlights.session import Session
from reader.highlights.store import HighlightStore, StoreError
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.layout import Row, pair_rows
from reader.matching.model import Alignment, Member
from reader.paths import config_dir, state_dir
from reader.printable import printable
from reader.ui.keymap import KEYMAP_NAME, load_keymap
from reader.ui.pairview import PairView
from reader.ui.screens import (
    HelpScreen,
    HighlightRow,
    HighlightsScreen,
    ListTable,
    NoteScreen,
    OverviewScreen,
    SpanScreen,
)
from reader.wording import plural

T = TypeVar("T")


LOAD_BATCH = 10
WIDE_ENOUGH = 120  # columns; narrower terminals give the panes the article list's room


class ArticlesLoaded(Message):
    """A batch of articles loaded in the background (and the files that failed)."""

    def __init__(self, articles: list[Article], problems: list[LoadError], done: bool) -> None:
        super().__init__()
        self.articles = articles
        self.problems = problems
        self.done = done


class MatchingDone(Message):
    def __init__(self, alignment: Alignment) -> None:
        super().__init__()
        self.alignment = alignment


class ReaderApp(App[None]):
    """Read one story across outlets, two at a time, sentence against sentence.

    The one way to build the reader, for the command line and the tests alike.
    ``story`` holds the articles loaded so far; ``pending`` the files still to
    load, which the reader loads in the background after its first screen.
    """

    CSS_PATH = Path(__file__).with_name("reader.tcss")
    TITLE = "newsreader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("n", "next(1)", "Next match", id="next_match"),
        Binding("N", "next(-1)", "Prev match", show=False, id="previous_match"),
        Binding("right_square_bracket", "outlet(1)", "Next outlet", id="next_outlet"),
        Binding(
            "left_square_bracket", "outlet(-1)", "Prev outlet", show=False, id="previous_outlet"
        ),
        Binding("tab", "switch_pane", "Switch pane", priority=True, id="switch_pane"),
        Binding("s", "swap", "Swap", id="swap_panes"),
        Binding("m", "moved", "Jump to moved", show=False, id="jump_moved"),
        Binding("c", "clutter", "Clutter", id="toggle_clutter"),
        Binding("o", "overview", "Overview", id="overview"),
        Binding("slash", "search", "Search", id="search"),
        Binding("g", "edge(0)", "Top", show=False, id="top"),
        Binding("G", "edge(1)", "Bottom", show=False, id="bottom"),
        Binding("l", "articles", "Articles", show=False, id="article_list"),
        Binding("L", "toggle_articles", "Show/hide articles", show=False, id="toggle_article_list"),
        Binding("h", "highlight", "Highlight", id="highlight"),
        Binding("H", "highlight_group", "Highlight fact", show=False, id="highlight_group"),
        Binding("v", "highlight_words", "Highlight words", show=False, id="highlight_words"),
        Binding("a", "note", "Note", id="note"),
        Binding("i", "highlights", "Highlights", id="highlights"),
        Binding("e", "export", "Export", show=False, id="export"),
        Binding("escape", "escape", "Close", show=False, id="escape"),
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
    ) -> None:
        super().__init__()
        self.pending = list(pending)
        self.loader = loader or Loader()
        self._loaded = 0
        self.state = state_dir(state)
        self.session: Session | None = None
        self.story = story
        self.articles = story.articles
        self.threshold = threshold
        self.config = config_dir(config)
        self.alignment: Alignment | None = None
        self.left = 0
        self.right = 1 if len(self.articles) > 1 else 0
        self.query_text = ""
        self._match_now = match_now
        self._matching = 0.0
        self._list_wanted: bool | None = None  # None: shown when the terminal is wide enough

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text(printable(self.story.name)), id="story-title")
        with Horizontal(id="body"):
            yield ListTable(id="articles")
            with Vertical(id="main"):
                with Horizontal(id="pane-titles"):
                    yield Static(id="left-title", classes="pane-title -focused")
                    yield Static(id="right-title", classes="pane-title")
                yield PairView(id="pairs")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        keymap, problems = load_keymap(self.config / KEYMAP_NAME, self._default_keys())
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="keymap", severity="warning", markup=False, timeout=8)
        table: DataTable[Text] = self.query_one("#articles", DataTable)
        table.add_column(Text("outlet / title"), key="article", width=22)
        for label in ("date", "sent.", "shared"):
            table.add_column(Text(label), key=label)
        for number in range(len(self.articles)):
            self._add_article_row(table, number)
        self._open_highlights()
        self._show_pair(keep=None)
        self.query_one(PairView).focus()
        if self.pending:
            self.call_after_refresh(self._load_rest)
        elif self._match_now:
            # after the first screen is painted, so the numerical imports cannot delay it
            self.call_after_refresh(self.start_matching)

    @work(thread=True, exclusive=True, group="loading")
    def _load_rest(self) -> None:
        """Load the articles not loaded before the first screen, in batches."""
        batch: list[Article] = []
        problems: list[LoadError] = []
        for number, (path, entry) in enumerate(self.pending, 1):
            try:
                batch.append(self.loader.article(path, entry))
            except LoadError as exc:
                problems.append(exc)
            done = number == len(self.pending)
            if done or len(batch) >= LOAD_BATCH:
                self.post_message(ArticlesLoaded(batch, problems, done))
                batch, problems = [], []

    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        table: DataTable[Text] = self.query_one("#articles", DataTable)
        for article in message.articles:
            self.articles.append(article)
            self._add_article_row(table, len(self.articles) - 1)
        self._loaded += len(message.articles) + len(message.problems)
        for problem in message.problems:
            self.notify(str(problem), title="not loaded", severity="warning", markup=False)
        if self.right == self.left and len(self.articles) > 1:
            self.right = (self.left + 1) % len(self.articles)
            row = self.query_one(PairView).current
            self._show_pair(keep=(row.left, None) if row else None)
        if message.done:
            self.pending = []
            if self.session is not None:
                self.session.reload()
                self.query_one(PairView).highlights = self.session.spans()
            if self._match_now:
                self.start_matching()
        self._status()

    def _add_article_row(self, table: DataTable[Text], number: int) -> None:
        article = self.articles[number]
        label = Text(printable(article.outlet), style="bold", no_wrap=True, overflow="ellipsis")
        label.append("\n" + printable(article.title), style="not bold")
        table.add_row(
            label,
            Text(printable(article.date or "")),
            Text(str(len(article.body))),
            Text("…"),
            key=str(number),
            height=2,
        )

    def _open_highlights(self) -> None:
        opened = HighlightStore.open(self.state)
        for message in opened.messages:
            self.notify(message, title="highlights", severity="warning", markup=False, timeout=10)
        key = self.story.name
        try:
            self.session = Session(opened.store, key, self.articles)
        except StoreError as exc:
            self.notify(str(exc), title="highlights", severity="error", markup=False, timeout=10)
            self.session = Session(None, key, self.articles)
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
        self.query_one(PairView).highlights = self.session.spans()

    def start_matching(self) -> None:
        self._matching = 0.0
        self._status()
        self._match()

    @work(thread=True, exclusive=True, group="matching")
    def _match(self) -> None:
        def progress(done: float) -> None:
            self.call_from_thread(self._progress, done)

        from reader.matching.engine import align  # numerical libraries load off the UI thread

        alignment = align(self.articles, self.threshold, progress=progress)
        alignment.links[:1]  # the panes read the links: make them here, off the UI thread
        self.post_message(MatchingDone(alignment))

    def _progress(self, done: float) -> None:
        self._matching = done
        self._status()

    def on_matching_done(self, message: MatchingDone) -> None:
        self.alignment = message.alignment
        table: DataTable[Text] = self.query_one("#articles", DataTable)
        for number, article in enumerate(self.articles):
            body = len(article.body) or 1
            shared = message.alignment.shared_count(number)
            table.update_cell(str(number), "shared", Text(f"{100 * shared // body}%"))
        view = self.query_one(PairView)
        row = view.current
        self._show_pair(keep=(row.left, row.right) if row else None)

    def _rows(self) -> list[Row]:
        n_left = len(self.articles[self.left].sentences)
        if self.left == self.right:  # a story of one article: nothing to compare it with
            return [Row(k, None) for k in range(n_left)]
        if self.alignment is not None:
            return pair_rows(self.alignment, self.left, self.right)
        n_right = len(self.articles[self.right].sentences)
        return [
            Row(k if k < n_left else None, k if k < n_right else None)
            for k in range(max(n_left, n_right))
        ]

    def _show_pair(self, keep: tuple[int | None, int | None] | None) -> None:
        view = self.query_one(PairView)
        view.display_pair(
            self.articles, self._rows(), self.left, self.right, self.alignment, keep=keep
        )
        for side, number in (("left", self.left), ("right", self.right)):
            article = self.articles[number]
            dated = f"  {printable(article.date)}" if article.date else ""
            title = Text(f"{printable(article.outlet)}{dated}\n", style="bold")
            title.append(printable(article.title))
            widget = self.query_one(f"#{side}-title", Static)
            widget.update(title)
            widget.set_class(view.side == side, "-focused")
        self._status()

    def on_pair_view_cursor_moved(self, _: PairView.CursorMoved) -> None:
        self._status()

    def _status(self) -> None:
        view = self.query_one(PairView)
        parts = [f"row {view.cursor + 1}/{len(view.shown_rows)}"]
        if self.pending:
            parts.append(f"loading articles {self._loaded}/{len(self.pending)}…")
        elif self.alignment is None:
            parts.append(f"matching sentences… {self._matching:.0%}")
        else:
            matched = sum(1 for row in view.shown_rows if row.matched)
            parts.append(plural(matched, "shared row"))
        parts.append("clutter shown" if view.show_clutter else "clutter hidden")
        if self.query_text:
            hits = [pos for pos, row in enumerate(view.shown_rows) if self._is_hit(row)]
            if not hits:
                found = "no matches"
            elif view.cursor in hits:
                found = f"match {hits.index(view.cursor) + 1} of {len(hits)}"
            else:
                found = plural(len(hits), "match", "matches")
            parts.append(f"search “{printable(self.query_text)}”: {found}")
        row = view.current
        if row is not None and (row.left_link if view.side == "left" else row.right_link):
            parts.append("moved match: m jumps to its counterpart")
        self.query_one("#status", Static).update(Text(" · ".join(parts)))

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
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- actions -------------------------------------------------------------------------

    def action_next(self, step: int) -> None:
        """n/N: the next or previous search hit while searching (wrapping around),
        else the next or previous shared row."""
        view = self.query_one(PairView)
        if self.query_text:
            before = view.cursor
            if not view.find(self._is_hit, step, wrap=True):
                here = view.current is not None and self._is_hit(view.current)
                message = "this is the only match" if here else "no matches"
                self.notify(f"{message} for “{printable(self.query_text)}”", markup=False)
            elif (view.cursor - before) * step < 0:
                edge = "top" if step > 0 else "bottom"
                self.notify(f"search wrapped to the {edge}", markup=False, timeout=2)
        elif not view.find(lambda row: row.matched, step):
            self.notify("no more shared rows", markup=False, timeout=2)

    def _is_hit(self, row: Row) -> bool:
        needle = self.query_text.casefold()
        for index, number in ((row.left, self.left), (row.right, self.right)):
            if (
                index is not None
                and needle in self.articles[number].sentences[index].text.casefold()
            ):
                return True
        return False

    def action_outlet(self, step: int) -> None:
        if len(self.articles) < 2:
            return
        right = self.right
        while True:
            right = (right + step) % len(self.articles)
            if right != self.left:
                break
        self.right = right
        self._show_pair(keep=self._keep())

    def _keep(self) -> tuple[int | None, int | None] | None:
        row = self.query_one(PairView).current
        return (row.left, None) if row else None

    def action_switch_pane(self) -> None:
        view = self.query_one(PairView)
        if not view.has_focus:
            view.focus()
            return
        view.side = "right" if view.side == "left" else "left"
        self.query_one("#left-title").set_class(view.side == "left", "-focused")
        self.query_one("#right-title").set_class(view.side == "right", "-focused")
        view.refresh()

    def action_swap(self) -> None:
        if self.left == self.right:
            return
        view = self.query_one(PairView)
        row = view.current
        self.left, self.right = self.right, self.left
        view.side = "right" if view.side == "left" else "left"
        self._show_pair(keep=(row.right, row.left) if row else None)

    def action_moved(self) -> None:
        view = self.query_one(PairView)
        row = view.current
        link = None if row is None else row.left_link if view.side == "left" else row.right_link
        if link is None:
            self.notify("no moved match on this side of the row", markup=False, timeout=2)
            return
        other = "right" if view.side == "left" else "left"
        position = view.row_position(other, link)
        if position is not None:
            view.side = other
            self._show_pair(keep=None)
            view.move_to(position, center=True)

    def action_clutter(self) -> None:
        view = self.query_one(PairView)
        view.set_clutter(not view.show_clutter)
        self._status()

    def action_edge(self, end: int) -> None:
        view = self.query_one(PairView)
        view.move_to(len(view.shown_rows) - 1 if end else 0)

    def action_search(self) -> None:
        found = self.query("#search")
        if found:
            search = found.first(Input)
        else:
            search = Input(
                placeholder="search both panes; Enter to find, Escape to cancel", id="search"
            )
            self.query_one("#main").mount(search)
        search.add_class("-shown")
        search.value = self.query_text
        search.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        self.query_text = event.value.strip()
        event.input.remove_class("-shown")
        view = self.query_one(PairView)
        view.search_text = self.query_text
        view.refresh_layout()
        view.focus()
        if self.query_text:
            current = view.current
            if current is None or not self._is_hit(current):
                self.action_next(1)
        self._status()

    def action_escape(self) -> None:
        found = self.query("#search")
        view = self.query_one(PairView)
        if found and found.first().has_class("-shown"):
            found.first().remove_class("-shown")
            view.focus()
        elif not view.has_focus:
            view.focus()
        elif self.query_text:
            self.query_text = ""
            view.search_text = ""
            view.refresh_layout()
            self._status()

    def on_resize(self) -> None:
        self._place_article_list()

    def _place_article_list(self, *, peek: bool = False) -> None:
        """The article list shows when asked for (L), else on terminals wide enough
        to keep both panes readable beside it; ``peek`` shows it until a choice."""
        wanted = self._list_wanted
        shown = peek or (wanted if wanted is not None else self.size.width >= WIDE_ENOUGH)
        table = self.query_one("#articles", DataTable)
        table.set_class(not shown, "-hidden")
        if not shown and table.has_focus:
            self.query_one(PairView).focus()

    def action_articles(self) -> None:
        self._place_article_list(peek=True)
        self.query_one("#articles", DataTable).focus()

    def action_toggle_articles(self) -> None:
        self._list_wanted = self.query_one("#articles").has_class("-hidden")
        self._place_article_list()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "articles":
            return
        chosen = int(event.row_key.value or 0)
        if chosen == self.right:
            self.right = self.left
        self.left = chosen
        if self.right == self.left and len(self.articles) > 1:
            self.right = (self.left + 1) % len(self.articles)
        view = self.query_one(PairView)
        view.side = "left"
        view.cursor = 0
        self._show_pair(keep=None)
        view.focus()
        self._place_article_list()  # a list shown only to choose from goes away again

    def action_overview(self) -> None:
        if self.alignment is None:
            self.notify("still matching sentences; the overview opens when it is done", timeout=3)
            return
        self.push_screen(OverviewScreen(self.alignment), self._show_member)

    def _show_member(self, member: Member | None) -> None:
        """Show a fact from the overview: its sentence on the left, and on the right
        the first other outlet whose counterpart shares its row (else the first)."""
        if member is None or self.alignment is None:
            return
        group = self.alignment.group_of(member.article, member.sentence)
        others = sorted({m.article for m in group.members} - {member.article}) if group else []
        self.left = member.article
        if others:
            self.right = next(
                (
                    other
                    for other in others
                    if any(
                        row.matched and row.left == member.sentence
                        for row in pair_rows(self.alignment, member.article, other)
                    )
                ),
                others[0],
            )
        elif self.right == self.left:
            self.right = (self.left + 1) % len(self.articles)
        view = self.query_one(PairView)
        view.side = "left"
        self._show_pair(keep=(member.sentence, None))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._key_table()))

    # -- highlights ------------------------------------------------------------------------

    def _changed(self, change: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Apply a change to the highlights; show it only once the store has it.

        Returns whether it was saved, and what the change returned.
        """
        assert self.session is not None
        try:
            result = change(self.session)
        except StoreError as exc:
            self.notify(f"not saved: {exc}", title="highlights", severity="error", markup=False)
            return False, None
        view = self.query_one(PairView)
        view.highlights = self.session.spans()
        view.refresh_layout()
        return True, result

    def action_highlight(self) -> None:
        target = self.query_one(PairView).current_sentence()
        if target is None:
            self.notify("no sentence here on this side", markup=False, timeout=2)
            return
        saved, added = self._changed(lambda s: s.toggle_sentence(*target))
        if saved:
            self.notify("highlighted" if added else "highlight removed", markup=False, timeout=2)

    def action_highlight_group(self) -> None:
        target = self.query_one(PairView).current_sentence()
        group = self.alignment.group_of(*target) if self.alignment and target else None
        if target is None or group is None:
            self.notify("no other outlet reports this sentence", markup=False, timeout=3)
            return
        members = [(m.article, m.sentence) for m in group.members]
        saved, added = self._changed(lambda s: s.toggle_group(members))
        if saved:
            outlets = len(group.articles)
            message = (
                f"fact highlighted in {outlets} outlets" if added else "fact highlight removed"
            )
            self.notify(message, markup=False, timeout=2)

    def action_highlight_words(self) -> None:
        target = self.query_one(PairView).current_sentence()
        if target is None:
            return
        article, index = target
        sentence = self.articles[article].sentences[index]

        def chosen(words: str | None) -> None:
            from reader.highlights.anchors import find_words

            if not words or not words.strip():
                return
            found = find_words(sentence.text, words.strip())
            if found is None:
                self.notify("those words are not in this sentence", markup=False, timeout=3)
                return
            start, end = sentence.start + found[0], sentence.start + found[1]
            if self._changed(lambda s: s.add_span(article, start, end))[0]:
                self.notify("highlighted", markup=False, timeout=2)

        self.push_screen(SpanScreen(sentence.text), chosen)

    def action_note(self) -> None:
        """Write a note on the highlight here; a sentence not yet highlighted is
        highlighted when its note is saved, not before (Escape leaves nothing behind)."""
        target = self.query_one(PairView).current_sentence()
        if target is None or self.session is None:
            self.notify("no sentence here on this side", markup=False, timeout=2)
            return
        article, index = target
        placed = self.session.at(article, index)
        existing = placed[0].highlight if placed else None
        sentence = self.articles[article].sentences[index]

        def saved(note: str | None) -> None:
            if note is None or (existing is not None and note == existing.note):
                return
            if existing is not None:
                highlight_id = existing.id
            elif note.strip():
                added = self._changed(lambda s: s.add_span(article, sentence.start, sentence.end))
                if added[1] is None:
                    return
                highlight_id = added[1].id
            else:
                return
            if self._changed(lambda s: s.set_note(highlight_id, note))[0]:
                self.notify("note saved", markup=False, timeout=2)

        quote = existing.exact if existing is not None else sentence.text
        self.push_screen(NoteScreen(quote, existing.note if existing else ""), saved)

    def action_highlights(self) -> None:
        if self.session is None:
            return
        rows: list[HighlightRow] = []
        for p in sorted(self.session.placed, key=lambda p: (p.article, p.placement.start)):
            article = self.articles[p.article]
            if p.placement.orphan:
                continue
            sentence = next(
                (s for s in article.sentences if s.end > p.placement.start), article.sentences[0]
            )
            rows.append(
                HighlightRow(
                    article.outlet,
                    f"sentence {sentence.index + 1}",
                    p.highlight.exact,
                    p.highlight.note,
                    context=sentence.text,
                    target=(p.article, sentence.index),
                )
            )
        for p in self.session.orphans:
            outlet = self.articles[p.article].outlet
            rows.append(HighlightRow(outlet, "orphan", p.highlight.exact, p.highlight.note))
        self.push_screen(HighlightsScreen(rows), self._go_to)

    def _go_to(self, target: tuple[int, int] | None) -> None:
        if target is None:
            return
        article, sentence = target
        if article != self.left:
            if article == self.right:
                self.right = self.left
            self.left = article
            if self.right == self.left:
                self.right = (self.left + 1) % len(self.articles)
        view = self.query_one(PairView)
        view.side = "left"
        self._show_pair(keep=(sentence, None))

    def action_export(self) -> None:
        from reader.highlights.export import export

        if self.session is None or self.session.store is None:
            self.notify("highlights are not being saved in this session", markup=False)
            return
        if not self.session.placed and not self.session.orphans:
            self.notify("nothing to export yet: h highlights a sentence", markup=False)
            return
        try:
            text = export(self.session.store.highlights(self.session.story), "markdown")
            folder = self.state / "exports"
            folder.mkdir(parents=True, exist_ok=True)
            slug = "".join(ch if ch.isalnum() else "-" for ch in self.session.story.lower())
            path = folder / f"{slug.strip('-')[:60] or 'story'}.md"
            path.write_text(text, encoding="utf-8")
        except (OSError, StoreError) as exc:
            self.notify(f"export failed: {exc}", severity="error", markup=False)
            return
        self.notify(f"wrote {path}", title="export", markup=False, timeout=10)

    # -- bindings, help and command palette ------------------------------------------------

    def _all_bindings(self) -> list[Binding]:
        return [*PairView.BINDINGS, *self.BINDINGS]  # type: ignore[list-item]

    def _default_keys(self) -> dict[str, str]:
        return {b.id: b.key for b in self._all_bindings() if b.id}

    def _key_table(self) -> Iterable[tuple[str, str, str]]:
        keymap = self._keymap
        for binding in self._all_bindings():
            keys = keymap.get(binding.id or "", binding.key)
            shown = ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            yield shown, binding.description, binding.id or ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The reader's keys act on the panes only: over the overview, help or
        highlights screens they are neither shown in the footer nor run."""
        return action not in self._pane_actions or bool(self.screen.query(PairView))

    @cached_property
    def _pane_actions(self) -> set[str]:
        return {
            binding.action.split("(")[0]
            for binding in self.BINDINGS
            if isinstance(binding, Binding) and binding.id not in {"quit", "help"}
        }

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not screen.query(PairView):  # the palette was opened over another screen
            return
        view = self.query_one(PairView)
        for binding in self._all_bindings():
            if binding.id in {"escape", "quit", "help"}:
                continue
            target = view if binding in PairView.BINDINGS else self
            action = binding.action
            yield SystemCommand(
                binding.description,
                f"key {binding.key}",
                lambda t=target, a=action: self.run_action(a, t),
            )
