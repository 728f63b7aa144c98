"""The reader, driven key by key with Textual's Pilot."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from conftest import SEEDS
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from reader.articles import Story, build_article, load_article, load_story
from reader.ui.app import ReaderApp
from reader.ui.display import SEARCH
from reader.ui.pairview import PairView
from reader.ui.screens import HelpScreen, OverviewScreen

SIZE = (140, 40)


@pytest.fixture
def story() -> Story:
    return load_story([SEEDS])


async def matched(pilot: Pilot[None]) -> PairView:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.query_one(PairView)


def screen_text(view: PairView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def test_opens_first_article_against_the_next(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        assert (view.left, view.right, view.side) == (0, 1, "left")
        row = view.current  # the cursor starts on the first article's first sentence
        assert row is not None and row.left == 0
        assert app.focused is view
        assert "Putin visits Kyrgyzstan" in screen_text(view)
        table = app.query_one("#articles", DataTable)
        assert table.row_count == 5
        assert str(table.get_cell("3", "shared")).endswith("%")


async def test_first_paint_does_not_wait_for_matching(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.matching.engine as engine

    release = threading.Event()
    real_align = engine.align

    def slow_align(*args: object, **kwargs: object) -> object:
        release.wait(10)
        return real_align(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "align", slow_align)
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(PairView)
        assert app.alignment is None
        assert "Putin visits Kyrgyzstan" in screen_text(view)  # the text is already on screen
        assert "matching sentences" in str(app.query_one("#status").render())
        await pilot.press("j")
        assert view.cursor == 1  # and the keys already work
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.alignment is not None
        assert any(row.matched for row in view.rows)


async def test_row_movement_keys(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        start = view.cursor  # the row of the first article's first sentence
        await pilot.press("j", "j", "down")
        assert view.cursor == start + 3
        await pilot.press("k", "up")
        assert view.cursor == start + 1
        await pilot.press("G")
        assert view.cursor == len(view.shown_rows) - 1
        await pilot.press("g")
        assert view.cursor == 0


async def test_next_and_previous_match(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("n")
        first = view.cursor
        assert view.current is not None and view.current.matched
        await pilot.press("n")
        assert view.cursor > first and view.current.matched
        await pilot.press("N")
        assert view.cursor == first


async def test_cycle_comparison_outlet_and_swap(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("right_square_bracket")
        assert (view.left, view.right) == (0, 2)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert view.right == 1  # wrapped around, skipping the left article
        await pilot.press("left_square_bracket")
        assert view.right == 4
        await pilot.press("s")
        assert (view.left, view.right, view.side) == (4, 0, "right")


async def test_tab_switches_the_focused_pane(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("tab")
        assert view.side == "right"
        assert app.query_one("#right-title").has_class("-focused")
        await pilot.press("tab")
        assert view.side == "left"


async def test_moved_match_jumps_to_its_counterpart(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        # find an article pair with a moved match, as a reader would with ] and n
        for _ in range(len(story.articles) * len(story.articles)):
            moved = [pos for pos, row in enumerate(view.shown_rows) if row.left_link is not None]
            if moved:
                break
            await pilot.press("right_square_bracket")
            if view.right == 1:
                app.query_one("#articles", DataTable).move_cursor(row=(view.left + 1) % 5)
                await pilot.press("l", "enter")
        assert moved, "the seed story has crossing matches between some pair of outlets"
        view.move_to(moved[0])
        row = view.current
        assert row is not None and row.left_link is not None
        await pilot.press("m")
        assert view.side == "right"
        assert view.current is not None and view.current.right == row.left_link


async def test_clutter_is_dimmed_then_hidden(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        shown = len(view.shown_rows)
        await pilot.press("c")
        assert not view.show_clutter
        assert len(view.shown_rows) < shown
        assert "Nate Ostiller is a News Editor." not in screen_text(view)
        await pilot.press("G")
        assert "Nate Ostiller" not in screen_text(view)
        await pilot.press("c")
        assert len(view.shown_rows) == shown


async def test_search_and_step_through_hits(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("slash")
        search = app.query_one("#search", Input)
        assert search.has_focus
        await pilot.press(*"Rome Statute", "enter")
        assert view.has_focus and app.query_text == "Rome Statute"
        row = view.current
        assert row is not None and app._is_hit(row)
        first = view.cursor
        hits = [pos for pos, row in enumerate(view.shown_rows) if app._is_hit(row)]
        assert len(hits) >= 2 and first == hits[0]
        status = str(app.query_one("#status").render())
        assert f"search “Rome Statute”: match 1 of {len(hits)}" in status
        await pilot.press("n")
        assert view.cursor == hits[1]
        on_screen = [view.render_line(y) for y in range(view.size.height)]
        assert any(  # the hit keeps its colour on the cursor's row
            segment.style is not None and segment.style.bgcolor == SEARCH.bgcolor
            for strip in on_screen
            for segment in strip
            if segment.text.casefold() == "rome statute"
        )
        await pilot.press(*"n" * (len(hits) - 1))  # past the last hit, back to the first
        assert view.cursor == hits[0]
        await pilot.press("N")
        assert view.cursor == hits[-1]
        await pilot.press("escape")
        assert app.query_text == ""
        await pilot.press("slash", *"no such words", "enter")
        assert "no matches" in str(app.query_one("#status").render())


async def test_overview_lists_groups_and_enter_shows_one(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("#overview", DataTable)
        assert table.row_count > len(app.alignment.groups)  # type: ignore[union-attr]
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1] == "5"  # sorted by coverage: the headline's fact, in all five outlets
        before = (view.left, view.right, view.cursor)
        await pilot.press("j", "j", "k")  # vim keys move the table's cursor
        assert table.cursor_row == 1
        await pilot.press("n", "s", "right_square_bracket", "c")  # the panes' keys do nothing
        assert (view.left, view.right, view.cursor, view.show_clutter) == (*before, True)
        assert isinstance(app.screen, OverviewScreen)
        assert not app.screen.active_bindings.keys() & {"n", "s", "right_square_bracket"}
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("enter")
        assert not isinstance(app.screen, OverviewScreen)
        row = view.current
        assert row is not None and row.matched and row.left is not None
        group = app.alignment.group_of(view.left, row.left)  # type: ignore[union-attr]
        assert group is not None and len(group.articles) == 5


async def test_help_and_escape(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        actions = {str(table.get_row_at(r)[2]) for r in range(table.row_count)}
        assert {"next_match", "swap_panes", "toggle_clutter", "overview", "search"} <= actions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_article_list_enter_puts_article_left(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("l", "down", "j", "enter")
        assert view.left == 2 and view.right != 2
        assert app.focused is view


async def test_article_list_hides_on_narrow_terminals_and_with_L(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await matched(pilot)
        table = app.query_one("#articles", DataTable)
        assert not table.display  # the panes get the room
        wide = view.size.width
        await pilot.press("l")  # shown to choose from, then out of the way again
        assert table.display and table.has_focus
        await pilot.press("j", "enter")
        assert view.left == 1 and not table.display
        await pilot.press("L")
        assert table.display and view.size.width < wide
        await pilot.resize_terminal(160, 40)
        await pilot.press("L")
        assert not table.display  # a choice made with L holds whatever the size


async def test_quit(story: Story) -> None:
    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_command_palette_offers_every_action(story: Story) -> None:
    from textual.command import CommandList, CommandPalette

    app = ReaderApp(story)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Next match", "Swap", "Overview", "Search", "Clutter", "Down"} <= titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"swap")
        results = app.screen.query_one(CommandList)
        for _ in range(500):  # the palette searches in a worker: wait for its first hit
            if results.option_count and "Swap" in str(results.get_option_at_index(0).prompt):
                break
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert (view.left, view.right) == (1, 0)


def test_keymap_file_remaps_and_bad_files_are_reported(tmp_path: Path) -> None:
    from reader.ui.keymap import load_keymap

    path = tmp_path / "keymap.toml"
    path.write_text('[keys]\nrow_down = "x, down"\nnope = "y"\nswap_panes = 3\n', encoding="utf-8")
    defaults = {"row_down": "down,j", "swap_panes": "s", "quit": "q"}
    keymap, problems = load_keymap(path, defaults)
    assert keymap == {"row_down": "x,down"}
    assert len(problems) == 2 and all(str(path) in p for p in problems)
    path.write_text('[keys]\nrow_down = "j,q"\nswap_panes = "w"\n', encoding="utf-8")
    keymap, problems = load_keymap(path, defaults)
    assert keymap == {"swap_panes": "w"}  # q stays the key that quits
    assert problems == [
        f"{path}: 'q' for 'row_down' is already the key of 'quit'; 'row_down' keeps its "
        "default keys"
    ]
    path.write_text("[keys\n", encoding="utf-8")
    keymap, problems = load_keymap(path, defaults)
    assert keymap == {} and "not valid TOML" in problems[0]


async def test_remapped_key_moves_the_cursor(story: Story, tmp_path: Path) -> None:
    (tmp_path / "keymap.toml").write_text('[keys]\nrow_down = "x"\n', encoding="utf-8")
    app = ReaderApp(story, config=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        start = view.cursor
        await pilot.press("x", "x")
        assert view.cursor == start + 2


HOSTILE = (
    "[bold]Not bold[/bold] and a lone [/] closer, [red]x[/red], [link=http://x]y[/link].\n\n"
    "Escape codes \x1b[31mred\x1b[0m and \x1b]0;title\x07 and bell \x07 and NUL \x00 here.\n\n"
    "Wide 中文字符 and combining e\u0301 and emoji 👩‍👩‍👧 and RTL שלום עולם text.\n\n"
    "Rich [/ markup] and Textual $variable and {braces} and \\[escaped].\n"
)


async def test_brackets_and_escape_codes_are_shown_literally() -> None:
    hostile = build_article(Path("hostile.txt"), HOSTILE, outlet="[b]Outlet[/b]")
    plain = build_article(Path("plain.txt"), "A plain article.\n\nWith two lines.\n")
    app = ReaderApp(Story([hostile, plain]))
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        text = screen_text(view)
        assert "[bold]Not bold[/bold]" in text
        assert "lone [/]" in text and "closer, [red]x[/red]" in text
        assert "\x1b" not in text and "\x00" not in text
        assert "␛[31mred␛[0m" in text
        assert "[b]Outlet[/b]" in str(app.query_one("#left-title").render())
        for y in range(view.size.height):  # every line exactly as wide as the view
            assert view.render_line(y).cell_length == view.scrollable_content_region.width
        await pilot.press("j", "j", "j", "s", "c", "o")
        await pilot.press("escape")


# -- highlights in the reader ----------------------------------------------------------------


async def test_highlight_note_and_relaunch(story: Story, tmp_path: Path) -> None:
    from reader.ui.screens import HighlightsScreen, NoteScreen

    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("j", "h")
        target = view.current_sentence()
        assert target is not None and app.session is not None
        assert [p.highlight.exact for p in app.session.at(*target)] == [
            story.articles[0].sentences[1].text
        ]
        assert target in view.highlights
        assert re.search(r"[+○↕≠·]▌", screen_text(view))  # the bar sits beside the mark
        await pilot.press("j", "a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")  # a note cancelled leaves no highlight behind
        assert len(app.session.placed) == 1
        await pilot.press("k", "a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"worth checking", "ctrl+s")
        assert not isinstance(app.screen, NoteScreen)
        await pilot.press("i")
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("enter")
        assert view.current_sentence() == target
    again = ReaderApp(load_story([SEEDS]), state=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await matched(pilot)
        assert again.session is not None
        (kept,) = again.session.placed
        assert kept.highlight.note == "worth checking"
        assert kept.placement.method == "offsets"


async def test_a_note_on_a_plain_sentence_highlights_it(story: Story, tmp_path: Path) -> None:
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("j", "j", "a", *"compare", "ctrl+s")
        assert app.session is not None
        (placed,) = app.session.placed
        assert (placed.highlight.exact, placed.highlight.note) == (
            story.articles[0].sentences[2].text,
            "compare",
        )
        assert (0, 2) in view.highlights


async def test_h_twice_removes_and_H_highlights_the_fact(story: Story, tmp_path: Path) -> None:
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        assert app.session is not None
        await pilot.press("h")
        assert len(app.session.placed) == 1
        await pilot.press("h")
        assert app.session.placed == []
        await pilot.press("n", "H")
        group = app.alignment.group_of(*view.current_sentence())  # type: ignore[misc,union-attr]
        assert group is not None
        assert len(app.session.placed) == len(group.members) >= 2
        assert len({p.highlight.group for p in app.session.placed}) == 1


async def test_highlight_words_of_a_sentence(story: Story, tmp_path: Path) -> None:
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        await pilot.press("j", "v", *"Sadyr Japarov", "enter")
        assert app.session is not None
        (placed,) = app.session.placed
        assert placed.highlight.exact == "Sadyr Japarov"
        sentence = story.articles[0].sentences[1]
        assert view.highlights[(0, 1)] == [
            type(view.highlights[(0, 1)][0])(
                sentence.text.index("Sadyr Japarov"),
                sentence.text.index("Sadyr Japarov") + len("Sadyr Japarov"),
            )
        ]
        note = "the name as every outlet spells it, to compare with the Russian sources later"
        await pilot.press("a", *note, "ctrl+s", "i")
        detail = str(app.screen.query_one("#highlight-detail").render())
        assert " ".join(sentence.text.split()) in detail  # the words in their sentence
        assert note in detail  # the whole note, however long


async def test_export_key_writes_markdown(story: Story, tmp_path: Path) -> None:
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot)
        await pilot.press("j", "h", "e")
        (written,) = (tmp_path / "exports").iterdir()
        text = written.read_text(encoding="utf-8")
        assert text.startswith("# Putin visits Kyrgyzstan")
        assert "> Russian President Vladimir Putin arrived in Bishkek" in text


async def test_reader_starts_with_a_corrupt_database(story: Story, tmp_path: Path) -> None:
    (tmp_path / "highlights.sqlite3").write_bytes(b"\x00garbage" * 500)
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await matched(pilot)
        messages = [n.message for n in app._notifications]
        assert any("moved aside" in m for m in messages)
        await pilot.press("h")
        assert app.session is not None and len(app.session.placed) == 1


async def test_full_store_says_not_saved_and_shows_nothing(story: Story, tmp_path: Path) -> None:
    from reader.highlights.model import make
    from reader.highlights.store import StoreError

    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = await matched(pilot)
        assert app.session is not None and app.session.store is not None
        store = app.session.store
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 2}")  # a nearly full disk
        other = story.articles[4]
        short = min(other.sentences, key=lambda s: s.end - s.start)
        with pytest.raises(StoreError, match="full"):
            for _ in range(10000):  # another reader fills what room is left
                store.add([make("elsewhere", other, short.start, short.end)])
        await pilot.press("j", "h")
        assert app.session.placed == []
        assert (0, 1) not in view.highlights
        assert any("not saved" in n.message for n in app._notifications)


async def test_rest_of_a_large_story_loads_in_the_background(tmp_path: Path) -> None:
    from reader.articles.load import plan_story

    (tmp_path / "bad.txt").write_bytes(b"")
    for source in sorted(SEEDS.glob("*.txt")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    story, files = plan_story([tmp_path])
    first = [f for f in files if f[0].name != "bad.txt"][:2]
    story.articles.extend(load_article(path, entry) for path, entry in first)
    pending = [f for f in files if f not in first]
    app = ReaderApp(story, pending=pending, state=tmp_path / "state")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        view = app.query_one(PairView)
        assert "Putin visits Kyrgyzstan" in screen_text(view)
        await app.workers.wait_for_complete()  # loading, then matching
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.articles) == 5
        assert app.query_one("#articles", DataTable).row_count == 5
        assert app.alignment is not None and len(app.alignment.articles) == 5
        assert any("bad.txt: the file is empty" in n.message for n in app._notifications)


async def test_long_articles_page_and_reach_the_bottom() -> None:
    def long_article(name: str, seed: int) -> object:
        text = "\n\n".join(
            f"Paragraph {n} of {name} says that item {n * seed} was reported on day {n}."
            for n in range(1, 601)
        )
        return build_article(Path(f"{name}.txt"), f"The {name} story\n\n{text}\n")

    app = ReaderApp(Story([long_article("one", 3), long_article("two", 7)]), match_now=False)  # type: ignore[list-item]
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PairView)
        assert view._layout is not None
        await pilot.pause()
        await pilot.pause()
        assert len(view._layout.starts) == len(view.shown_rows) == 601  # completed after paint
        await pilot.press("pagedown", "pagedown")
        assert 10 < view.cursor < 40
        await pilot.press("pageup")
        assert 0 < view.cursor < 20
        await pilot.press("G")
        assert view.cursor == 600
        assert "Paragraph 600 of one" in screen_text(view)


async def test_a_story_of_one_article_opens_alone() -> None:
    only = build_article(Path("only.txt"), "Only one outlet.\n\nIt says one thing. Then another.\n")
    app = ReaderApp(Story([only]), state=None)
    async with app.run_test(size=SIZE) as pilot:
        view = await matched(pilot)
        assert all(row.right is None for row in view.shown_rows)
        assert "It says one thing." in screen_text(view)
        await pilot.press("right_square_bracket", "s", "n", "o", "escape", "j", "h")
        assert view.current_sentence() is not None


async def test_a_story_without_a_manifest_is_named_after_its_folder_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The header, the highlights and `export --story` use one name: the folder's,
    though only the first articles are loaded when the reader opens."""
    from reader.articles.load import plan_story
    from reader.cli import main

    folder = tmp_path / "kyrgyzstan-visit"
    folder.mkdir()
    for source in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    story, files = plan_story([folder])
    story.articles.extend(load_article(path, entry) for path, entry in files[:2])
    state = tmp_path / "state"
    app = ReaderApp(story, pending=files[2:], state=state)
    async with app.run_test(size=SIZE) as pilot:
        await matched(pilot)
        assert str(app.query_one("#story-title").render()) == "kyrgyzstan-visit"
        await pilot.press("j", "h")
        assert app.session is not None and len(app.session.placed) == 1
        highlighted = app.session.placed[0].highlight.exact
    from reader.highlights.export import read_json

    command = ["export", "--story", "kyrgyzstan-visit", "--format", "json"]
    assert main([*command, "--state-dir", str(state)]) == 0
    out, err = capsys.readouterr()
    assert [(h.story, h.exact) for h in read_json(out)] == [("kyrgyzstan-visit", highlighted)]
    assert err == ""
