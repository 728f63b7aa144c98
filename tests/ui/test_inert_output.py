"""Text from files never reaches the terminal raw: escape codes, C1 controls,
bidirectional controls and file names that are not UTF-8, on every surface."""

from __future__ import annotations

import html
import json
import os
import pty
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import SEEDS
from driving import settled
from textual.app import App

from reader.articles import Story, load_article, load_story
from reader.articles.load import plan_story
from reader.cli import main
from reader.highlights.export import FORMATS, export, read_json
from reader.highlights.model import make, storable
from reader.highlights.session import Session
from reader.highlights.store import HighlightStore
from reader.printable import inert_json, printable
from reader.ui.app import ReaderApp
from reader.ui.screens import HighlightsScreen, NoteScreen, OverviewScreen

OSC = "\x1b]0;pwned\x07"  # sets the terminal's window title
CSI8 = "\x9b31m"  # an 8-bit CSI: red text
RLO = "\u202e"  # right-to-left override: shows what follows reversed

RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What must never be written to a terminal: C0 but tab and newline, DEL, C1,
bidirectional controls and marks, and lone surrogates."""

NOT_UTF8 = os.fsdecode(b"caf\xe9.txt")  # as Python names the file b"caf\xe9.txt"
EVIL_NAME = f"{OSC}.txt"
BIDI_NAME = f"note{RLO}dm.md"
SIZE = (140, 40)


def raw(text: str) -> list[str]:
    return RAW.findall(text)


BODY = "The minister said the talks went well on Monday. He left for Paris on Tuesday.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A story whose manifest, front matter and file names carry terminal controls."""
    story = tmp_path / "story"
    story.mkdir()
    (story / "story.toml").write_text(
        f"""title = "The {_toml(OSC)} story {_toml(RLO)}"

[[articles]]
file = "a.txt"
outlet = "Out{_toml(OSC)}let {_toml(RLO)}"
title = "Ti{_toml(CSI8)}tle"
date = "2023-01-01{_toml(OSC + RLO)}"
""",
        encoding="utf-8",
    )
    (story / "a.txt").write_text(f"Headline\n\nBody {OSC}{CSI8}{RLO} text. {BODY}", "utf-8")
    (story / NOT_UTF8).write_text(f"Cafe headline\n\n{BODY}", encoding="utf-8")
    (story / BIDI_NAME).write_text(
        f'---\ndate: "2023-02-02\\e]0;pwned\\a\\x9b\\u202e"\n---\n# Notes\n\n{BODY}',
        encoding="utf-8",
    )
    (story / EVIL_NAME).write_bytes(b"")  # cannot be loaded: its name is in the message
    (story / os.fsdecode(b"caf\xe9.pdf")).write_bytes(b"%PDF")  # skipped, with a warning
    return story


def _toml(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) >= 0x7F else c for c in text)


def by_name(story: Story, name: str) -> int:
    return next(n for n, a in enumerate(story.articles) if a.source.name == name)


# -- the one function ------------------------------------------------------------------------

UNSAFE = [
    *map(chr, range(32)),
    "\x7f",
    *map(chr, range(0x80, 0xA0)),
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\udce9",
    "\ud800",
]


def test_every_unsafe_character_becomes_one_visible_one() -> None:
    for ch in UNSAFE:
        shown = printable(f"a{ch}b")
        assert len(shown) == 3 and shown[0] + shown[2] == "ab", repr(ch)
        assert raw(shown) == [] and shown[1] != ch, repr(ch)
    assert printable("a\tb\nc", multiline=True) == "a\tb\nc"
    assert printable("a\x1b\rb\nc", multiline=True) == "a␛ b\nc"
    kept = "Côte d'Ivoire, 中文, e\u0301, 👩\u200d👩\u200d👧, שלום עולם, [b]x[/b]"
    assert printable(kept) == kept  # text, scripts, emoji and brackets are left alone


def test_inert_json_parses_back_to_the_exact_text() -> None:
    data = {"text": "".join(UNSAFE) + " Côte 中文", f"key{RLO}": [OSC, CSI8, NOT_UTF8]}
    written = inert_json(data, indent=1)
    assert raw(written.replace("\n", " ")) == []
    assert json.loads(written) == data


# -- the command line ------------------------------------------------------------------------


def test_show_and_align_show_controls_and_file_names_visibly(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["show"], ["show", "--sentences"], ["align"]):
        assert main([*argv, str(folder)]) == 0
        out, err = capsys.readouterr()
        assert raw(out) == [] and raw(err) == [], argv
        assert "Out␛]0;pwned␇let �" in out
        assert "caf�" in out
        assert f"{folder}/␛]0;pwned␇.txt: the file is empty" in err.splitlines()[-1]
        assert f"warning: {folder}/caf�.pdf: skipped" in err
        if argv[0] == "show":
            assert "2023-01-01␛]0;pwned␇�" in out  # the manifest's date
            assert "2023-02-02␛]0;pwned␇��" in out  # the front matter's date
            assert "note�dm.md: " in out


def test_align_json_is_inert_and_gives_back_the_exact_text(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["align", "--format", "json", str(folder)]) == 0
    out = capsys.readouterr().out
    assert raw(out) == []
    articles = {Path(a["source"]).name: a for a in json.loads(out)["articles"]}
    assert set(articles) == {"a.txt", NOT_UTF8, BIDI_NAME}
    first = articles["a.txt"]
    assert (first["outlet"], first["title"]) == (f"Out{OSC}let {RLO}", f"Ti{CSI8}tle")
    assert first["date"] == f"2023-01-01{OSC}{RLO}"
    assert first["sentences"][1]["text"].startswith(f"Body {OSC}{CSI8}{RLO} text.")
    assert articles[NOT_UTF8]["source"] == str(folder / NOT_UTF8)


def highlight_all(folder: Path, state: Path) -> None:
    """One highlight in every article of the folder, each with a hostile note."""
    story = load_story([folder])
    opened = HighlightStore.open(state)
    assert opened.store is not None
    session = Session(opened.store, "story", story.articles)
    for number, article in enumerate(story.articles):
        highlight = session.add_span(number, article.sentences[1].start, article.sentences[1].end)
        session.set_note(highlight.id, f"note {OSC}{CSI8}{RLO}")
    opened.store.close()


def test_export_is_exact_to_a_file_and_inert_to_a_terminal(folder: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    highlight_all(folder, state)
    env = {**os.environ, "NEWSREADER_STATE_DIR": str(state)}
    for fmt in FORMATS:
        written = tmp_path / f"out.{fmt}"
        command = [sys.executable, "-m", "reader", "export", "--format", fmt]
        subprocess.run([*command, "-o", str(written)], env=env, check=True, timeout=60)
        data = written.read_text(encoding="utf-8")
        shown = on_a_terminal(command, env)
        assert raw(shown.replace("\r\n", "\n")) == [], fmt
        if fmt in ("markdown", "csv"):  # the name that is not UTF-8, shown visibly
            assert "caf\\xe9" in shown
        if fmt == "json":
            assert "caf\\xe9.txt" in strings(json.loads(shown))
        if fmt in ("json", "w3c"):  # inert wherever it goes, and exact once parsed
            assert raw(data.replace("\n", " ")) == [] and shown.replace("\r\n", "\n") == data
            assert f"note {OSC}{CSI8}{RLO}" in strings(json.loads(data))
        else:  # a file keeps the text exactly; a terminal shows it inert
            assert f"note {OSC}{CSI8}{RLO}" in data
            assert "note ␛]0;pwned␇�31m�" in shown
    assert read_json((tmp_path / "out.json").read_text(encoding="utf-8"))[0].note == (
        f"note {OSC}{CSI8}{RLO}"
    )


def strings(data: object) -> list[str]:
    """Every string a parsed JSON document holds."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in strings(item)] if isinstance(data, list) else []


def on_a_terminal(command: list[str], env: dict[str, str]) -> str:
    """What ``command`` writes to its standard output when that is a terminal."""
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=follower, env=env) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed: the command is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8")


# -- highlights of a file whose name is not UTF-8 --------------------------------------------


def test_a_file_name_that_is_not_utf8_is_stored_and_found_again(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"r\xe9cit")  # no manifest: named after its folder
    folder.mkdir()
    (folder / NOT_UTF8).write_text(f"Headline\n\n{BODY}", encoding="utf-8")
    (folder / "b.txt").write_text(f"Other\n\n{BODY}", encoding="utf-8")
    story = load_story([folder])
    key = story.name
    assert storable(key) == "r\\xe9cit"
    opened = HighlightStore.open(tmp_path / "state")
    assert opened.store is not None
    first = story.articles[by_name(story, NOT_UTF8)]
    Session(opened.store, key, story.articles).add_span(
        by_name(story, NOT_UTF8), first.sentences[1].start, first.sentences[1].end
    )
    again = Session(opened.store, key, load_story([folder]).articles)
    (placed,) = again.placed
    assert placed.placement.method == "offsets"
    assert (placed.highlight.article, placed.highlight.outlet) == ("caf\\xe9.txt", "caf\\xe9")
    assert placed.highlight.source.endswith("r\\xe9cit/caf\\xe9.txt")
    highlights = opened.store.highlights()
    for fmt in ("markdown", "csv"):
        assert "caf\\xe9" in export(highlights, fmt)
    assert "caf\\xe9.txt" in strings(json.loads(export(highlights, "json")))
    assert json.loads(export(highlights, "w3c"))["total"] == 1


def test_importing_text_that_is_not_unicode_does_not_crash(tmp_path: Path) -> None:
    article = load_story([SEEDS]).articles[0]
    item = {**asdict(make("story", article, 0, 8)), "article": NOT_UTF8, "outlet": "\ud800x"}
    (tmp_path / "in.json").write_text(
        json.dumps({"format": "newsreader-highlights", "highlights": [item]}), encoding="utf-8"
    )
    assert main(["import", str(tmp_path / "in.json"), "--state-dir", str(tmp_path / "s")]) == 0
    opened = HighlightStore.open(tmp_path / "s")
    assert opened.store is not None
    (kept,) = opened.store.highlights()
    assert (kept.article, kept.outlet) == ("caf\\xe9.txt", "\\ud800x")


# -- the reader ------------------------------------------------------------------------------


def on_screen(app: App[None]) -> str:
    """Every character the reader's current screen draws, notifications included:
    what Textual writes to the terminal, less its own escape codes."""
    svg = app.export_screenshot()
    lines: dict[float, list[str]] = {}
    for y, text in re.findall(r'<text[^>]* y="([0-9.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items()))


async def test_the_reader_shows_every_surface_inert(folder: Path, tmp_path: Path) -> None:
    story, files = plan_story([folder])
    first = [next(f for f in files if f[0].name == name) for name in (NOT_UTF8, "a.txt")]
    story.articles.extend(load_article(path, entry) for path, entry in first)
    pending = [f for f in files if f not in first]
    app = ReaderApp(story, pending=pending, state=tmp_path / "state")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(app, pilot)  # loading in the background, then matching
        assert len(app.articles) == 3 and app.alignment is not None
        assert app.articles[0].source.name == NOT_UTF8
        messages = app.messages
        assert any("␛]0;pwned␇.txt: the file is empty" in m for m in messages)
        assert all(raw(m) == [] for m in messages)
        screen = on_screen(app)
        assert raw(screen) == []
        assert "The ␛]0;pwned␇ story �" in screen  # the header
        assert "caf�" in screen and "Out␛]0;pwned␇let �" in screen
        assert "2023-01-01␛]0;pwned␇�" in screen  # the date, in the article list and a title
        await pilot.press("n", "h")  # a highlight in the article whose name is not UTF-8
        assert app.session is not None and len(app.session.placed) == 1
        (placed,) = app.session.placed
        app.session.set_note(placed.highlight.id, f"note {OSC}{CSI8}{RLO}")
        await pilot.press("a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.pause()
        assert raw(on_screen(app)) == [] and "note ␛]0;pwned␇�31m�" in on_screen(app)
        await pilot.press("end", "!", "ctrl+s")  # shown inert, edited and kept exactly
        assert app.session.placed[0].highlight.note == f"note {OSC}{CSI8}{RLO}!"
        await pilot.press("i")
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.pause()
        assert raw(on_screen(app)) == [] and "note ␛]0;pwned␇�31m�" in on_screen(app)
        await pilot.press("escape", "o")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.pause()
        assert raw(on_screen(app)) == []
        await pilot.press("escape", "e")
        await pilot.pause()
        (exported,) = (tmp_path / "state" / "exports").iterdir()
        assert "## caf\\xe9: Cafe headline" in exported.read_text(encoding="utf-8")
        assert raw(on_screen(app)) == []
    again = ReaderApp(load_story([folder]), state=tmp_path / "state")
    async with again.run_test(size=SIZE) as pilot:
        await settled(again, pilot)
        assert again.session is not None
        (kept,) = again.session.placed
        assert kept.placement.method == "offsets"
        assert again.articles[kept.article].source.name == NOT_UTF8
