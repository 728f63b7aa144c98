"""The reader's main screen: the two panes, their titles, the article list and
every key that acts on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.articles.search import contains
from reader.matching.layout import Row, pair_rows
from reader.matching.model import Member
from reader.matching.view import Pair
from reader.printable import printable
from reader.ui.pairview import PairView, Side
from reader.ui.status import StatusLine
from reader.wording import plural

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from reader.highlights.session import Session
    from reader.ui.app import ReaderApp
    from reader.ui.widgets import ArticleList

T = TypeVar("T")

WIDE_ENOUGH = 120  # columns; narrower terminals show the article list only when asked (l)


class ReaderScreen(Screen[None]):
    """Two articles of the story side by side, and the keys that read them."""

    BINDINGS = [
        Binding("n", "next(1)", "Next shared", id="next_match"),
        Binding("N", "next(-1)", "Prev shared", show=False, id="previous_match"),
        Binding("right_square_bracket", "outlet(1)", "Outlet", id="next_outlet"),
        Binding(
            "left_square_bracket", "outlet(-1)", "Prev outlet", show=False, id="previous_outlet"
        ),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True, id="switch_pane"),
        Binding("s", "swap", "Swap panes", show=False, id="swap_panes"),
        Binding("m", "moved", "Jump to moved match", show=False, id="jump_moved"),
        Binding("c", "clutter", "Show/hide clutter", show=False, id="toggle_clutter"),
        Binding("o", "overview", "Overview", show=False, id="overview"),
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
        Binding("e", "export", "Export highlights", show=False, id="export"),
        Binding("equals_sign", "link", "Link to a sentence", show=False, id="link"),
        Binding("u", "unlink", "Unlink the pair", show=False, id="unlink"),
        Binding("escape", "escape", "Close / clear", show=False, id="escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pair = Pair.first(0)
        self.query_text = ""
        self.ready = False  # mounted: the app may tell it what changed
        self._list_wanted: bool | None = None  # None: shown when the terminal is wide enough

    @classmethod
    def all_bindings(cls) -> list[Binding]:
        return [*PairView.BINDINGS, *cls.BINDINGS]  # type: ignore[list-item]

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def session(self) -> Session:
        """The highlights session; it opens as soon as the first screen is painted,
        before any key can reach the reader's actions that need it."""
        session = self.reader.session
        if session is None:
            from reader.highlights.session import Session

            session = Session(None, self.reader.story.name, self.reader.articles)
        return session

    @property
    def view(self) -> PairView:
        return self.query_one(PairView)

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text(printable(self.reader.story.name)), id="story-title")
        with Horizontal(id="body"):
            yield Vertical(id="articles-slot")  # the article list, made after the first paint
            with Vertical(id="main"):
                with Horizontal(id="pane-titles"):
                    yield Static(id="left-title", classes="pane-title")
                    yield Static(id="right-title", classes="pane-title")
                yield PairView(id="pairs")
        yield StatusLine(id="status")

    def on_mount(self) -> None:
        """The panes first; what the first screen can do without (the article list,
        the footer) once it is painted."""
        app = self.reader
        self.pair = Pair.first(len(app.articles))
        self._place_article_list()
        status = self.query_one(StatusLine)
        status.articles_loading = self._loading()
        status.failed = app.matching_failed
        self.ready = True
        self.highlights_changed()
        self.show_pair(keep=None)
        self.view.focus()
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        from textual.widgets import Footer

        from reader.ui.widgets import ArticleList

        slot = self.query_one("#articles-slot")
        if not slot.is_attached:  # the reader is closing before it ever settled
            return
        table = ArticleList(id="articles")
        await slot.mount(table)
        table.show(self.reader.articles, self.reader.alignment)
        search = Input(placeholder="search both panes; Enter finds, Escape cancels", id="search")
        await self.query_one("#main").mount(search)
        await self.mount(Footer(compact=True, show_command_palette=False))
        self.refresh_bindings()  # the footer lists the keys it finds now
        self.reader.first_screen_painted()

    def _article_list(self) -> ArticleList | None:
        """The article list, once it is made."""
        from reader.ui.widgets import ArticleList

        found = self.query("#articles")
        return found.first(ArticleList) if found else None

    # -- what the app tells the screen ---------------------------------------------------------

    def articles_added(self, *, done: bool) -> None:
        app = self.reader
        if table := self._article_list():
            table.show(app.articles, app.alignment)
        self.query_one(StatusLine).articles_loading = "" if done else self._loading()
        grown = self.pair.grown(len(app.articles))
        if grown != self.pair:
            self.pair = grown
            self.show_pair(keep=self._keep())
        if done:
            self.highlights_changed()

    def _loading(self) -> str:
        """How many of the story's files are read, while the rest load."""
        app = self.reader
        if not app.pending:
            return ""
        return f"{app.files - len(app.pending) + app.loaded}/{app.files}"

    def matching_started(self) -> None:
        status = self.query_one(StatusLine)
        status.matching, status.failed, status.shared = 0.0, "", None

    def matching_progress(self, done: float) -> None:
        self.query_one(StatusLine).matching = done

    def matching_failed(self, reason: str) -> None:
        status = self.query_one(StatusLine)
        status.matching, status.failed = None, reason

    def alignment_changed(self) -> None:
        self.query_one(StatusLine).matching = None
        if table := self._article_list():
            table.show(self.reader.articles, self.reader.alignment)
        self.show_pair(keep=self._keep(both=True))

    def highlights_changed(self) -> None:
        view = self.view
        if self.reader.session is None:
            return  # nothing to show before the highlights are open
        view.highlights = self.session.spans()
        view.noted = {
            (p.article, sentence)
            for p in self.session.placed
            if p.highlight.note.strip() and not p.placement.orphan
            for sentence in self._sentences_of(p.article, p.placement.start, p.placement.end)
        }
        view.refresh_layout()

    def _sentences_of(self, article: int, start: int, end: int) -> Iterable[int]:
        for sentence in self.reader.articles[article].sentences:
            if sentence.start < end and sentence.end > start:
                yield sentence.index

    # -- showing a pair ------------------------------------------------------------------------

    def _rows(self) -> list[Row]:
        pair, articles, alignment = self.pair, self.reader.articles, self.reader.alignment
        if alignment is not None and not pair.solo and pair.right < len(alignment.articles):
            return pair_rows(alignment, pair.left, pair.right)
        # not aligned (yet): the focused side's sentences are the rows
        if self.view.side == "right" and not pair.solo:
            return [Row(None, k) for k in range(len(articles[pair.right].sentences))]
        return [Row(k, None) for k in range(len(articles[pair.left].sentences))]

    def show_pair(self, keep: tuple[int | None, int | None] | None) -> None:
        view = self.view
        app = self.reader
        alignment = app.alignment
        if alignment is not None and self.pair.right >= len(alignment.articles):
            alignment = None  # articles loaded since matching: not aligned yet
        view.display_pair(app.articles, self.pair, self._rows(), alignment, keep=keep)
        self._titles()
        self._update_status()

    def _titles(self) -> None:
        side = self.view.side
        for name, number in (("left", self.pair.left), ("right", self.pair.right)):
            widget = self.query_one(f"#{name}-title", Static)
            if name == "right" and self.pair.solo:
                widget.update(Text("the only article of this story", style="italic"))
                continue
            article = self.reader.articles[number]
            focused = side == name
            title = Text("▶ " if focused else "  ", style="bold")
            title.append(printable(article.outlet), style="bold")
            if article.date:
                title.append(f"  {printable(article.date)}")
            title.append("\n  " + printable(article.title))
            title.no_wrap, title.overflow = True, "ellipsis"
            widget.update(title)
            widget.set_class(focused, "-focused")

    def _keep(self, *, both: bool = False) -> tuple[int | None, int | None] | None:
        row = self.view.current
        if row is None:
            return None
        return (row.left, row.right) if both else (row.left, None)

    def on_pair_view_cursor_moved(self, _: PairView.CursorMoved) -> None:
        self._update_status()

    def _update_status(self) -> None:
        view = self.view
        status = self.query_one(StatusLine)
        status.row, status.rows = view.cursor, len(view.shown_rows)
        status.clutter_shown = view.show_clutter
        if view.aligned:
            status.shared = sum(1 for row in view.shown_rows if row.matched)
        status.search = self.query_text
        if self.query_text:
            hits = [pos for pos, row in enumerate(view.shown_rows) if self._is_hit(row)]
            if not hits:
                status.found = "no matches"
            elif view.cursor in hits:
                status.found = f"match {hits.index(view.cursor) + 1} of {len(hits)}"
            else:
                status.found = plural(len(hits), "match", "matches")
        row = view.current
        hint = ""
        if row is not None and (row.left_link if view.side == "left" else row.right_link):
            hint = "moved match: m jumps to it"
        elif row is not None and row.matched:
            hint = "u unlinks this pair"
        elif view.current_sentence() is not None and view.aligned:
            hint = "= links it to a sentence"
        status.hint = hint

    # -- moving ------------------------------------------------------------------------------

    def action_next(self, step: int) -> None:
        """n/N: the next or previous search hit while searching, else the next or
        previous shared row; both wrap around and say so."""
        view = self.view
        before = view.cursor
        if self.query_text:
            if not view.find(self._is_hit, step, wrap=True):
                here = view.current is not None and self._is_hit(view.current)
                message = "this is the only match" if here else "no matches"
                self.notify(f"{message} for “{printable(self.query_text)}”", markup=False)
                return
            what = "search"
        else:
            if not view.find(lambda row: row.matched, step, wrap=True):
                here = view.current is not None and view.current.matched
                message = "this is the only shared row" if here else "no shared rows"
                if self.pair.solo:
                    message = "this story has one article: nothing to share rows with"
                elif not view.aligned:
                    message = "not aligned yet"
                self.notify(message, timeout=2)
                return
            what = "shared rows"
        if (view.cursor - before) * step < 0:
            edge = "top" if step > 0 else "bottom"
            self.notify(f"{what} wrapped to the {edge}", markup=False, timeout=2)

    def _is_hit(self, row: Row) -> bool:
        articles = self.reader.articles
        return any(
            index is not None and contains(articles[number].sentences[index].text, self.query_text)
            for index, number in ((row.left, self.pair.left), (row.right, self.pair.right))
        )

    def action_outlet(self, step: int) -> None:
        if self.pair.solo:
            self.notify("this story has one article", timeout=2)
            return
        self.pair = self.pair.next_outlet(step)
        self.show_pair(keep=self._keep())

    def action_switch_pane(self) -> None:
        view = self.view
        if not view.has_focus:
            view.focus()
            return
        if self.pair.solo:
            return
        row = view.current
        view.side = "right" if view.side == "left" else "left"
        if view.aligned:
            self._titles()
            view.refresh_layout()
        else:  # the rows are the focused side's sentences: start from the other's first
            self.show_pair(keep=None if row is None else (0, 0))

    def action_swap(self) -> None:
        if self.pair.solo:
            return
        view = self.view
        row = view.current
        self.pair = self.pair.swapped()
        view.side = "right" if view.side == "left" else "left"
        self.show_pair(keep=(row.right, row.left) if row else None)

    def action_moved(self) -> None:
        view = self.view
        row = view.current
        link = None if row is None else row.left_link if view.side == "left" else row.right_link
        if link is None:
            self.notify("no moved match on this side of the row", markup=False, timeout=2)
            return
        other: Side = "right" if view.side == "left" else "left"
        position = view.row_position(other, link)
        if position is not None:
            view.side = other
            self._titles()
            view.move_to(position, center=True)
            view.refresh_layout()

    def action_clutter(self) -> None:
        self.view.set_clutter(not self.view.show_clutter)
        self._update_status()

    def action_edge(self, end: int) -> None:
        view = self.view
        view.move_to(len(view.shown_rows) - 1 if end else 0)

    # -- search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        found = self.query("#search")
        if not found:
            return  # made just after the first paint, before a key can ask for it
        search = found.first(Input)
        search.add_class("-shown")
        search.value = self.query_text
        self.set_focus(search)  # now, not after a refresh: keys typed at once go to it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self.query_text = event.value.strip()
        event.input.remove_class("-shown")
        view = self.view
        view.search_text = self.query_text
        view.refresh_layout()
        view.focus()
        if self.query_text:
            current = view.current
            if current is None or not self._is_hit(current):
                self.action_next(1)
        self._update_status()

    def action_escape(self) -> None:
        found = self.query("#search")
        view = self.view
        if found and (search := found.first(Input)).has_class("-shown"):
            search.remove_class("-shown")
            view.focus()
        elif not view.has_focus:
            view.focus()
            self._place_article_list()
        elif self.query_text:
            self.query_text = ""
            view.search_text = ""
            view.refresh_layout()
            self._update_status()

    # -- the article list ---------------------------------------------------------------------

    def on_resize(self) -> None:
        self._place_article_list()

    def _place_article_list(self) -> None:
        """The article list shows beside the panes when asked for (L), else on
        terminals wide enough to keep both panes readable beside it."""
        wanted = self._list_wanted
        shown = wanted if wanted is not None else self.app.size.width >= WIDE_ENOUGH
        self.query_one("#articles-slot").set_class(not shown, "-hidden")
        table = self._article_list()
        if not shown and table is not None and table.has_focus:
            self.view.focus()

    def action_articles(self) -> None:
        """l: choose an article for the left pane: in the list beside the panes when
        it is shown, else in a list over them."""
        table = self._article_list()
        if table is not None and not self.query_one("#articles-slot").has_class("-hidden"):
            table.focus()
            return
        from reader.ui.screens import ArticlesScreen

        self.app.push_screen(
            ArticlesScreen(self.reader.articles, self.reader.alignment, self.pair.left),
            self._choose_article,
        )

    def action_toggle_articles(self) -> None:
        """L: the list beside the panes, or not; on a terminal too narrow for both,
        the list over the panes instead (the panes would be too narrow to read)."""
        hidden = self.query_one("#articles-slot").has_class("-hidden")
        if hidden and self.app.size.width < WIDE_ENOUGH:
            self.notify(f"the list fits beside the panes from {WIDE_ENOUGH} columns", timeout=3)
            self.action_articles()
            return
        self._list_wanted = hidden
        self._place_article_list()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "articles":
            self._choose_article(int(event.row_key.value or 0))

    def _choose_article(self, chosen: int | None) -> None:
        if chosen is None:
            return
        self.pair = self.pair.with_left(chosen)
        view = self.view
        view.side = "left"
        view.cursor = 0
        self.show_pair(keep=None)
        view.focus()

    # -- overview --------------------------------------------------------------------------

    def action_overview(self) -> None:
        alignment = self.reader.alignment
        if alignment is None:
            self.notify("still aligning the story; the overview opens when it is done", timeout=3)
            return
        from reader.ui.screens import OverviewScreen

        self.app.push_screen(OverviewScreen(alignment), self._show_member)

    def _show_member(self, member: Member | None) -> None:
        """Show a fact from the overview: its sentence on the left, and on the right
        the outlet the core picks as its partner."""
        alignment = self.reader.alignment
        if member is None or alignment is None:
            return
        self.pair = self.pair.showing(alignment, member)
        self.view.side = "left"
        self.show_pair(keep=(member.sentence, None))

    # -- highlights ------------------------------------------------------------------------

    def _changed(self, change: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Apply a change to the highlights; show it only once the store has it.

        Returns whether it was saved, and what the change returned.
        """
        from reader.highlights.store import StoreError

        try:
            result = change(self.session)
        except StoreError as exc:
            self.notify(f"not saved: {exc}", title="highlights", severity="error", markup=False)
            return False, None
        self.reader.store_changed()
        self.highlights_changed()
        return True, result

    def action_highlight(self) -> None:
        target = self.view.current_sentence()
        if target is None:
            self.notify("no sentence here on this side", markup=False, timeout=2)
            return
        saved, added = self._changed(lambda s: s.toggle_sentence(*target))
        if saved:
            self.notify("highlighted" if added else "highlight removed", markup=False, timeout=2)

    def action_highlight_group(self) -> None:
        target = self.view.current_sentence()
        alignment = self.reader.alignment
        group = alignment.group_of(*target) if alignment and target else None
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
        target = self.view.current_sentence()
        if target is None:
            return
        article, index = target
        sentence = self.reader.articles[article].sentences[index]

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

        from reader.ui.screens import SpanScreen

        self.app.push_screen(SpanScreen(sentence.text), chosen)

    def action_note(self) -> None:
        """Write a note on the highlight here; a sentence not yet highlighted is
        highlighted when its note is saved, not before (Escape leaves nothing behind)."""
        target = self.view.current_sentence()
        if target is None:
            self.notify("no sentence here on this side", markup=False, timeout=2)
            return
        article, index = target
        placed = self.session.at(article, index)
        existing = placed[0].highlight if placed else None
        sentence = self.reader.articles[article].sentences[index]

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

        from reader.ui.screens import NoteScreen

        quote = existing.exact if existing is not None else sentence.text
        self.app.push_screen(NoteScreen(quote, existing.note if existing else ""), saved)

    def action_highlights(self) -> None:
        from reader.ui.screens import HighlightRow, HighlightsScreen

        articles = self.reader.articles
        rows: list[HighlightRow] = []
        for p in sorted(self.session.placed, key=lambda p: (p.article, p.placement.start)):
            article = articles[p.article]
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
            article = articles[p.article]
            where = f"{printable(article.outlet)}'s article ({printable(article.source.name)})"
            spots = p.placement.candidates
            if spots:
                places = ", ".join(f"characters {start}-{end}" for start, end in spots[:4])
                why = (
                    f"its words and their surroundings fit {len(spots)} places equally in "
                    f"{where} ({places}), as when a paragraph is printed twice; rather than "
                    "guess, none is picked. It is kept as it was; export lists it."
                )
            else:
                why = (
                    f"its words are no longer in {where}: the text changed since it was made, "
                    "and no passage with the same words and surroundings was found. "
                    "It is kept as it was; export lists it."
                )
            rows.append(
                HighlightRow(article.outlet, "orphan", p.highlight.exact, p.highlight.note, why=why)
            )
        for stray in self.session.strays:
            rows.append(
                HighlightRow(
                    stray.highlight.outlet,
                    "not here",
                    stray.highlight.exact,
                    stray.highlight.note,
                    why=f"{printable(stray.why)}. It is kept; export lists it.",
                )
            )
        self.app.push_screen(HighlightsScreen(rows), self._go_to)

    def _go_to(self, target: tuple[int, int] | None) -> None:
        if target is None:
            return
        article, sentence = target
        self.pair = self.pair.with_left(article)
        self.view.side = "left"
        self.show_pair(keep=(sentence, None))

    def action_export(self) -> None:
        from reader.highlights.export import export, write_file
        from reader.highlights.store import StoreError

        store = self.session.store
        if store is None:
            self.notify("highlights are not being saved in this session", markup=False)
            return
        story = self.session.story
        try:
            highlights, corrections = store.highlights(story), store.corrections(story)
            if not highlights and not corrections:
                self.notify("nothing to export yet: h highlights a sentence", markup=False)
                return
            text = export(highlights, "markdown", corrections)
            folder = self.reader.state / "exports"
            folder.mkdir(parents=True, exist_ok=True)
            slug = "".join(ch if ch.isalnum() else "-" for ch in story.lower())
            path = folder / f"{slug.strip('-')[:60] or 'story'}.md"
            write_file(path, text)  # whole or not at all: an earlier export is never cut short
        except (OSError, StoreError) as exc:
            self.notify(f"export failed: {exc}", severity="error", markup=False)
            return
        self.notify(f"wrote {path}", title="export", markup=False, timeout=10)

    # -- correcting the aligner -----------------------------------------------------------------

    def _member(self, side: Side, index: int) -> Member:
        return Member(self.pair.left if side == "left" else self.pair.right, index)

    def action_unlink(self) -> None:
        """u: the shared row under the cursor is not a pair: keep the two apart."""
        row = self.view.current
        if row is None or not row.matched or row.left is None or row.right is None:
            self.notify("u unlinks a shared row; this row is not one", timeout=3)
            return
        a, b = self._member("left", row.left), self._member("right", row.right)
        if row.manual:  # your own link: taken back, the engine decides again
            if self._corrected(lambda s: s.forget(a, b)):
                self.notify("your link taken back: the aligner decides this pair", timeout=3)
        elif self._corrected(lambda s: s.unlink(a, b)):
            self.notify("unlinked: the two sentences are kept apart", timeout=3)

    def action_link(self) -> None:
        """=: link the sentence under the cursor to one of the other side, chosen
        from its nearest candidates."""
        alignment = self.reader.alignment
        target = self.view.current_sentence()
        if self.pair.solo:
            self.notify("this story has one article: nothing to link to", timeout=3)
            return
        if alignment is None or target is None:
            self.notify("= links a sentence once the story is aligned", timeout=3)
            return
        from reader.matching.view import nearest
        from reader.ui.screens import LinkScreen

        side = self.view.side
        other = self.pair.right if side == "left" else self.pair.left
        member = Member(*target)
        sentences = self.reader.articles[other].sentences
        candidates = [
            (index, score)
            for index, score in nearest(alignment, member, other, k=12)
            if sentences[index].clutter is None
        ][:8]
        if not candidates:
            self.notify("nothing on the other side to link it to", timeout=3)
            return
        articles = self.reader.articles

        def chosen(index: int | None) -> None:
            if index is None:
                return
            partner = Member(other, index)
            if self._corrected(lambda s: s.link(member, partner)):
                self.notify("linked by hand", timeout=3)

        self.app.push_screen(
            LinkScreen(
                articles[member.article].sentences[member.sentence].text,
                printable(articles[other].outlet),
                [
                    (i, articles[other].sentences[i].text, score, alignment.linked(other, i))
                    for i, score in candidates
                ],
            ),
            chosen,
        )

    def _corrected(self, change: Callable[[Session], object]) -> bool:
        from reader.highlights.store import StoreError

        try:
            change(self.session)
        except StoreError as exc:
            self.notify(f"not saved: {exc}", title="corrections", severity="error", markup=False)
            return False
        self.reader.store_changed()
        self.reader.apply_corrections()
        return True

    # -- the command palette ----------------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        """Every pane key as a command of the palette."""
        for binding in self.all_bindings():
            if binding.id in {"escape"}:
                continue
            target = self.view if binding in PairView.BINDINGS else self
            yield SystemCommand(
                binding.description,
                f"key {binding.key}",
                lambda t=target, a=binding.action: self.app.run_action(a, t),
            )
