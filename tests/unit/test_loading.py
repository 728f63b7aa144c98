"""Loading every supported input, and every kind of bad input, file by file."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from reader.articles import LoadError, load_article, load_story

TEXT = "Headline of the story\n\nMr. Smith arrived in the U.S. at 5 p.m. on Oct.\n12 and left.\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + "Café in Kyiv — “quoted”.\n\nSecond line here.".encode(encoding))
    article = load_article(path)
    assert article.text.startswith("Café in Kyiv — “quoted”.")
    assert "\ufeff" not in article.text


def test_legacy_single_byte_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    text = (
        "Le président est arrivé à Bichkek jeudi. Il a rencontré son homologue kirghize, "
        "qui a salué les liens très étroits entre les deux pays. Les échanges ont augmenté."
    )
    path.write_bytes(text.encode("cp1252"))
    assert load_article(path).text == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.replace("\n", newline).encode())
    article = load_article(path)
    assert "\r" not in article.text
    assert [s.text for s in article.sentences] == [
        "Headline of the story",
        "Mr. Smith arrived in the U.S. at 5 p.m. on Oct.\n12 and left.",
    ]


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: The title\noutlet: The Outlet\ndate: 2023-10-12\nurl: https://x.example/a\n---\n"
        "# The title\n\nFirst sentence here. Second one.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert (article.title, article.outlet, article.date, article.url) == (
        "The title",
        "The Outlet",
        "2023-10-12",
        "https://x.example/a",
    )
    assert [(s.text, s.heading) for s in article.sentences] == [
        ("The title", True),
        ("First sentence here.", False),
        ("Second one.", False),
    ]


def test_markdown_with_broken_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(LoadError, match="front matter is not valid YAML"):
        load_article(path)


HTML = """<!doctype html><html><head><title>Putin visits Kyrgyzstan | The Outlet</title>
<meta property="og:site_name" content="The Outlet">
<meta property="article:published_time" content="2023-10-12T08:00:00Z">
</head><body><nav><a href="/">Home</a> » <a href="/world">World</a></nav>
<article><h1>Putin visits Kyrgyzstan</h1>
<p>Russian President Vladimir Putin arrived in Bishkek on Thursday for talks with President
Sadyr Japarov, his first trip abroad since the arrest warrant.</p>
<p>The two leaders marked the 20th anniversary of the Russian air base at Kant, outside the
capital, and discussed trade, which has grown sharply.</p></article>
<footer>Share this article. © 2023 The Outlet</footer></body></html>"""


def test_html_goes_through_the_extractor(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(HTML, encoding="utf-8")
    article = load_article(path)
    assert article.outlet == "The Outlet"
    assert article.date == "2023-10-12"
    assert "Putin visits Kyrgyzstan" in article.title
    body = [s.text for s in article.body]
    assert body[0].startswith("Russian President Vladimir Putin arrived in Bishkek")
    assert "<p>" not in article.text and "Home" not in article.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "a.htm"
    path.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="no article text found in the HTML"):
        load_article(path)


def _bad(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "controls.txt").write_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40)
    (tmp_path / "bad-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone surrogate
    (tmp_path / "big.txt").write_bytes(b"word " * 1000)
    # Reading process memory through /proc fails with an I/O error, even for root.
    (tmp_path / "unreadable.txt").symlink_to("/proc/self/mem")
    (tmp_path / "folder.txt").mkdir()
    return {
        "missing": (tmp_path / "missing.txt", "no such file or directory"),
        "empty": (tmp_path / "empty.txt", "the file is empty"),
        "blank": (tmp_path / "blank.txt", "the file is empty"),
        "binary": (tmp_path / "binary.txt", "looks like a binary file"),
        "controls": (tmp_path / "controls.txt", "looks like a binary file"),
        "bad utf-16": (tmp_path / "bad-utf16.txt", "byte order mark but is not valid"),
        "too large": (tmp_path / "big.txt", "file is too large"),
        "unreadable": (tmp_path / "unreadable.txt", "cannot be read"),
        "directory": (tmp_path / "folder.txt", "is a directory"),
        "unsupported": (tmp_path / "missing.pdf", "no such file"),
    }


def test_every_bad_input_is_one_clear_error(tmp_path: Path) -> None:
    for name, (path, reason) in _bad(tmp_path).items():
        with pytest.raises(LoadError) as caught:
            load_article(path, limit=4000)
        error = caught.value
        assert error.path == path, name
        assert reason in error.reason, (name, error.reason)
        assert "\n" not in str(error) and str(path) in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Some text.", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(LoadError, match="permission denied"):
        load_article(path)


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 8)
    with pytest.raises(LoadError, match="cannot be decoded as text in any known encoding"):
        load_article(path)


def test_good_inputs_load_beside_bad_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty.txt").write_bytes(b"")
    story = load_story([tmp_path, tmp_path / "missing.md"])
    assert [a.source for a in story.articles] == [good]
    assert sorted(p.path.name for p in story.problems) == ["empty.txt", "missing.md"]
    assert any("notes.pdf: skipped" in w for w in story.warnings)


def test_directory_with_nothing_loadable(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    story = load_story([tmp_path])
    assert not story.articles
    assert [(p.path, p.reason.split(" (")[0]) for p in story.problems] == [
        (tmp_path, "no article files in it")
    ]


def test_broken_manifest_is_reported_and_articles_still_load(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "story.toml").write_text("[[articles]\nfile = 1", encoding="utf-8")
    story = load_story([tmp_path])
    assert len(story.articles) == 1
    assert story.articles[0].title == "Headline of the story"
    assert [p.path.name for p in story.problems] == ["story.toml"]
    assert "not valid TOML" in story.problems[0].reason


def test_manifest_mistakes_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "story.toml").write_text(
        '[[articles]]\nfile = "a.txt"\noutlet = "Wire"\ndate = "12/10/2023"\nouttlet = "x"\n'
        '[[articles]]\nfile = "gone.txt"\n',
        encoding="utf-8",
    )
    story = load_story([tmp_path])
    assert story.articles[0].outlet == "Wire" and not story.problems
    manifest = tmp_path / "story.toml"
    assert story.warnings == [
        f"{manifest}: article 1: ignored 'outtlet'",
        f"{manifest}: article 1: date '12/10/2023' is not YYYY-MM-DD",
        f"{manifest}: article 2: no file 'gone.txt' in {tmp_path}",
    ]


def test_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    story = load_story([tmp_path, tmp_path / "a.txt"])
    assert len(story.articles) == 1
    assert story.warnings == [f"{tmp_path / 'a.txt'}: given more than once; read once"]


def test_a_story_is_named_by_its_manifest_else_its_folder(tmp_path: Path) -> None:
    from reader.articles.load import plan_story

    folder = tmp_path / "senate-vote"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    planned, _ = plan_story([folder])
    assert planned.name == load_story([folder]).name == "senate-vote"
    other = tmp_path / "elsewhere.txt"
    other.write_text(TEXT, encoding="utf-8")
    assert load_story([folder / "a.txt", other]).name == "a.txt, elsewhere.txt"
    (folder / "story.toml").write_text('title = "The Senate vote"\n', encoding="utf-8")
    assert load_story([folder]).name == "The Senate vote"
