"""`fetch_story` against a real server on the loopback address: folders, failures, retries."""

from __future__ import annotations

import shutil
import socket
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS
from pytest_httpserver import HTTPServer
from webdata import PAGES, page_bytes, serve
from werkzeug import Request, Response

from reader.articles import load_story
from reader.articles.errors import LoadError
from reader.articles.manifest import read_manifest
from reader.web.extract import SHORT_WARNING
from reader.web.folder import MADE_BY, FetchReport, FolderError, fetch_story
from reader.web.http import USER_AGENT
from reader.web.pages import STOPPED, PageEvent, normalise

BY_FILE = {page["file"]: page for page in PAGES}
GOOD = ["herald.html", "courier.html", "vesti.html", "tribune.html", "post.html", "ledger.html"]


def manifest(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "story.toml").read_text("utf-8"))


def requests_for(web: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in web.log if request.path == path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != "story.toml"
    }


def test_pages_become_a_story_folder_that_loads_each_page_once(
    web: HTTPServer, tmp_path: Path, connections: list[str]
) -> None:
    names = [*GOOD, "paywall.html", "consent.html"]
    urls = [serve(web, BY_FILE[name]) for name in names]
    report = fetch_story(urls, stories=tmp_path / "stories")

    assert report.ok and not report.failed and not report.skipped
    folder = report.folder
    assert folder == tmp_path / "stories" / "eastmere-harbour-bridge-reopens-after-two-year-repair"
    assert [saved.file for saved in report.saved] == [
        "001-the-herald.md",
        "002-courier-example.md",
        "003-вести-побережья.md",
        "004-eastmere-tribune.md",
        "005-coast-post.md",
        "006-regional-ledger.md",
        "007-the-herald.md",
        "008-daily-signal.md",
    ]
    assert [saved.file for saved in report.warned] == ["007-the-herald.md", "008-daily-signal.md"]

    data = manifest(folder)
    assert data["made_by"] == MADE_BY
    assert data["title"] == BY_FILE["herald.html"]["title"]
    for entry, name, url in zip(data["articles"], names, urls, strict=True):
        page = BY_FILE[name]
        assert entry["source"] == url
        assert entry["url"] == page["canonical"]
        assert entry["outlet"] == page["outlet"]
        assert entry.get("author") == page.get("author")
        assert entry.get("warning") == (SHORT_WARNING if page.get("short") else None)
        assert (folder / entry["raw"]).read_bytes() == page_bytes(page)

    story = load_story([folder])
    assert not story.problems and not story.warnings
    assert len(story.articles) == len(names)
    assert all(path.parent == folder for path in story.files)
    assert story.name == data["title"]
    herald = story.articles[0]
    assert (herald.title, herald.outlet, herald.author, herald.date) == (
        "Eastmere harbour bridge reopens after two-year repair",
        "The Herald",
        "Mara Lindqvist",
        "2024-05-14",
    )
    assert herald.body[0].text.startswith("The harbour bridge in Eastmere reopened")
    assert [a.warnings for a in story.articles[-2:]] == [(SHORT_WARNING,), (SHORT_WARNING,)]
    assert not any(a.warnings for a in story.articles[:-2])

    assert {request.headers["User-Agent"] for request, _ in web.log} == {USER_AGENT}
    assert connections and set(connections) == {"127.0.0.1"}


def test_front_matter_alone_gives_the_article_its_metadata(web: HTTPServer, tmp_path: Path) -> None:
    report = fetch_story([serve(web, BY_FILE["courier.html"])], folder=tmp_path / "s")
    (tmp_path / "s" / "story.toml").unlink()
    shutil.rmtree(tmp_path / "s" / "raw")
    story = load_story([tmp_path / "s" / report.saved[0].file])
    article = story.articles[0]
    assert (article.title, article.outlet, article.author, article.date, article.url) == (
        "Bridge back in business: Eastmere crossing open again",
        "courier.example",
        "Tomás Ferreira",
        "2024-05-14",
        "https://www.courier.example/news/2024/eastmere-crossing-open-again",
    )


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host whose name cannot be looked up because there is no network."""
    guarded = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "offline.example":
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return guarded(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "http://offline.example/story"


def _failing_server(web: HTTPServer) -> dict[str, str]:
    """A server with one page for each way a fetch fails; the path to the words expected."""
    release: threading.Event = web.release  # type: ignore[attr-defined]

    def stall(_: Request) -> Response:
        release.wait()
        return Response("late", content_type="text/html")

    def drip() -> Iterator[bytes]:
        yield b"<html><body>"
        while not release.wait(0.05):  # a byte now and then, never the whole page
            yield b"<p>"

    def endless() -> Iterator[bytes]:
        while True:
            yield b"<p>" + b"x" * 4096 + b"</p>"

    web.expect_request("/stall").respond_with_handler(stall)
    web.expect_request("/drip").respond_with_handler(
        lambda _: Response(drip(), content_type="text/html")
    )
    web.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    web.expect_request("/huge").respond_with_data(b"<p>" * 20_000, content_type="text/html")
    web.expect_request("/stream").respond_with_handler(
        lambda _: Response(endless(), content_type="text/html")
    )
    web.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    web.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff", content_type="image/jpeg")
    for status in (404, 410, 503):
        web.expect_request(f"/{status}").respond_with_data("gone", status=status)
    binary = bytes(range(256)) * 40
    web.expect_request("/binary").respond_with_data(binary, content_type="text/html")
    return {
        "/stall": "timed out: no answer within 0.5 s",
        "/drip": "timed out: the page took longer than 1 s",
        "/loop": "more than 5 redirects (a redirect loop?)",
        "/huge": "the page is larger than 0.05 MB, the limit",
        "/stream": "the page is larger than 0.05 MB, the limit",
        "/report.pdf": "not a web page but application/pdf",
        "/photo.jpg": "not a web page but image/jpeg",
        "/404": "the server answered 404 NOT FOUND",
        "/410": "the server answered 410 GONE",
        "/503": "the server answered 503 SERVICE UNAVAILABLE",
        "/binary": "the page cannot be read as text (",
    }


def test_every_failure_is_one_line_and_the_good_pages_are_saved(
    web: HTTPServer, tmp_path: Path, closed_port: int, offline: str
) -> None:
    expected = {web.url_for(path): words for path, words in _failing_server(web).items()}
    expected["http://news.invalid/"] = "the server's name was not found (a typo in the address?)"
    expected[f"http://127.0.0.1:{closed_port}/"] = "the server refused the connection"
    expected[offline] = "no network: the server's name could not be looked up"
    good = serve(web, BY_FILE["herald.html"])
    again = good.replace("http://", "HTTP://").replace("/2024", "/2024", 1) + "#top"
    urls = [good, *expected, again]

    report = fetch_story(urls, folder=tmp_path / "story", timeout=0.5, deadline=1.0, limit=50_000)

    assert report.ok
    assert [saved.url for saved in report.saved] == [good]
    reasons = {failure.url: failure.reason for failure in report.failed}
    assert reasons.keys() == expected.keys()
    for url, words in expected.items():
        assert reasons[url].startswith(words), (url, reasons[url])
        assert "\n" not in reasons[url]
    assert [(skip.url, skip.reason) for skip in report.skipped] == [
        (again, f"given twice (also as {good})")
    ]
    failed = manifest(tmp_path / "story")["failed"]
    assert [item["url"] for item in failed] == list(expected)
    assert all(item["reason"] == reasons[item["url"]] for item in failed)


def test_nothing_saved_is_not_ok_and_makes_no_folder(
    web: HTTPServer, tmp_path: Path, closed_port: int
) -> None:
    web.expect_request("/404").respond_with_data("gone", status=404)
    report = fetch_story(
        [web.url_for("/404"), f"http://127.0.0.1:{closed_port}/"], stories=tmp_path / "stories"
    )
    assert not report.ok and report.folder is None and len(report.failed) == 2
    assert not (tmp_path / "stories").exists()


def test_a_retry_asks_again_for_the_failed_pages_only(web: HTTPServer, tmp_path: Path) -> None:
    up = threading.Event()
    courier = BY_FILE["courier.html"]

    def flaky(_: Request) -> Response:
        if not up.is_set():
            return Response("busy", status=503)
        return Response(page_bytes(courier), content_type=courier["content_type"])

    web.expect_request("/flaky").respond_with_handler(flaky)
    web.expect_request("/gone").respond_with_data("gone", status=410)
    good = serve(web, BY_FILE["herald.html"])
    folder = tmp_path / "story"
    first = fetch_story([good, web.url_for("/flaky"), web.url_for("/gone")], folder=folder)
    assert [f.reason for f in first.failed] == [
        "the server answered 503 SERVICE UNAVAILABLE",
        "the server answered 410 GONE",
    ]
    before = snapshot(folder)

    up.set()
    second = fetch_story([], folder=folder)

    herald = BY_FILE["herald.html"]["path"]
    asked = [requests_for(web, path) for path in (herald, "/flaky", "/gone")]
    assert asked == [1, 2, 2]
    assert [saved.file for saved in second.saved] == ["002-courier-example.md"]
    assert [f.url for f in second.failed] == [web.url_for("/gone")]
    data = manifest(folder)
    assert [item["url"] for item in data["failed"]] == [web.url_for("/gone")]
    files = [item["file"] for item in data["articles"]]
    assert files == ["001-the-herald.md", "002-courier-example.md"]
    after = snapshot(folder)
    assert {name: after[name] for name in before} == before


def test_adding_a_page_keeps_every_file_and_skips_what_is_there(
    web: HTTPServer, tmp_path: Path
) -> None:
    folder = tmp_path / "story"
    herald = serve(web, BY_FILE["herald.html"])
    fetch_story([herald, serve(web, BY_FILE["post.html"])], folder=folder, title="The bridge")
    before = snapshot(folder)
    asked = requests_for(web, BY_FILE["herald.html"]["path"])
    mirror = serve(web, BY_FILE["herald.html"], path="/amp/bridge")  # same canonical URL

    report = fetch_story(
        [herald, mirror, serve(web, BY_FILE["ledger.html"])], folder=folder, title="Other"
    )

    assert requests_for(web, BY_FILE["herald.html"]["path"]) == asked
    assert [(s.url, s.reason, s.file) for s in report.skipped] == [
        (herald, "already in the story as 001-the-herald.md", "001-the-herald.md"),
        (mirror, "already in the story as 001-the-herald.md", "001-the-herald.md"),
    ]
    assert [saved.file for saved in report.saved] == ["003-regional-ledger.md"]
    after = snapshot(folder)
    assert {name: after[name] for name in before} == before
    assert set(after) - set(before) == {"003-regional-ledger.md", "raw/003-regional-ledger.html"}
    assert manifest(folder)["title"] == "The bridge"
    story = load_story([folder])
    assert len(story.articles) == 3 and not story.warnings and not story.problems


def test_two_addresses_of_one_page_in_a_batch_save_it_once(web: HTTPServer, tmp_path: Path) -> None:
    first = serve(web, BY_FILE["herald.html"])
    mirror = serve(web, BY_FILE["herald.html"], path="/amp/bridge")
    report = fetch_story([first, mirror], folder=tmp_path / "s")
    assert [saved.url for saved in report.saved] == [first]
    assert [(s.reason, s.file) for s in report.skipped] == [
        (f"the same page as {first}", "001-the-herald.md")
    ]


def test_author_and_warning_survive_the_article_cache(web: HTTPServer, tmp_path: Path) -> None:
    from reader.articles.cache import ArticleCache
    from reader.articles.load import Loader

    report = fetch_story([serve(web, BY_FILE["paywall.html"])], folder=tmp_path / "s")
    loader = Loader(cache=ArticleCache.open(tmp_path / "cache"))
    fresh, cached = (loader.story([tmp_path / "s"]).articles[0] for _ in range(2))
    assert report.warned and any((tmp_path / "cache").rglob("*.json"))
    assert (cached.author, cached.warnings) == ("Mara Lindqvist", (SHORT_WARNING,))
    assert cached == fresh


def test_only_already_present_pages_is_still_ok(web: HTTPServer, tmp_path: Path) -> None:
    url = serve(web, BY_FILE["herald.html"])
    fetch_story([url], folder=tmp_path / "story")
    report = fetch_story([url], folder=tmp_path / "story")
    assert report.ok and not report.saved and report.skipped[0].file == "001-the-herald.md"


def test_into_a_readers_own_folder_adds_after_its_files(web: HTTPServer, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    before = snapshot(folder)
    report = fetch_story([serve(web, BY_FILE["herald.html"])], folder=folder)
    assert [saved.file for saved in report.saved] == ["005-the-herald.md"]
    data = manifest(folder)
    assert "made_by" not in data
    assert data["title"] == tomllib.loads((SEEDS / "story.toml").read_text())["title"]
    after = snapshot(folder)
    assert {name: after[name] for name in before} == before
    story = load_story([folder])
    assert len(story.articles) == 6 and not story.warnings and not story.problems


def test_a_title_taken_gets_a_number(web: HTTPServer, tmp_path: Path) -> None:
    url = serve(web, BY_FILE["post.html"])
    first = fetch_story([url], stories=tmp_path, title="Bridge: day one")
    second = fetch_story([url], stories=tmp_path, title="Bridge: day one")
    assert first.folder == tmp_path / "bridge-day-one"
    assert second.folder == tmp_path / "bridge-day-one-2"


def test_progress_tells_of_each_page(web: HTTPServer, tmp_path: Path) -> None:
    web.expect_request("/404").respond_with_data("gone", status=404)
    good = serve(web, BY_FILE["herald.html"])
    events: list[PageEvent] = []
    lock = threading.Lock()

    def record(event: PageEvent) -> None:
        with lock:
            events.append(event)

    fetch_story([good, web.url_for("/404"), good], folder=tmp_path / "s", progress=record)
    seen = sorted((event.index, event.state) for event in events)
    assert seen == [(0, "finished"), (0, "started"), (1, "failed"), (1, "started"), (2, "skipped")]
    assert {event.total for event in events} == {3}
    failed = next(event for event in events if event.state == "failed")
    assert failed.reason == "the server answered 404 NOT FOUND"


def test_a_stopped_fetch_keeps_the_pages_for_a_retry(web: HTTPServer, tmp_path: Path) -> None:
    url = serve(web, BY_FILE["herald.html"])
    stop = threading.Event()
    stop.set()
    report = fetch_story([url], folder=tmp_path / "s", stop=stop)
    assert [f.reason for f in report.failed] == [STOPPED] and not web.log
    assert manifest(tmp_path / "s")["failed"][0]["url"] == url
    assert len(fetch_story([], folder=tmp_path / "s").saved) == 1


def test_a_broken_story_toml_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "story.toml").write_text("[[articles]]\nfile = 3\n")
    with pytest.raises(FolderError) as caught:
        fetch_story(["http://127.0.0.1:1/"], folder=tmp_path)
    assert str(caught.value) == f"{tmp_path / 'story.toml'}: article 1 has no 'file' name"


def test_a_file_for_a_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(FolderError, match=r"is not a folder$"):
        fetch_story(["http://127.0.0.1:1/"], folder=tmp_path / "f")


def test_the_manifest_checks_failed_entries_and_names_raw_folders(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("One sentence here.\n")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.html").write_text("<p>One sentence here.</p>")
    (tmp_path / "notes").mkdir()
    (tmp_path / "story.toml").write_text(
        '[[articles]]\nfile = "a.md"\nraw = "raw/a.html"\nsource = "http://x/"\n'
        '[[failed]]\nurl = "http://y/"\nreason = "gone"\n'
    )
    found = read_manifest(tmp_path)
    assert found is not None and not found.warnings
    assert found.raw_folders == {"raw"} and found.failed[0].url == "http://y/"
    story = load_story([tmp_path])
    assert story.warnings == [f"{tmp_path / 'notes'}: skipped: subdirectories are not read"]
    (tmp_path / "story.toml").write_text("[[failed]]\nurl = 1\n")
    with pytest.raises(LoadError, match="failed page 1 has no 'url'"):
        read_manifest(tmp_path)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("HTTP://News.Example:80/a?b=1#c", "http://news.example/a?b=1"),
        ("https://news.example:443", "https://news.example/"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_spellings_of_one_url_are_equal(one: str, other: str) -> None:
    assert normalise(one) == normalise(other) == other


def test_a_report_with_only_failures_is_not_ok() -> None:
    assert not FetchReport(None).ok
