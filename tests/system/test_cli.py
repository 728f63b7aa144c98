"""The command line: help, version, the bundled story, one line per bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reader import __version__
from reader.articles import Article
from reader.cli import main

if TYPE_CHECKING:
    from reader.highlights.session import Session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsreader {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "newsreader show" in capsys.readouterr().out


def test_show_prints_the_bundled_story(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show")
    assert code == 0 and err == ""
    assert "1. Kyiv Independent: Putin visits Kyrgyzstan" in out
    assert "004_f5343ee90eff1e2f.txt: 90 sentences, 12 flagged as clutter" in out


def test_nothing_loadable_exits_2_with_one_line_per_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "show", str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"newsreader: {tmp_path / 'missing.txt'}: no such file or directory",
        f"newsreader: {tmp_path / 'empty.txt'}: the file is empty",
        "newsreader: nothing to read: no article could be loaded",
    ]


def test_some_good_some_bad(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Title\n\nA sentence.\n", encoding="utf-8")
    code, out, err = run(capsys, "show", str(good), str(tmp_path / "nope.txt"))
    assert code == 0
    assert "good.md: 2 sentences" in out
    assert err.strip() == f"newsreader: {tmp_path / 'nope.txt'}: no such file or directory"


def test_show_names_a_story_without_a_manifest_after_its_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "senate-vote"
    folder.mkdir()
    (folder / "wire.txt").write_text("Senate votes\n\nThe Senate voted.\n", encoding="utf-8")
    code, out, _ = run(capsys, "show", str(folder))
    assert code == 0 and out.splitlines()[:2] == ["senate-vote", ""]


def test_python_dash_m_runs_without_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "show", str(binary)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{binary}: looks like a binary file" in result.stderr


def test_reader_with_nothing_loadable_exits_2_before_opening(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "newsreader: nothing to read: no article could be loaded"
    assert any("no article files in it" in line for line in err)


def test_threshold_must_be_a_score(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["align", "--threshold", "120"])
    assert exit_.value.code == 2
    assert "must be between 0 and 100" in capsys.readouterr().err


def test_align_json_lists_every_sentence_and_group(
    capsys: pytest.CaptureFixture[str], seed_articles: list[Article]
) -> None:
    import json

    assert main(["align", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert Path(data["articles"][0]["source"]).name == "000_01c226f4afb3a83f.txt"
    first = data["articles"][0]["sentences"][1]
    assert set(first) >= {"index", "start", "end", "text", "clutter"}
    listed = [s["text"] for a in data["articles"] for s in a["sentences"]]
    assert listed == [s.text for a in seed_articles for s in a.sentences]
    assert data["groups"] and all(len(g["members"]) >= 2 for g in data["groups"])
    outlets = {(m["article"]) for g in data["groups"] for m in g["members"]}
    assert len(outlets) >= 4


def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path: Path) -> None:
    import os

    read, write = os.pipe()
    os.close(read)  # as `| head` does once it has read enough
    try:
        for command in ("show", "align", "export"):
            done = subprocess.run(
                [sys.executable, "-m", "reader", command],
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
                env={**os.environ, "NEWSREADER_STATE_DIR": str(tmp_path)},
            )
            notice = "newsreader: no highlights in " if command == "export" else ""
            assert done.returncode == 141, command
            assert done.stderr.startswith(notice) and done.stderr.count("\n") == bool(notice)
    finally:
        os.close(write)


def test_text_output_shows_escape_codes_literally(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = "The minister \x1b[31msaid\x1b[0m the talks went well on Monday.\n"
    (tmp_path / "a.txt").write_text("\x1b[2JOne\n\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Two\n\n" + body, encoding="utf-8")
    for command in ("show", "align"):
        code, out, _ = run(capsys, command, str(tmp_path))
        assert code == 0
        assert "\x1b" not in out
        assert "\u241b" in out  # the escape character, as its visible symbol


def test_align_json_lists_every_link_with_its_signals(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["align", "--format", "json"]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    assert links["fields"][:5] == ["article_a", "sentence_a", "article_b", "sentence_b", "score"]
    assert links["rows"] and all(len(row) == len(links["fields"]) for row in links["rows"])
    assert all(row[0] != row[2] for row in links["rows"])  # two outlets each


# -- the reader's corrections of the alignment ---------------------------------------------


def _seed_session(state: Path, seed_articles: list[Article]) -> Session:
    from conftest import SEEDS

    from reader.articles import load_story
    from reader.highlights.session import Session
    from reader.highlights.store import HighlightStore

    store = HighlightStore.open(state).store
    assert store is not None
    return Session(store, load_story([SEEDS]).name, seed_articles)


def _links(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    import json

    assert main(["align", "--format", "json", *argv]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_align_applies_the_readers_corrections(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_articles: list[Article]
) -> None:
    from reader.matching.model import Member

    engine = _links(capsys, "--no-corrections")
    assert engine["corrections"] == [] and engine["links"]["fields"][-1] == "reader"
    assert not any(row[-1] for row in engine["links"]["rows"])
    pairs = {(r[0], r[1], r[2], r[3]) for r in engine["links"]["rows"]}
    wrong = engine["links"]["rows"][0][:4]
    missed = next(
        (0, x, 2, y)
        for x in range(1, 20)
        for y in range(1, 20)
        if (0, x, 2, y) not in pairs
        and seed_articles[0].sentences[x].is_body
        and seed_articles[2].sentences[y].is_body
    )
    session = _seed_session(tmp_path / "state", seed_articles)
    session.unlink(Member(wrong[0], wrong[1]), Member(wrong[2], wrong[3]))
    session.link(Member(missed[0], missed[1]), Member(missed[2], missed[3]))

    corrected = _links(capsys)
    rows = {tuple(r[:4]): r for r in corrected["links"]["rows"]}
    assert tuple(wrong) not in rows
    assert rows[missed][-1] is True and rows[missed][4] == 100
    assert sum(1 for r in rows.values() if r[-1]) == 1
    applied = {
        (c["a"]["sentence"], c["b"]["sentence"], c["linked"]) for c in corrected["corrections"]
    }
    assert applied == {(wrong[1], wrong[3], False), (missed[1], missed[3], True)}
    assert _links(capsys, "--no-corrections")["links"] == engine["links"]

    assert main(["align"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("with 2 corrections of yours applied (--no-corrections: without)")


def test_align_says_which_corrections_it_could_not_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_articles: list[Article]
) -> None:
    from conftest import SEEDS

    from reader.matching.model import Member

    _seed_session(tmp_path / "state", seed_articles).link(Member(0, 1), Member(3, 4))
    only = [str(SEEDS / "000_01c226f4afb3a83f.txt"), str(SEEDS / "001_f407ff9b8365c271.txt")]
    code, out, err = run(capsys, "align", *only)  # the story without its fourth article
    assert code == 0 and "corrections of yours" not in out
    assert err == (
        "newsreader: 1 correction of this story not applied "
        "(sentences not found in these articles; kept)\n"
    )


def test_align_without_a_usable_store_still_aligns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(capsys, "align", "--state-dir", str(blocker / "state"))
    assert code == 0 and "groups at threshold" in out
    assert err.splitlines() == [
        # align only reads the store: it is opened read-only, never made
        f"newsreader: {blocker / 'state' / 'highlights.sqlite3'}: highlights cannot be read "
        "(not a directory)",
        "newsreader: your corrections are not applied",
    ]


def test_export_and_import_carry_corrections(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_articles: list[Article]
) -> None:
    from reader.matching.model import Member

    session = _seed_session(tmp_path / "state", seed_articles)
    session.link(Member(0, 1), Member(3, 4))
    session.unlink(Member(0, 1), Member(2, 2))
    out = tmp_path / "h.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"newsreader: wrote {out}\n"  # not "no highlights"
    for expected in ("2 corrections added, 0 already present", "0 corrections added, 2 already"):
        code, printed, _ = run(capsys, "import", str(out), "--state-dir", str(tmp_path / "b"))
        assert code == 0
        assert printed.startswith("newsreader: 0 highlights added, 0 already present; ")
        assert expected in printed
    code, md, _ = run(capsys, "export", "--state-dir", str(tmp_path / "b"))
    assert "## Corrections of the alignment" in md
    assert md.count("\n- the same: ") == 1 and md.count("\n- not the same: ") == 1
