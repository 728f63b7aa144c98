"""Getting a URL against a real server on the loopback address: each failure is one line."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.web.http import PAGE_TYPES, USER_AGENT, FetchError, client, get

PAGE = "<html><head><title>T</title></head><body><p>Text.</p></body></html>"


def _reason(url: str, **kwargs: object) -> str:
    timeout = float(kwargs.pop("timeout", 5.0))  # type: ignore[arg-type]
    with client(timeout=timeout) as session, pytest.raises(FetchError) as caught:
        get(session, url, **kwargs)  # type: ignore[arg-type]
    assert "\n" not in caught.value.reason
    return caught.value.reason


def test_a_page_comes_back_with_its_type_charset_and_final_address(web: HTTPServer) -> None:
    web.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": web.url_for("/new")})
    )
    web.expect_request("/new").respond_with_data(
        PAGE.encode("cp1252"), content_type="text/html; charset=windows-1252"
    )
    with client() as session:
        page = get(session, web.url_for("/old"), accept=PAGE_TYPES)
    assert page.final_url == web.url_for("/new")
    assert (page.status, page.content_type, page.charset) == (200, "text/html", "windows-1252")
    assert page.body == PAGE.encode("cp1252")
    assert web.log[0][0].headers["User-Agent"] == USER_AGENT


def test_a_compressed_page_is_unpacked(web: HTTPServer) -> None:
    web.expect_request("/gz").respond_with_data(
        gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    with client() as session:
        assert get(session, web.url_for("/gz")).body == PAGE.encode()


@pytest.mark.parametrize(
    ("status", "words"), [(404, "404 NOT FOUND"), (410, "410 GONE"), (503, "503")]
)
def test_an_error_status_is_named(web: HTTPServer, status: int, words: str) -> None:
    web.expect_request("/x").respond_with_data("no", status=status)
    assert words.lower() in _reason(web.url_for("/x")).lower()


def test_not_modified_is_an_answer_not_an_error(web: HTTPServer) -> None:
    web.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    with client() as session:
        answer = get(session, web.url_for("/feed"), headers={"If-None-Match": '"v1"'})
    assert answer.not_modified and answer.body == b""


def test_a_redirect_loop_is_named(web: HTTPServer) -> None:
    web.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    assert "redirect loop" in _reason(web.url_for("/loop"))


def test_a_pdf_is_refused_before_its_body_is_read(web: HTTPServer) -> None:
    web.expect_request("/doc.pdf").respond_with_data(
        b"%PDF-1.7" * 1000, content_type="application/pdf"
    )
    assert (
        _reason(web.url_for("/doc.pdf"), accept=PAGE_TYPES) == "not a web page but application/pdf"
    )


def test_a_body_over_the_limit_is_refused_with_or_without_a_length(web: HTTPServer) -> None:
    web.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/html")

    def endless(request: Request) -> Response:
        return Response((b"x" * 1000 for _ in range(50)), content_type="text/html")

    web.expect_request("/endless").respond_with_handler(endless)
    assert "larger than" in _reason(web.url_for("/big"), limit=1000)
    assert "larger than" in _reason(web.url_for("/endless"), limit=10_000)


def test_a_server_that_never_answers_times_out(web: HTTPServer) -> None:
    def stall(request: Request) -> Response:
        web.release.wait()  # type: ignore[attr-defined]
        return Response("late")

    web.expect_request("/slow").respond_with_handler(stall)
    assert "timed out" in _reason(web.url_for("/slow"), timeout=0.2)


def test_a_page_that_trickles_in_is_cut_at_the_deadline(web: HTTPServer) -> None:
    def drip(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            while not web.release.wait(0.05):  # type: ignore[attr-defined]
                yield b"<p>x</p>"

        return Response(chunks(), content_type="text/html")

    web.expect_request("/drip").respond_with_handler(drip)
    assert "took longer than 0.3 s" in _reason(web.url_for("/drip"), deadline=0.3)


def test_unreachable_servers_each_get_their_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "name was not found" in _reason("http://news.invalid/story")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert "refused" in _reason(f"http://127.0.0.1:{port}/")
    assert "not a web address" in _reason("ftp://example.org/file")

    def offline(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    assert _reason("http://news.example/").startswith("no network")
