"""A local web of news for trying and measuring `fetch` and `feeds` without a network.

    .venv/bin/python benchmarks/webserver.py [--port 8765]

Serves on 127.0.0.1:
- /seed/N.html: each article of the bundled story as a news page (navigation,
  cookie banner, related links and footer around it; see extraction.py);
- /feeds/N.xml: an RSS 2.0 feed for each of the first three outlets of the story,
  each with its outlet's article (linking the page above) and two items of its own;
- /slow.html never answers, /gone.html is a 410, /doc.pdf a PDF.
The URLs are printed; Ctrl-C stops.
"""

from __future__ import annotations

import argparse
import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from extraction import story_pages

from reader.articles import load_story

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FEEDS = 3
_OWN_ITEMS = (
    ("Council approves budget for new tram line", "The city council voted to fund the line."),
    ("Storm warning for the coast this weekend", "Forecasters expect strong winds on Saturday."),
    ("Local team wins regional cup final", "A late goal settled the final on Sunday."),
    ("Museum reopens after renovation", "The museum opens its doors again on Monday."),
    ("Rail strike called off after late talks", "Unions and operators reached a deal overnight."),
    ("New library branch opens downtown", "The branch holds 40,000 books and a reading room."),
)


def site(base: str) -> dict[str, tuple[str, bytes]]:
    """Every path served, with its content type and bytes."""
    served: dict[str, tuple[str, bytes]] = {}
    story = load_story([SEEDS])
    for number, case in enumerate(story_pages(SEEDS, "seed")):
        served[f"/seed/{number}.html"] = ("text/html; charset=utf-8", case.body)
    now = datetime(2023, 10, 13, 9, 0, tzinfo=UTC)
    for number, article in enumerate(story.articles[:FEEDS]):
        first = next((s.text for s in article.body), "")
        items = [(article.title, first, f"{base}/seed/{number}.html", now)]
        for k in range(2):
            title, summary = _OWN_ITEMS[2 * number + k]
            items.append(
                (title, summary, f"{base}/own/{number}-{k}.html", now - timedelta(hours=5 + k))
            )
        served[f"/feeds/{number}.xml"] = ("application/rss+xml", _rss(article.outlet, base, items))
    served["/gone.html"] = ("text/html", b"")
    served["/doc.pdf"] = ("application/pdf", b"%PDF-1.7\n" + b"0" * 2000)
    return served


def _rss(outlet: str, base: str, items: list[tuple[str, str, str, datetime]]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid><description>{html.escape(summary)}</description>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for title, summary, link, when in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(outlet)}</title><link>{base}/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    ).encode()


@contextmanager
def serving(port: int = 0) -> Iterator[str]:
    """The local web, served from a thread while the block runs; its base URL."""
    pages: dict[str, tuple[str, bytes]] = {}
    hold = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/slow.html":
                hold.wait()
                return
            found = pages.get(self.path)
            status = 200 if found and self.path != "/gone.html" else 410 if found else 404
            kind, body = found or ("text/plain", b"not found")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(site(base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        hold.set()
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with serving(args.port) as base:
        for path in site(base):
            print(base + path)
        print("serving; Ctrl-C stops", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
