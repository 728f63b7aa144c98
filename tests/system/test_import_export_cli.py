"""`newsreader import` and `export` on hostile files and failing outputs, as a reader
runs them: each ends in one clear line and a status, never a traceback, and loses
nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from reader.articles import Article
from reader.highlights.model import make


def newsreader(*argv: str, **options: Any) -> subprocess.CompletedProcess[str]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | options
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv], text=True, timeout=60, check=False, **streams
    )


def highlight(article: Article, number: int, **change: Any) -> dict[str, Any]:
    sentence = article.sentences[1 + number % (len(article.sentences) - 1)]
    made = make("story", article, sentence.start, sentence.end)
    return asdict(replace(made, id=f"id{number:04d}", **change))


def export_file(folder: Path, items: list[Any], **extra: Any) -> Path:
    path = folder / "in.json"
    data = {"format": "newsreader-highlights", "version": 2, "highlights": items, **extra}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stored(state: Path) -> list[dict[str, Any]]:
    done = newsreader("export", "--format", "json", "--state-dir", str(state))
    assert done.returncode == 0, done.stderr
    items: list[dict[str, Any]] = json.loads(done.stdout)["highlights"]
    return items


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    ids=["nested 10,000 deep", "version as text", "version null", "highlights null"],
    argvalues=[
        ("nested 10,000 deep", "[" * 10_000 + "]" * 10_000, "nested deeper than 64 levels"),
        ("version as text", '{"format": "newsreader-highlights", "version": "1"}', 'not "1"'),
        ("version null", '{"format": "newsreader-highlights", "version": null}', "not null"),
        (
            "highlights null",
            '{"format": "newsreader-highlights", "highlights": null}',
            '"highlights" is not a list',
        ),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_in_one_line(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    (tmp_path / "in.json").write_text(text, encoding="utf-8")
    done = newsreader("import", str(tmp_path / "in.json"), "--state-dir", str(tmp_path / "s"))
    assert done.returncode == 2, name
    assert done.stderr.count("\n") == 1 and reason in done.stderr, done.stderr
    assert done.stderr.startswith(f"newsreader: {tmp_path / 'in.json'}: ")
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start": 2**70}, "highlight 2: start is out of range (0 to 2**63 - 1)"),
        ({"note": "\ud800"}, "highlight 2: note holds a lone surrogate (not Unicode text)"),
        ({"exact": None}, "highlight 2: exact has the wrong type (null)"),
    ],
)
def test_a_bad_highlight_is_named_and_the_others_imported(
    tmp_path: Path, seed_articles: list[Article], change: dict[str, Any], reason: str
) -> None:
    article = seed_articles[0]
    items = [highlight(article, 0), {**highlight(article, 1), **change}, highlight(article, 2)]
    path = export_file(tmp_path, items)
    done = newsreader("import", str(path), "--state-dir", str(tmp_path / "s"))
    assert done.returncode == 1
    assert done.stderr == f"newsreader: {path}: {reason}; not imported\n"
    assert done.stdout == "newsreader: 2 highlights added, 0 already present; 1 rejected\n"
    assert [h["id"] for h in stored(tmp_path / "s")] == ["id0000", "id0002"]
    again = newsreader("import", str(path), "--state-dir", str(tmp_path / "s"))
    assert "0 highlights added, 2 already present; 1 rejected" in again.stdout


def test_rejections_are_listed_up_to_twenty(tmp_path: Path, seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    items = [{**highlight(article, n), "exact": None} for n in range(25)]
    path = export_file(tmp_path, [*items, highlight(article, 99)])
    done = newsreader("import", str(path), "--state-dir", str(tmp_path / "s"))
    lines = done.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0].endswith("highlight 1: exact has the wrong type (null); not imported")
    assert lines[19].endswith("highlight 20: exact has the wrong type (null); not imported")
    assert lines[20] == f"newsreader: {path}: and 5 more not imported"
    assert done.stdout == "newsreader: 1 highlight added, 0 already present; 25 rejected\n"
    assert "Traceback" not in done.stderr


# -- export to outputs that fail ------------------------------------------------------------


@pytest.fixture
def state(tmp_path: Path, seed_articles: list[Article]) -> Path:
    """A state directory holding 40 highlights with long notes (an export of ~100 KB)."""
    items = [highlight(seed_articles[0], n, note="a long note. " * 150) for n in range(40)]
    path = export_file(tmp_path, items)
    done = newsreader("import", str(path), "--state-dir", str(tmp_path / "state"))
    assert done.returncode == 0, done.stderr
    return tmp_path / "state"


def test_export_to_a_full_stdout_says_so(state: Path) -> None:
    with Path("/dev/full").open("w") as full:
        done = newsreader("export", "--state-dir", str(state), stdout=full)
    assert done.returncode == 1
    assert done.stderr == "newsreader: cannot write to standard output (No space left on device)\n"


def test_export_to_a_closed_stdout_says_so(state: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "export", "--state-dir", str(state)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1
    assert done.stderr.startswith("newsreader: standard output is closed: nothing written")
    assert done.stderr.count("\n") == 1


def test_export_to_a_pipe_closed_early_ends_without_a_traceback(state: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # as `| head -c1` does once it has what it wants
    try:
        done = newsreader("export", "--state-dir", str(state), stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == ""


FULL_DISK = """
set -e
mount -t tmpfs -o size=96k tmpfs "$DIR"
printf 'the export made yesterday\\n' > "$DIR/out.md"
head -c 60000 /dev/zero > "$DIR/filler"
set +e
"$PYTHON" -m reader export -o "$DIR/out.md" --state-dir "$STATE" 2> "$LOG"
echo "status $?"
echo "kept $(cat "$DIR/out.md")"
echo "files $(ls -A "$DIR" | tr '\\n' ' ')"
rm "$DIR/filler"
"$PYTHON" -m reader export -o "$DIR/out.md" --state-dir "$STATE" 2>> "$LOG"
echo "status $?"
echo "size $(wc -c < "$DIR/out.md")"
"""


def can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs a user namespace to mount a tmpfs")
def test_export_over_a_file_on_a_full_disk_keeps_the_file(state: Path, tmp_path: Path) -> None:
    (tmp_path / "disk").mkdir()
    env = {
        **os.environ,
        "DIR": str(tmp_path / "disk"),
        "STATE": str(state),
        "PYTHON": sys.executable,
        "LOG": str(tmp_path / "log"),
    }
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", FULL_DISK],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        "status 1",
        "kept the export made yesterday",
        "files filler out.md ",  # no temporary file left beside it
    ]
    assert lines[3] == "status 0" and int(lines[4].split()[1]) > 60_000
    log = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert log[0] == (
        f"newsreader: {tmp_path / 'disk' / 'out.md'}: cannot write (No space left on device); "
        "the file there was left as it was"
    )
    assert log[1] == f"newsreader: wrote {tmp_path / 'disk' / 'out.md'}"


def test_export_to_a_device_or_a_pipe_writes_it_and_never_replaces_it(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    """-o names something that is not a regular file: it is written to as it is."""
    import stat

    state = tmp_path / "s"
    path = export_file(tmp_path, [highlight(seed_articles[0], 0)])
    assert newsreader("import", str(path), "--state-dir", str(state)).returncode == 0
    full = newsreader("export", "-o", "/dev/full", "--state-dir", str(state))
    assert full.returncode == 1 and "No space left on device" in full.stderr
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)  # still the device
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    done = newsreader("export", "-o", str(fifo), "--state-dir", str(state))
    out, _ = reader.communicate(timeout=60)
    assert done.returncode == 0 and out.startswith("# ")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
