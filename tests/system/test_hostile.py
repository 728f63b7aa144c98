"""Hostile files: each gets a one-line LoadError, never a hang, a traceback or a blow-up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.articles import LoadError, load_article, load_story
from reader.articles.frontmatter import MAX_CHARS, MAX_DEPTH
from reader.articles.load import MAX_HTML_ELEMENTS, MAX_TEXT_CHARS, plan_story
from reader.articles.manifest import MANIFEST_MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
GOOD = "Headline of the story\n\nA first sentence here. A second one follows.\n"


def alias_bomb() -> str:
    """About 700 bytes of YAML whose aliases expand to 9**9 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\nBody text.\n"


def story_with(tmp_path: Path) -> Path:
    story = tmp_path / "story"
    story.mkdir()
    (story / "good.txt").write_text(GOOD, encoding="utf-8")
    return story


def only_problem(story: Path) -> LoadError:
    loaded = load_story([story])
    assert [a.source.name for a in loaded.articles] == ["good.txt"]
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert "\n" not in str(problem) and str(problem.path) in str(problem)
    return problem


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    os.mkfifo(story / "x.txt")
    problem = only_problem(story)
    assert problem.path.name == "x.txt"
    assert problem.reason == "is not a regular file but a named pipe"


def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    (story / "zero.txt").symlink_to("/dev/zero")
    assert only_problem(story).reason == "is not a regular file but a device"
    with pytest.raises(LoadError, match="not a regular file but a device"):
        load_article(story / "zero.txt")


def test_a_socket_is_refused(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(story / "s.txt"))
        assert "not a regular file" in only_problem(story).reason


@pytest.mark.skipif(not Path("/proc/self/pagemap").exists(), reason="needs Linux /proc")
def test_size_is_checked_on_what_is_read_not_on_what_stat_says(tmp_path: Path) -> None:
    # A /proc file is a regular file of size 0 that reads on for gigabytes.
    link = tmp_path / "pagemap.txt"
    link.symlink_to("/proc/self/pagemap")
    assert link.stat().st_size == 0
    with pytest.raises(LoadError, match=r"file is too large \(over 4,000 bytes, the limit\)"):
        load_article(link, limit=4000)


@pytest.mark.parametrize("links", [{"a.txt": "b.txt", "b.txt": "a.txt"}, {"s.txt": "s.txt"}])
def test_a_symbolic_link_loop_is_one_line(tmp_path: Path, links: dict[str, str]) -> None:
    story = story_with(tmp_path)
    for name, target in links.items():
        (story / name).symlink_to(target)
    loaded = load_story([story, *(story / name for name in links)])
    assert [a.source.name for a in loaded.articles] == ["good.txt"]
    assert sorted(p.path.name for p in loaded.problems) == sorted(links)
    assert {p.reason for p in loaded.problems} == {
        "cannot be read: a symbolic link that loops (or too many links)"
    }


def test_a_file_that_vanishes_after_the_folder_is_listed(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    (story / "gone.txt").write_text(GOOD, encoding="utf-8")
    _, files = plan_story([story])
    (story / "gone.txt").unlink()
    outcomes = []
    for path, entry in files:
        try:
            outcomes.append(load_article(path, entry).source.name)
        except LoadError as exc:
            outcomes.append(str(exc))
    assert outcomes == [f"{story / 'gone.txt'}: no such file or directory", "good.txt"]


def test_files_vanishing_and_reappearing_while_loading(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    names = ["a.txt", "b.md", "c.html", "story.toml", "d.txt"]
    done = threading.Event()

    def churn() -> None:
        while not done.is_set():
            for name in names:
                (story / name).write_text(
                    '[[articles]]\nfile = "a.txt"\n' if name == "story.toml" else GOOD
                )
            for name in names:
                (story / name).unlink()

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(200):
            loaded = load_story([story])  # raises nothing, whatever it finds
            assert all(isinstance(p, LoadError) for p in loaded.problems)
            assert "good.txt" in [a.source.name for a in loaded.articles]
    finally:
        done.set()
        worker.join()


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "{b = " * 5000 + "1" + "}" * 5000])
def test_a_manifest_nested_5000_deep(tmp_path: Path, nested: str) -> None:
    story = story_with(tmp_path)
    (story / "story.toml").write_text(f"a = {nested}\n", encoding="utf-8")
    problem = only_problem(story)
    assert problem.reason == "is not valid TOML: arrays or tables nested too deeply"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (os.mkfifo, "is not a regular file but a named pipe"),
        (lambda p: p.symlink_to("/dev/zero"), "is not a regular file but a device"),
        (lambda p: p.symlink_to(p.name), "a symbolic link that loops"),
        (lambda p: p.mkdir(), "is a directory"),
        (
            lambda p: p.write_text("#" * (MANIFEST_MAX_BYTES + 1)),
            "file is too large (1.0 MB; the limit is 1.0 MB)",
        ),
    ],
)
def test_a_manifest_that_is_not_a_file_or_too_large(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    story = story_with(tmp_path)
    make(story / "story.toml")
    problem = only_problem(story)
    assert problem.path.name == "story.toml" and reason in problem.reason


def test_front_matter_nested_2000_deep(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: " + "[" * 2000 + "]" * 2000 + "\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(
        LoadError, match=f"front matter is nested more than {MAX_DEPTH} levels deep"
    ):
        load_article(path)


def test_front_matter_alias_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert len(alias_bomb()) < 1000
    with pytest.raises(LoadError, match=r"front matter uses a YAML alias \(\*a\); write the value"):
        load_article(path)


def test_front_matter_values_are_read_as_written(tmp_path: Path) -> None:
    # A safe YAML loader turns these into dates and numbers, and fails on them.
    path = tmp_path / "a.md"
    path.write_text(
        f"---\ntitle: 2023-13-45\noutlet: {'9' * 5000}\ndate: 2023-10-12T08:00:00Z\n"
        "url: !!int not-a-number\n---\nBody text here.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert (article.title, article.outlet, article.date, article.url) == (
        "2023-13-45",
        "9" * 5000,
        "2023-10-12T08:00:00Z",
        "not-a-number",
    )


def test_front_matter_with_a_list_for_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [a, b]\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(LoadError, match="front matter: 'title' must be text"):
        load_article(path)


def test_front_matter_too_long(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\n" + "x: y\n" * (MAX_CHARS // 5 + 1) + "---\nBody.\n", encoding="utf-8")
    with pytest.raises(LoadError, match="front matter is too long"):
        load_article(path)


def test_too_much_text_is_refused_before_segmenting(tmp_path: Path) -> None:
    path = tmp_path / "short-sentences.txt"
    path.write_text("Go. " * (MAX_TEXT_CHARS // 4 + 1), encoding="utf-8")
    with pytest.raises(LoadError, match="has too much text for an article"):
        load_article(path)


def test_a_page_of_too_many_elements_is_refused_before_extracting(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "<p>Go now.</p>" * (MAX_HTML_ELEMENTS + 1)
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="has too many HTML elements for a page"):
        load_article(path)


MEMORY_LIMIT = 2 << 30  # the child is stopped here if something runs away
PEAK_LIMIT_KB = 1 << 20  # and must peak under 1 GB

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from reader.cli import main
code = main(["show", *sys.argv[1:]])
print("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def test_show_on_a_folder_of_hostile_files_ends_fast_and_small(tmp_path: Path) -> None:
    story = story_with(tmp_path)
    os.mkfifo(story / "x.txt")
    (story / "zero.txt").symlink_to("/dev/zero")
    (story / "loop.txt").symlink_to("loop.txt")
    (story / "bomb.md").write_text(alias_bomb(), encoding="utf-8")
    (story / "deep.md").write_text("---\nt: " + "[" * 2000 + "]" * 2000 + "\n---\nB.\n")
    (story / "huge.txt").write_bytes(b"Go now. " * 2_700_000)
    (story / "story.toml").write_text("a = " + "[" * 5000 + "]" * 5000)
    if Path("/proc/self/pagemap").exists():
        (story / "pagemap.txt").symlink_to("/proc/self/pagemap")
    run = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=MEMORY_LIMIT), str(story)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    errors = run.stderr.splitlines()
    assert int(errors.pop().split()[1]) < PEAK_LIMIT_KB
    names = sorted(p.name for p in story.iterdir() if p.name != "good.txt")
    assert sorted(Path(line.split(": ")[1]).name for line in errors) == names
    assert "1. good" in run.stdout
