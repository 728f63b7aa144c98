"""`fetch`, `feeds` and `stories` on the command line, against a real local server."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from webdata import PAGES, serve, serve_news

from reader.cli import main
from reader.commands.common import last_story

GOOD = ["herald.html", "courier.html", "vesti.html"]


def _serve_good(web: HTTPServer) -> list[str]:
    return [serve(web, page) for page in PAGES if page["file"] in GOOD]


def test_fetch_saves_what_works_says_what_failed_and_a_retry_asks_only_that(
    web: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web.expect_request("/down").respond_with_data("busy", status=503)
    urls = [*_serve_good(web), web.url_for("/down")]
    assert main(["fetch", *urls, "--story", "Eastmere bridge", "--no-open"]) == 0
    err = capsys.readouterr().err
    assert f"newsreader: {web.url_for('/down')}: the server answered 503 SERVICE UNAVAILABLE" in err
    assert "3 articles saved in" in err
    folder = tmp_path / "data" / "stories" / "eastmere-bridge"
    assert tomllib.loads((folder / "story.toml").read_text())["failed"][0]["url"] == urls[-1]

    assert main(["show", str(folder)]) == 0
    shown = capsys.readouterr()
    assert "warning" not in shown.err and shown.out.count("sentences") == 3

    assert main(["stories"]) == 0
    listed = capsys.readouterr().out
    assert "Eastmere bridge" in listed and str(folder) in listed

    web.clear_log()
    web.clear()
    web.expect_request("/down").respond_with_data("<p>x</p>", content_type="text/html")
    main(["fetch", "--into", str(folder), "--no-open"])
    assert [request.path for request, _ in web.log] == ["/down"]  # only the failed one


def test_fetch_with_nothing_saved_exits_2(
    web: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    web.expect_request("/gone").respond_with_data("", status=410)
    assert main(["fetch", web.url_for("/gone"), "http://news.invalid/a", "--no-open"]) == 2
    err = capsys.readouterr().err
    assert "410" in err and "name was not found" in err and "nothing fetched" in err
    assert not (tmp_path / "data" / "stories").exists()


def test_feeds_add_list_print_and_remove(
    web: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = serve_news(web)
    for url in urls:
        assert main(["feeds", "add", url]) == 0
    again = urls[0].replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#latest"
    assert main(["feeds", "add", again]) == 0  # another spelling of the same feed
    assert "already followed" in capsys.readouterr().err
    assert main(["feeds", "list"]) == 0
    listed = capsys.readouterr().out
    assert all(url in listed for url in urls) and "The Ledger" in listed

    assert main(["feeds", "--print"]) == 0
    events = capsys.readouterr().out.splitlines()
    assert "2 outlets" in events[0] and "Eastmere" in events[0]
    assert sum("only " in line for line in events) == 3

    assert main(["feeds", "remove", "3"]) == 0
    assert main(["feeds", "--print"]) == 0
    assert "only The Ledger" not in capsys.readouterr().out


def test_removing_a_fetched_story_deletes_only_its_folder_and_the_last_story_opens_next(
    web: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert last_story(None) == []  # nothing read yet: the bundled sample opens
    assert main(["fetch", *_serve_good(web), "--story", "Bridge", "--no-open"]) == 0
    folder = tmp_path / "data" / "stories" / "bridge"
    assert last_story(None) == [folder.resolve()]
    (folder / "my-notes.txt").write_text("mine")
    assert main(["stories", "remove", "1"]) == 1  # not a terminal: asks for --yes
    assert main(["stories", "remove", "1", "--yes"]) == 0
    err = capsys.readouterr().err
    assert "removed from the library" in err and "did not write" in err
    assert sorted(p.name for p in folder.iterdir()) == ["my-notes.txt"]  # the reader's file
    assert main(["stories"]) == 0
    assert "Bridge" not in capsys.readouterr().out


def test_a_feeds_outlet_name_is_printed_inert(
    web: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Evil \x1b]0;pwned\x07'
        "\x1b[2J[bold]</title><link>https://evil.example/</link><item><title>Hello</title>"
        "<link>https://evil.example/a</link></item></channel></rss>"
    )
    web.expect_request("/evil.xml").respond_with_data(rss, content_type="application/rss+xml")
    assert main(["feeds", "add", web.url_for("/evil.xml")]) == 0
    assert main(["feeds", "--print"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "[bold]" in out


def test_removing_a_story_never_deletes_a_listed_file_newsreader_did_not_fetch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.web.folder import remove_folder

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.txt").write_text("My own article, typed by hand. It says something.")
    (folder / "story.toml").write_text(
        'made_by = "newsreader"\n[[articles]]\nfile = "mine.txt"\n', encoding="utf-8"
    )
    problems = remove_folder([folder])
    assert (folder / "mine.txt").exists()
    assert any("did not write" in problem for problem in problems)


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e300", "0"])
def test_a_timeout_out_of_range_is_one_line(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["fetch", "--timeout", value, "http://127.0.0.1:9/"])
    assert exited.value.code == 2
    assert "between 0.1 and 600" in capsys.readouterr().err
