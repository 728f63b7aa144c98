from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytest_httpserver import HTTPServer

from reader.articles import Article, Story, load_story

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from reader.matching.model import Alignment
    from reader.ui.app import ReaderApp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    story = load_story([SEEDS])
    assert not story.problems
    return story.articles


@pytest.fixture(scope="session")
def seed_alignment(seed_articles: list[Article]) -> Alignment:
    """The engine's alignment of the bundled story, made once."""
    from reader.matching.engine import align

    return align(seed_articles)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real state or config directory."""
    monkeypatch.setenv("NEWSREADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "data"))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No test reaches past the loopback address: a name other than localhost
    fails as an unknown name before any resolver is asked, and a connection to
    any other address is refused. Every address connected to is recorded (the
    fixture's value) so a test can check where its requests went."""
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    made: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_loopback(str(name)):
            raise socket.gaierror(socket.EAI_NONAME, f"{name}: the tests reach no other host")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            made.append(str(address[0]))
            if not _is_loopback(str(address[0])):
                raise ConnectionRefusedError(f"{address[0]}: the tests reach no other host")
        real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return made


@pytest.fixture(scope="session")
def _web_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def web(_web_server: HTTPServer) -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1, one thread per request (a slow handler
    holds up no other), its handlers and log cleared for each test. Handlers that
    stall wait on `web.release`, set when the test ends, so none outlives it."""
    release = threading.Event()
    _web_server.release = release  # type: ignore[attr-defined]
    yield _web_server
    release.set()
    _web_server.clear()


@pytest.fixture(scope="session")
def seed_story() -> Story:
    """The bundled story, loaded once (the reader never changes a story whose
    articles are all loaded)."""
    return load_story([SEEDS])


@pytest.fixture
async def reader(seed_story: Story, tmp_path: Path) -> AsyncIterator[tuple[ReaderApp, Pilot[None]]]:
    """The reader on the seed story at 140x40, aligned, with its own state directory."""
    from driving import SIZE, settled

    from reader.ui.app import ReaderApp

    app = ReaderApp(seed_story, state=tmp_path / "state")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(app, pilot)
        yield app, pilot
