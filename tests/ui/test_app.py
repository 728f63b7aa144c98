"""The reader, driven key by key with Textual's Pilot."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from conftest import SEEDS
from driving import SIZE, SMALL, screen_text, settled
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from reader.articles import Story, build_article, load_article, load_story
from reader.ui.app import ReaderApp
from reader.ui.pairview import MARKS
from reader.ui.screens import ArticlesScreen, HelpScreen, LinkScreen, OverviewScreen
from reader.ui.status import StatusLine

Reader = tuple[ReaderApp, Pilot[None]]


def status(app: ReaderApp) -> str:
    return str(app.reader.query_one(StatusLine).render())


async def test_opens_first_article_against_the_next(reader: Reader) -> None:
    app, _ = reader
    view = app.reader.view
    assert (view.pair.left, view.pair.right, view.side) == (0, 1, "left")
    row = view.current  # the cursor starts on the first article's first sentence
    assert row is not None and row.left == 0
    assert app.focused is view
    assert "Putin visits Kyrgyzstan" in screen_text(view)
    table = app.reader.query_one("#articles", DataTable)
    assert table.row_count == 5
    assert str(table.get_cell("3", "shared")).endswith("%")
    assert "▶" in str(app.reader.query_one("#left-title").render())  # the focused pane


async def test_before_alignment_no_row_pretends_to_be_a_pair(
    seed_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen does not wait for matching, its keys work, and until the
    story is aligned each side flows on its own: no score, a dotted rule."""
    import reader.matching.engine as engine

    release = threading.Event()
    real_align = engine.align

    def slow_align(*args: object, **kwargs: object) -> object:
        release.wait(30)
        return real_align(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "align", slow_align)
    app = ReaderApp(seed_story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.reader.view
        assert app.alignment is None and not view.aligned
        text = screen_text(view)
        assert "Putin visits Kyrgyzstan" in text  # the text is already on screen
        assert "┆" in text and "│" not in text
        assert all(row.right is None for row in view.shown_rows)
        assert "aligning" in status(app)
        await pilot.press("j")
        assert view.cursor == 1  # and the keys already work
        release.set()
        await settled(app, pilot)
        assert app.alignment is not None and view.aligned
        assert any(row.matched for row in view.rows)


async def test_rows_hold_two_sentences_only_when_they_are_a_pair(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    for _ in range(4):  # every outlet against the first
        both = [row for row in view.shown_rows if row.left is not None and row.right is not None]
        assert both and all(row.matched for row in both)
        lone = [row for row in view.shown_rows if (row.left is None) != (row.right is None)]
        assert lone, "unmatched sentences stand against filler"
        await pilot.press("right_square_bracket")
    await pilot.press("n")
    line = screen_text(view).splitlines()
    shared_mark = MARKS["shared"]
    assert any(text.lstrip().startswith(shared_mark) for text in line)


async def test_row_movement_keys(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    start = view.cursor
    await pilot.press("j", "j", "down")
    assert view.cursor == start + 3
    await pilot.press("k", "up")
    assert view.cursor == start + 1
    await pilot.press("G")
    assert view.cursor == len(view.shown_rows) - 1
    await pilot.press("g")
    assert view.cursor == 0


async def test_next_shared_row_wraps_and_says_so(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("n")
    first = view.cursor
    assert view.current is not None and view.current.matched
    await pilot.press("n")
    assert view.cursor > first and view.current.matched
    await pilot.press("N")
    assert view.cursor == first
    shared = [pos for pos, row in enumerate(view.shown_rows) if row.matched]
    await pilot.press("G", "n")
    assert view.cursor == shared[0]
    assert "shared rows wrapped to the top" in app.messages


async def test_cycle_comparison_outlet_and_swap(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("right_square_bracket")
    assert (view.pair.left, view.pair.right) == (0, 2)
    await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
    assert view.pair.right == 1  # wrapped around, skipping the left article
    await pilot.press("left_square_bracket")
    assert view.pair.right == 4
    await pilot.press("s")
    assert (view.pair.left, view.pair.right, view.side) == (4, 0, "right")


async def test_tab_switches_the_focused_pane_visibly(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("tab")
    assert view.side == "right"
    right = app.reader.query_one("#right-title")
    assert right.has_class("-focused") and str(right.render()).startswith("▶")
    assert not str(app.reader.query_one("#left-title").render()).startswith("▶")
    await pilot.press("tab")
    assert view.side == "left"


async def test_moved_match_jumps_to_its_counterpart(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    moved: list[int] = []
    for left in range(5):  # find a pair of outlets with a moved match, as a reader would
        app.reader.query_one("#articles", DataTable).move_cursor(row=left)
        await pilot.press("l", "enter")
        for _ in range(4):
            moved = [pos for pos, row in enumerate(view.shown_rows) if row.left_link is not None]
            if moved:
                break
            await pilot.press("right_square_bracket")
        if moved:
            break
    assert moved, "the seed story has crossing matches between some pair of outlets"
    view.move_to(moved[0])
    row = view.current
    assert row is not None and row.left_link is not None
    await pilot.press("m")
    assert view.side == "right"
    assert view.current is not None and view.current.right == row.left_link


async def test_clutter_is_dimmed_then_hidden(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    shown = len(view.shown_rows)
    await pilot.press("c")
    assert not view.show_clutter
    assert len(view.shown_rows) < shown
    assert "Nate Ostiller is a News Editor." not in screen_text(view)
    await pilot.press("G")
    assert "Nate Ostiller" not in screen_text(view)
    await pilot.press("c")
    assert len(view.shown_rows) == shown


async def test_search_and_step_through_hits(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("slash")
    search = app.reader.query_one("#search", Input)
    assert search.has_focus
    await pilot.press(*"Rome Statute", "enter")
    assert view.has_focus and app.reader.query_text == "Rome Statute"
    hits = [
        pos
        for pos, row in enumerate(view.shown_rows)
        if any(
            index is not None
            and "rome statute" in app.articles[number].sentences[index].text.casefold()
            for index, number in ((row.left, view.pair.left), (row.right, view.pair.right))
        )
    ]
    assert len(hits) >= 2 and view.cursor == hits[0]
    assert f"“Rome Statute”: match 1 of {len(hits)}" in status(app)
    await pilot.press("n")
    assert view.cursor == hits[1]
    search_style = view.get_component_rich_style("pairview--search", partial=True)
    on_screen = [view.render_line(y) for y in range(view.size.height)]
    assert any(  # the hit keeps its colour on the cursor's row
        segment.style is not None and segment.style.bgcolor == search_style.bgcolor
        for strip in on_screen
        for segment in strip
        if segment.text.casefold() == "rome statute"
    )
    await pilot.press(*"n" * (len(hits) - 1))  # past the last hit, back to the first
    assert view.cursor == hits[0]
    await pilot.press("N")
    assert view.cursor == hits[-1]
    await pilot.press("escape")
    assert app.reader.query_text == ""
    await pilot.press("slash", *"no such words", "enter")
    assert "no matches" in status(app)


async def test_search_counts_and_colours_the_same_hits(tmp_path: Path) -> None:
    """STRASSE finds "Straße": counted and coloured alike."""
    one = build_article(Path("a.txt"), "Die Straße ist lang.\n\nNichts hier.\n")
    two = build_article(Path("b.txt"), "Eine andere Strasse.\n\nAuch nichts.\n")
    app = ReaderApp(Story([one, two]), state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        await pilot.press("slash", *"STRASSE", "enter")
        assert "match 1 of" in status(app)
        style = view.get_component_rich_style("pairview--search", partial=True)
        coloured = {
            segment.text
            for y in range(view.size.height)
            for segment in view.render_line(y)
            if segment.style is not None and segment.style.bgcolor == style.bgcolor
        }
        assert "Straße" in coloured and "Strasse" in coloured


async def test_overview_lists_facts_and_enter_shows_one(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("o")
    assert isinstance(app.screen, OverviewScreen)
    table = app.screen.query_one("#overview", DataTable)
    assert app.alignment is not None
    assert table.row_count > len(app.alignment.groups)
    first = [str(cell) for cell in table.get_row_at(0)]
    assert first[1] == "5"  # sorted by coverage: the headline's fact, in all five outlets
    before = (view.pair, view.cursor)
    await pilot.press("j", "j", "k")  # vim keys move the table's cursor
    assert table.cursor_row == 1
    await pilot.press("n", "s", "right_square_bracket", "c")  # the panes' keys do nothing
    assert (view.pair, view.cursor, view.show_clutter) == (*before, True)
    assert isinstance(app.screen, OverviewScreen)
    await pilot.press("g", "enter")
    assert not isinstance(app.screen, OverviewScreen)
    row = view.current
    assert row is not None and row.matched and row.left is not None
    group = app.alignment.group_of(view.pair.left, row.left)
    assert group is not None and len(group.articles) == 5


async def test_help_lists_every_key_and_closes(reader: Reader) -> None:
    app, pilot = reader
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    table = app.screen.query_one(DataTable)
    actions = {str(table.get_row_at(r)[2]) for r in range(table.row_count)}
    assert {b.id for b in app.all_bindings()} <= actions
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)


async def test_article_list_enter_puts_article_left(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("l", "down", "j", "enter")
    assert view.pair.left == 2 and view.pair.right != 2
    assert app.focused is view


async def test_article_list_over_the_panes_on_narrow_terminals(seed_story: Story) -> None:
    app = ReaderApp(seed_story)
    async with app.run_test(size=SMALL) as pilot:
        view = await settled(app, pilot)
        table = app.reader.query_one("#articles-slot")
        assert not table.display  # the panes get the room
        wide = view.size.width
        await pilot.press("l")  # a list over the panes, the panes untouched
        assert isinstance(app.screen, ArticlesScreen)
        assert view.size.width == wide
        await pilot.press("escape")
        assert not isinstance(app.screen, ArticlesScreen)
        await pilot.press("l", "j", "enter")
        assert view.pair.left == 1 and not isinstance(app.screen, ArticlesScreen)
        await pilot.press("L")  # too narrow for the list beside the panes: over them
        assert isinstance(app.screen, ArticlesScreen) and view.size.width == wide
        await pilot.press("escape")
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert table.display
        await pilot.press("L")
        assert not table.display  # a choice made with L holds whatever the size


async def test_quit_while_matching_runs_ends_at_once(
    seed_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q while the engine is busy: the app exits without waiting for it, and the
    work is told to stop."""
    import reader.matching.engine as engine

    started, release = threading.Event(), threading.Event()

    def stuck_align(*args: object, **kwargs: object) -> object:
        started.set()
        release.wait(30)
        raise AssertionError("matching should have been abandoned")

    monkeypatch.setattr(engine, "align", stuck_align)
    app = ReaderApp(seed_story)
    async with app.run_test(size=SIZE) as pilot:
        while not started.is_set():
            await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 0 and not release.is_set()
    release.set()


async def test_a_failure_in_matching_is_a_message_not_an_exit(
    seed_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.matching.engine as engine

    def broken_align(*args: object, **kwargs: object) -> object:
        raise MemoryError("out of memory in the test")

    monkeypatch.setattr(engine, "align", broken_align)
    app = ReaderApp(seed_story)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        assert app.is_running and app.alignment is None and not view.aligned
        assert any("aligning failed" in m and "out of memory" in m for m in app.messages)
        assert "not aligned" in status(app)
        await pilot.press("j", "tab", "j", "right_square_bracket")  # still reads
        assert view.side == "right" and view.cursor == 1


async def test_command_palette_offers_every_pane_key(reader: Reader) -> None:
    from textual.command import CommandList, CommandPalette

    app, pilot = reader
    view = app.reader.view
    titles = {command.title for command in app.get_system_commands(app.screen)}
    assert {"Next shared", "Swap panes", "Overview", "Search", "Down", "Unlink the pair"} <= titles
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"swap panes")
    results = app.screen.query_one(CommandList)
    while not (results.option_count and "Swap" in str(results.get_option_at_index(0).prompt)):
        await pilot.pause()  # the palette searches in a worker: wait for its first hit
    await pilot.press("enter")
    while isinstance(app.screen, CommandPalette):
        await pilot.pause()
    assert (view.pair.left, view.pair.right) == (1, 0)


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


async def test_remapped_keys_move_the_cursor_and_swap(seed_story: Story, tmp_path: Path) -> None:
    (tmp_path / "keymap.toml").write_text(
        '[keys]\nrow_down = "x"\nswap_panes = "w"\n', encoding="utf-8"
    )
    app = ReaderApp(seed_story, config=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        start = view.cursor
        await pilot.press("x", "x")
        assert view.cursor == start + 2
        await pilot.press("w")
        assert view.pair.left == 1


HOSTILE = (
    "[bold]Not bold[/bold] and a lone [/] closer, [red]x[/red], [link=http://x]y[/link].\n\n"
    "Escape codes \x1b[31mred\x1b[0m and \x1b]0;title\x07 and bell \x07 and NUL \x00 here.\n\n"
    "Wide 中文字符 and combining e\u0301 and emoji 👩‍👩‍👧 and RTL שלום עולם text.\n\n"
    "Rich [/ markup] and Textual $variable and {braces} and \\[escaped].\n"
)


async def test_brackets_and_escape_codes_are_shown_literally(tmp_path: Path) -> None:
    hostile = build_article(Path("hostile.txt"), HOSTILE, outlet="[b]Outlet[/b]")
    plain = build_article(Path("plain.txt"), "A plain article.\n\nWith two lines.\n")
    app = ReaderApp(Story([hostile, plain]), state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        for keys in ([], ["j", "j", "j"], ["s"], ["c"], ["tab", "G"]):
            await pilot.press(*keys)
            text = screen_text(view)
            assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
            for y in range(view.size.height):  # every line exactly as wide as the view
                assert view.render_line(y).cell_length == view.scrollable_content_region.width
        await pilot.press("g", "s")
        text = screen_text(view)
        assert "[bold]Not bold[/bold]" in text
        assert "lone [/]" in text and "closer, [red]x[/red]" in text
        assert "␛[31mred␛[0m" in text and "␇" in text
        assert "[b]Outlet[/b]" in str(app.reader.query_one("#left-title").render())


# -- highlights in the reader ----------------------------------------------------------------


async def test_highlight_note_and_relaunch(seed_story: Story, tmp_path: Path) -> None:
    from reader.ui.screens import HighlightsScreen, NoteScreen

    app = ReaderApp(seed_story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        await pilot.press("j", "h")
        target = view.current_sentence()
        assert target is not None
        assert [p.highlight.exact for p in app.session.at(*target)] == [
            seed_story.articles[0].sentences[1].text
        ]
        assert target in view.highlights
        assert re.search(r"[^ ]▌", screen_text(view))  # the bar sits beside the mark
        assert "✎" not in screen_text(view)
        await pilot.press("j", "a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")  # a note cancelled leaves no highlight behind
        assert len(app.session.placed) == 1
        await pilot.press("k", "a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"worth checking", "ctrl+s")
        assert not isinstance(app.screen, NoteScreen)
        assert "✎" in screen_text(view)  # a highlight with a note is marked as such
        await pilot.press("i")
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("enter")
        assert view.current_sentence() == target
    again = ReaderApp(load_story([SEEDS]), state=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        view = await settled(again, pilot)
        (kept,) = again.session.placed
        assert kept.highlight.note == "worth checking"
        assert kept.placement.method == "offsets"
        assert "✎" in screen_text(view)


async def test_a_note_on_a_plain_sentence_highlights_it(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("j", "j", "a", *"compare", "ctrl+s")
    (placed,) = app.session.placed
    assert (placed.highlight.exact, placed.highlight.note) == (
        app.articles[0].sentences[2].text,
        "compare",
    )
    assert (0, 2) in view.highlights and (0, 2) in view.noted


async def test_h_twice_removes_and_H_highlights_the_fact(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("h")
    assert len(app.session.placed) == 1
    await pilot.press("h")
    assert app.session.placed == []
    await pilot.press("n", "H")
    target = view.current_sentence()
    assert target is not None and app.alignment is not None
    group = app.alignment.group_of(*target)
    assert group is not None
    assert len(app.session.placed) == len(group.members) >= 2
    assert len({p.highlight.group for p in app.session.placed}) == 1


async def test_highlight_words_of_a_sentence(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view
    await pilot.press("j", "v", *"Sadyr Japarov", "enter")
    (placed,) = app.session.placed
    assert placed.highlight.exact == "Sadyr Japarov"
    sentence = app.articles[0].sentences[1]
    (span,) = view.highlights[(0, 1)]
    start = sentence.text.index("Sadyr Japarov")
    assert (span.start, span.end) == (start, start + len("Sadyr Japarov"))
    note = "the name as every outlet spells it, to compare with the Russian sources later"
    await pilot.press("a", *note, "ctrl+s", "i")
    detail = str(app.screen.query_one("#highlight-detail").render())
    assert " ".join(sentence.text.split()) in detail  # the words in their sentence
    assert note in detail  # the whole note, however long


async def test_an_orphan_shows_its_quote_and_why(seed_story: Story, tmp_path: Path) -> None:
    from reader.highlights.model import make
    from reader.highlights.store import HighlightStore
    from reader.ui.screens import HighlightsScreen

    article = seed_story.articles[0]
    sentence = article.sentences[1]  # gone from the text when it is opened again
    changed = build_article(
        article.source, article.text.replace(sentence.text, "Nothing of the kind was said.")
    )
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    opened.store.add([make(seed_story.name, article, sentence.start, sentence.end)])
    opened.store.close()
    story = Story([changed, *seed_story.articles[1:]], title=seed_story.name)
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert len(app.session.orphans) == 1
        await pilot.press("i")
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("enter")  # an orphan has nowhere to go: the screen stays
        assert isinstance(app.screen, HighlightsScreen)
        detail = str(app.screen.query_one("#highlight-detail").render())
        assert " ".join(sentence.text.split()) in detail and "Could not be placed" in detail


async def test_export_key_writes_markdown(reader: Reader) -> None:
    app, pilot = reader
    await pilot.press("j", "h", "e")
    (written,) = (app.state / "exports").iterdir()
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Putin visits Kyrgyzstan")
    assert "> Russian President Vladimir Putin arrived in Bishkek" in text


async def test_reader_starts_with_a_corrupt_database(seed_story: Story, tmp_path: Path) -> None:
    (tmp_path / "highlights.sqlite3").write_bytes(b"\x00garbage" * 500)
    app = ReaderApp(seed_story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert any("moved aside" in m for m in app.messages)
        await pilot.press("h")
        assert len(app.session.placed) == 1


# -- correcting the aligner --------------------------------------------------------------------


async def test_unlink_a_pair_and_link_it_again_by_hand(seed_story: Story, tmp_path: Path) -> None:
    app = ReaderApp(seed_story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        await pilot.press("n")
        row = view.current
        assert row is not None and row.matched and row.left is not None
        left, right = row.left, row.right
        await pilot.press("u")
        assert not any(r.matched and (r.left, r.right) == (left, right) for r in view.shown_rows)
        position = view.row_position("left", left)
        assert position is not None
        view.move_to(position)
        await pilot.press("equals_sign")
        assert isinstance(app.screen, LinkScreen)
        table = app.screen.query_one(DataTable)
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        assert str(right) in keys  # the pair just unlinked is among the nearest
        table.move_cursor(row=keys.index(str(right)))
        await pilot.press("enter")
        assert not isinstance(app.screen, LinkScreen)
        (shared,) = [r for r in view.shown_rows if (r.left, r.right) == (left, right)]
        assert shared.matched and shared.manual
        await pilot.press("g")
        assert MARKS["manual"] in screen_text(view) or view.row_position("left", left) is not None
    again = ReaderApp(load_story([SEEDS]), state=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        view = await settled(again, pilot)
        (shared,) = [r for r in view.shown_rows if (r.left, r.right) == (left, right)]
        assert shared.manual  # the correction survives a restart and a new alignment
        position = view.row_position("left", left)
        assert position is not None
        view.move_to(position)
        await pilot.press("u")  # your own link taken back: the engine's pair again
        (shared,) = [r for r in view.shown_rows if (r.left, r.right) == (left, right)]
        assert shared.matched and not shared.manual


# -- loading in the background ----------------------------------------------------------------


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
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Putin visits Kyrgyzstan" in screen_text(app.reader.view)
        await settled(app, pilot)
        assert len(app.articles) == 5
        assert app.reader.query_one("#articles", DataTable).row_count == 5
        assert app.alignment is not None and len(app.alignment.articles) == 5
        assert any("bad.txt: the file is empty" in m for m in app.messages)


async def test_long_articles_page_and_reach_the_bottom(tmp_path: Path) -> None:
    def long_article(name: str, seed: int) -> object:
        text = "\n\n".join(
            f"Paragraph {n} of {name} says that item {n * seed} was reported on day {n}."
            for n in range(1, 601)
        )
        return build_article(Path(f"{name}.txt"), f"The {name} story\n\n{text}\n")

    story = Story([long_article("one", 3), long_article("two", 7)])  # type: ignore[list-item]
    app = ReaderApp(story, match_now=False, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.reader.view
        while view.laid_out < len(view.shown_rows):  # completed after the first paint
            await pilot.pause()
        assert len(view.shown_rows) == 601
        await pilot.press("pagedown", "pagedown")
        assert 10 < view.cursor < 40
        await pilot.press("pageup")
        assert 0 < view.cursor < 20
        await pilot.press("G")
        assert view.cursor == 600
        assert "Paragraph 600 of one" in screen_text(view)


async def test_a_story_of_one_article_opens_alone(tmp_path: Path) -> None:
    only = build_article(Path("only.txt"), "Only one outlet.\n\nIt says one thing. Then another.\n")
    app = ReaderApp(Story([only]), state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await settled(app, pilot)
        assert all(row.right is None for row in view.shown_rows)
        assert "It says one thing." in screen_text(view)
        await pilot.press("right_square_bracket", "s", "n", "o", "escape", "j", "h")
        assert view.current_sentence() == (0, 1)
        assert len(app.session.placed) == 1


async def test_a_story_without_a_manifest_is_named_after_its_folder_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The header, the highlights and `export --story` use one name: the folder's,
    though only the first articles are loaded when the reader opens."""
    from reader.articles.load import plan_story
    from reader.cli import main
    from reader.highlights.export import read_json

    folder = tmp_path / "kyrgyzstan-visit"
    folder.mkdir()
    for source in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    story, files = plan_story([folder])
    story.articles.extend(load_article(path, entry) for path, entry in files[:2])
    state = tmp_path / "state"
    app = ReaderApp(story, pending=files[2:], state=state)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert str(app.reader.query_one("#story-title").render()) == "kyrgyzstan-visit"
        await pilot.press("j", "h")
        assert len(app.session.placed) == 1
        highlighted = app.session.placed[0].highlight.exact
    command = ["export", "--story", "kyrgyzstan-visit", "--format", "json"]
    assert main([*command, "--state-dir", str(state)]) == 0
    out, err = capsys.readouterr()
    assert [(h.story, h.exact) for h in read_json(out)] == [("kyrgyzstan-visit", highlighted)]
    assert err == ""


async def test_the_theme_reaches_the_panes(reader: Reader) -> None:
    app, pilot = reader
    view = app.reader.view

    def cursor_colours() -> set[object]:
        return {seg.style.bgcolor for seg in view.render_line(0) if seg.style is not None}

    before = cursor_colours()
    app.theme = "dracula" if app.theme != "dracula" else "nord"
    for _ in range(100):  # the new theme's styles arrive over a few refreshes
        await pilot.pause()
        if cursor_colours() and cursor_colours().isdisjoint(before):
            break
    assert cursor_colours().isdisjoint(before)


async def test_every_screen_fits_80x24(seed_story: Story, tmp_path: Path) -> None:
    """At 80x24 no screen is wider than the terminal and the footer's hints fit."""
    app = ReaderApp(seed_story, state=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settled(app, pilot)
        for keys in (["question_mark"], ["o"], ["i"], ["a"], ["l"], ["n", "equals_sign"]):
            await pilot.press(*keys)
            for widget in app.screen.query("*"):
                region = widget.region
                assert region.right <= SMALL[0], f"{widget!r} after {keys}"
            await pilot.press("escape")
            while app.screen is not app.reader:
                await pilot.press("escape")


async def test_words_keep_their_spaces_at_colour_changes(reader: Reader) -> None:
    """No run of cells starts with a space (screenshot renderers drop those), and the
    words each side of a coloured one stay apart."""
    app, pilot = reader
    view = app.reader.view
    await pilot.press("n", "slash", *"Rome", "enter")
    for y in range(view.size.height):
        strip = view.render_line(y)
        for segment in strip:
            words = segment.text.lstrip(" ")
            assert not words or words == segment.text, repr(segment.text)
    assert "Rome Statute" in screen_text(view)


async def test_an_orphan_that_fits_two_places_says_so(seed_story: Story, tmp_path: Path) -> None:
    """A paragraph printed twice: the highlight is not guessed onto either copy, and
    the highlights screen says why."""
    from reader.highlights.model import make
    from reader.highlights.store import HighlightStore
    from reader.ui.screens import HighlightsScreen

    article = seed_story.articles[0]
    sentence = article.sentences[1]
    found = article.text.find("\n\n", sentence.end)
    paragraph_end = found if found >= 0 else len(article.text)
    found = article.text.rfind("\n\n", 0, sentence.start)
    paragraph_start = found + 2 if found >= 0 else 0
    paragraph = article.text[paragraph_start:paragraph_end]
    doubled = article.text[:paragraph_end] + "\n\n" + paragraph + article.text[paragraph_end:]
    opened = HighlightStore.open(tmp_path)
    assert opened.store is not None
    opened.store.add([make(seed_story.name, article, sentence.start, sentence.end)])
    opened.store.close()
    changed = build_article(article.source, doubled)
    story = Story([changed, *seed_story.articles[1:]], title=seed_story.name)
    app = ReaderApp(story, state=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.session is not None
        (orphan,) = app.session.orphans
        assert len(orphan.placement.candidates) == 2
        await pilot.press("i")
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("enter")
        detail = str(app.screen.query_one("#highlight-detail").render())
        assert "fit 2 places equally" in detail
