"""The cache of loaded articles: same articles as a fresh read, and never trusted blindly."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import SEEDS

from reader.articles import Article
from reader.articles import cache as cache_module
from reader.articles.cache import ArticleCache
from reader.articles.load import Loader
from reader.cli import main


def same(a: Article, b: Article) -> bool:
    fields = ("source", "title", "outlet", "text", "paragraphs", "sentences", "date", "url")
    return all(getattr(a, f) == getattr(b, f) for f in fields) and a.warnings == b.warnings


def entries(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.json"))


def test_a_warm_read_gives_exactly_the_articles_of_a_fresh_one(tmp_path: Path) -> None:
    fresh = Loader().story([SEEDS]).articles
    cache = ArticleCache(tmp_path)
    first = Loader(cache).story([SEEDS]).articles
    assert len(entries(tmp_path)) == len(fresh)
    warm = Loader(cache).story([SEEDS]).articles
    assert all(same(a, b) for a, b in zip(fresh, first, strict=True))
    assert all(same(a, b) for a, b in zip(fresh, warm, strict=True))


def test_warm_reads_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ArticleCache(tmp_path)
    Loader(cache).story([SEEDS])

    def fail(*_: object) -> Article:
        raise AssertionError("parsed again")

    monkeypatch.setattr("reader.articles.load._parse", fail)
    assert len(Loader(cache).story([SEEDS]).articles) == 5


def story(tmp_path: Path, text: str, outlet: str = "First Outlet") -> Path:
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "story.toml").write_text(
        f'[[articles]]\nfile = "a.txt"\noutlet = "{outlet}"\n', encoding="utf-8"
    )
    return folder


def test_a_changed_file_or_manifest_entry_is_read_afresh(tmp_path: Path) -> None:
    loader = Loader(ArticleCache(tmp_path / "cache"))
    folder = story(tmp_path, "Title\n\nThe first text. It has two sentences.")
    assert loader.story([folder]).articles[0].sentences[1].text == "The first text."
    story(tmp_path, "Title\n\nThe second text.")
    assert loader.story([folder]).articles[0].sentences[1].text == "The second text."
    story(tmp_path, "Title\n\nThe second text.", outlet="Other Outlet")
    assert loader.story([folder]).articles[0].outlet == "Other Outlet"


def test_a_new_loader_version_never_meets_old_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ArticleCache(tmp_path)
    Loader(cache).story([SEEDS])
    monkeypatch.setattr(cache_module, "loader_version", lambda: "another version")
    Loader(cache).story([SEEDS])
    assert len(entries(tmp_path)) == 10  # five more, under new keys


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "one byte changed":
        at = data.index(b'"sentences":[[') + len(b'"sentences":[[')
        path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "binary":
        path.write_bytes(os.urandom(4096))
    elif how == "foreign json":
        path.write_text(json.dumps({"format": "something else", "sentences": [[0, 9e9]]}))
    elif how == "deep json":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif how == "a directory":
        path.unlink()
        path.mkdir()
    elif how == "a well-formed lie":
        header, _, payload = data.partition(b"\n")
        record = json.loads(payload)
        record["sentences"][0][1] = 10**9  # an offset past the end of the text
        forged = json.dumps(record).encode()
        fields = json.loads(header) | {"sha256": hashlib.sha256(forged).hexdigest()}
        path.write_bytes(json.dumps(fields).encode() + b"\n" + forged)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "one byte changed",
        "empty",
        "binary",
        "foreign json",
        "deep json",
        "a directory",
        "a well-formed lie",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path: Path, how: str) -> None:
    cache = ArticleCache(tmp_path)
    fresh = Loader().story([SEEDS]).articles
    Loader(cache).story([SEEDS])
    for path in entries(tmp_path):
        _damage(path, how)
    again = Loader(cache).story([SEEDS])
    assert not again.problems
    assert all(same(a, b) for a, b in zip(fresh, again.articles, strict=True))
    if how != "a directory":  # a directory in its place cannot be replaced by a file
        replaced = [cache.get(path.stem, SEEDS / "any.txt") for path in entries(tmp_path)]
        assert len(replaced) == 5 and all(replaced)


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("in the way")
    loaded = Loader(ArticleCache.open(blocker)).story([SEEDS])
    assert len(loaded.articles) == 5 and not loaded.problems


def test_trim_keeps_the_most_recently_used(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    articles = Loader(cache).story([SEEDS]).articles
    paths = entries(tmp_path)
    for age, path in enumerate(paths):
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    cache.trim(2)
    assert entries(tmp_path) == paths[-2:]
    assert len(articles) == 5


def test_cache_directory_from_flag_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "--cache-dir", str(tmp_path / "flag"), str(SEEDS)]) == 0
    assert len(entries(tmp_path / "flag")) == 5
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "env"))
    assert main(["align", str(SEEDS)]) == 0
    assert len(entries(tmp_path / "env")) == 5
    assert main(["show", "--no-cache", "--cache-dir", str(tmp_path / "none"), str(SEEDS)]) == 0
    assert not (tmp_path / "none").exists()
    capsys.readouterr()
