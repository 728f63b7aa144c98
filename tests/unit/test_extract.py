"""Pages served over real HTTP in several encodings to articles and their metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from pytest_httpserver import HTTPServer
from webdata import PAGES, WEB, serve

from reader.articles import build_article
from reader.web.extract import SHORT_WARNING, extract, is_short, outlet_name
from reader.web.http import PAGE_TYPES, FetchError, Response, client, get

ARTICLES = [page for page in PAGES if not page.get("short")]


def body_paragraphs(page: dict[str, Any]) -> list[str]:
    """The paragraphs the page was written from: its articleBody element's."""
    tree = lxml_html.fromstring((WEB / page["file"]).read_text("utf-8"))
    return [" ".join(p.text_content().split()) for p in tree.xpath("//*[@itemprop]//p")]


def fetch(url: str) -> Response:
    with client(timeout=5) as session:
        return get(session, url, accept=PAGE_TYPES)


@pytest.mark.parametrize("page", PAGES, ids=[page["file"] for page in PAGES])
def test_each_page_gives_its_metadata(web: HTTPServer, page: dict[str, Any]) -> None:
    found = extract(fetch(serve(web, page)))
    got = (found.title, found.outlet, found.date, found.author, found.url)
    wanted = tuple(page.get(key) for key in ("title", "outlet", "date", "author", "canonical"))
    assert got == wanted
    assert "\n" not in "".join(str(value) for value in got)


@pytest.mark.parametrize("page", ARTICLES, ids=[page["file"] for page in ARTICLES])
def test_each_page_gives_its_body_and_no_clutter(web: HTTPServer, page: dict[str, Any]) -> None:
    found = extract(fetch(serve(web, page)))
    paragraphs = found.text.rstrip("\n").split("\n\n")
    assert paragraphs == body_paragraphs(page)
    article = build_article(Path("a.md"), found.document, title=found.title)
    assert not is_short(article)
    assert article.body[0].text in paragraphs[0]


@pytest.mark.parametrize("name", ["paywall.html", "consent.html"])
def test_a_paywall_or_consent_wall_is_too_short(web: HTTPServer, name: str) -> None:
    page = next(page for page in PAGES if page["file"] == name)
    found = extract(fetch(serve(web, page)))
    assert is_short(build_article(Path("a.md"), found.document, title=found.title))
    assert SHORT_WARNING.startswith("short")


def _response(body: bytes, charset: str | None = None) -> Response:
    url = "http://127.0.0.1/page"
    return Response(url, url, 200, "text/html", charset, body)


ARTICLE = "<html><head>{meta}<title>T</title></head><body><article><p>{text}</p></article></body>"


def test_the_servers_charset_wins_when_the_bytes_fit_it() -> None:
    html = ARTICLE.format(meta='<meta charset="utf-8">', text="Гавань " * 40)
    found = extract(_response(html.encode("cp1251"), charset="windows-1251"))
    assert "Гавань Гавань" in found.text


def test_a_utf16_label_in_ascii_bytes_is_passed_over() -> None:
    html = ARTICLE.format(meta='<meta charset="utf-16">', text="Café culture. " * 20)
    assert "Café culture." in extract(_response(html.encode("utf-8"))).text


def test_a_byte_order_mark_that_lies_is_one_line() -> None:
    with pytest.raises(FetchError) as caught:
        extract(_response(b"\xef\xbb\xbf<html>\xff\xfe\xfa</html>"))
    assert caught.value.reason == "the page cannot be read as text (its byte order mark lies)"


def test_bytes_that_are_not_text_are_one_line(web: HTTPServer) -> None:
    web.expect_request("/binary").respond_with_data(
        bytes(range(256)) * 40, content_type="text/html"
    )
    with pytest.raises(FetchError) as caught:
        extract(fetch(web.url_for("/binary")))
    assert caught.value.reason.startswith("the page cannot be read as text (")
    assert "\n" not in caught.value.reason


def test_a_page_with_no_text_is_one_line() -> None:
    with pytest.raises(FetchError) as caught:
        extract(_response(b"<html><head><title>x</title></head><body><nav></nav></body></html>"))
    assert caught.value.reason == "no article text found on the page"


@pytest.mark.parametrize(
    ("sitename", "url", "outlet"),
    [
        ("The Herald", "https://herald.example/a", "The Herald"),
        ("www.courier.example", "https://www.courier.example/a", "courier.example"),
        ("127.0.0.1:8080", "https://www.courier.example/a", "courier.example"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080/a", "127.0.0.1:8080"),
        (None, "http://news.example:8080/a", "news.example"),
        (None, "http://localhost:8080/a", "localhost"),
    ],
)
def test_an_outlet_is_named_readably(sitename: str | None, url: str, outlet: str) -> None:
    assert outlet_name(sitename, url) == outlet
