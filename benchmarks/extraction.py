"""How well a fetched page's article and metadata are recovered, and how fast.

    .venv/bin/python benchmarks/extraction.py [--basil PATH/TO/basil/stories] [--runs 5]

Three sets of pages go through `reader.web.extract.extract`, as bytes with the
charset a server would send:

* the test pages (tests/data/web/pages.toml): written for the tests, in several
  encodings, with navigation, cookie banners, related links and footers;
* the seed story as web pages: each of seeds/*.txt wrapped in a news-site template
  (cookie banner, navigation, related links, footer) with its story.toml metadata
  in the page's head, built here at run time;
* optionally BASIL's events (its folder given; nothing of it is stored), wrapped
  in the same template.

For each set: how often the title, outlet, date and author come back exactly as
given (pages that give one), and the body's sentence recall and precision: the
body sentences of the text the page was written from (as the reader segments and
flags it) against those of the saved article, compared exactly after collapsing
white space. Time is the median of `--runs` extractions of each page, in ms.
"""

from __future__ import annotations

import argparse
import html
import statistics
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.articles import Article, build_article, load_story  # noqa: E402
from reader.web.extract import extract  # noqa: E402
from reader.web.http import Response  # noqa: E402

WEB = ROOT / "tests" / "data" / "web"
FIELDS = ("title", "outlet", "date", "author")


@dataclass
class Case:
    """A page as served, what it should give, and the body it was written from."""

    name: str
    body: bytes
    charset: str | None
    expected: dict[str, str]
    reference: list[str]
    """Body sentences of the source text."""


@dataclass
class Tally:
    pages: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    given: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    found: int = 0
    reference: int = 0
    extracted: int = 0
    millis: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _sentences(article: Article) -> list[str]:
    return [" ".join(s.text.split()) for s in article.body]


def test_pages() -> Iterator[Case]:
    for page in tomllib.loads((WEB / "pages.toml").read_text("utf-8"))["pages"]:
        if page.get("short"):
            continue  # a paywall has no body to recover
        source = (WEB / page["file"]).read_text("utf-8")
        tree = lxml_html.fromstring(source)
        paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//*[@itemprop]//p")]
        reference = build_article(
            Path(page["file"]), f"# {page['title']}\n\n" + "\n\n".join(paragraphs)
        )
        content_type = page["content_type"]
        yield Case(
            page["file"],
            source.encode(page["encoding"]),
            content_type.partition("charset=")[2] or None,
            {key: page[key] for key in FIELDS if key in page},
            _sentences(reference),
        )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
{date}<link rel="canonical" href="https://{host}/story/{slug}">
</head><body>
<div class="cookie-banner"><p>We use cookies to give you the best experience on our site and
to show you relevant adverts. By continuing you agree to our cookie policy.</p>
<button>Accept</button> <button>Settings</button></div>
<header><a href="/">{outlet}</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
<div class="article-body">
{paragraphs}
</div></article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/story/a">Markets steady ahead of central bank decision</a></li>
<li><a href="/story/b">Weather warning issued for the weekend</a></li>
<li><a href="/story/c">Five things to know before you travel this summer</a></li>
</ul></aside></main>
<footer><p>© 2024 {outlet}. All rights reserved.</p>
<ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a></li>
<li><a href="/terms">Terms</a></li></ul></footer>
</body></html>
"""


def story_pages(folder: Path, label: str) -> Iterator[Case]:
    """Each article of a story folder as a page of the template; metadata from story.toml.

    The page's paragraphs are the article's own (clutter included, as copied); the
    reference is its body as the reader flags it when loading the text file.
    """
    story = load_story([folder])
    for number, article in enumerate(story.articles):
        title_line = next((s.paragraph for s in article.sentences if s.heading), None)
        paragraphs = [
            " ".join(article.text[p.start : p.end].split())
            for index, p in enumerate(article.paragraphs)
            if index != title_line
        ]
        date = article.date or ""
        page = _TEMPLATE.format(
            title=html.escape(article.title),
            outlet=html.escape(article.outlet),
            host=f"outlet{number}.example",
            slug=article.source.stem,
            date=(f'<meta property="article:published_time" content="{date}">\n' if date else ""),
            paragraphs="\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs if text),
        )
        expected = {"title": article.title, "outlet": article.outlet}
        if date:
            expected["date"] = date[:10]
        yield Case(
            f"{label}/{article.source.name}",
            page.encode("utf-8"),
            "utf-8",
            expected,
            _sentences(article),
        )


def measure(cases: Iterator[Case], runs: int) -> Tally:
    tally = Tally()
    for case in cases:
        url = f"http://127.0.0.1:8000/{case.name}"
        response = Response(url, url, 200, "text/html", case.charset, case.body)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            page = extract(response)
            times.append((time.perf_counter() - started) * 1000)
        tally.millis.append(statistics.median(times))
        tally.pages += 1
        got = {"title": page.title, "outlet": page.outlet, "date": page.date, "author": page.author}
        for key, value in case.expected.items():
            tally.given[key] += 1
            if got[key] == " ".join(value.split()):  # the data's stray spaces do not count
                tally.right[key] += 1
            else:
                tally.misses.append(f"{case.name}: {key} {got[key]!r}, not {value!r}")
        saved = build_article(Path(case.name), page.document, title=page.title)
        extracted = _sentences(saved)
        tally.found += len(set(case.reference) & set(extracted))
        tally.reference += len(set(case.reference))
        tally.extracted += len(set(extracted))
    return tally


def _rate(right: int, given: int) -> str:
    return f"{right / given:6.1%}" if given else "     -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", type=Path, help="BASIL's stories/ folder (optional)")
    parser.add_argument("--runs", type=int, default=5, help="extractions of each page timed")
    args = parser.parse_args()
    sets = {
        "test pages": test_pages(),
        "seed story": story_pages(ROOT / "seeds", "seeds"),
    }
    if args.basil:
        events = sorted(p for p in args.basil.iterdir() if (p / "story.toml").is_file())
        sets["BASIL"] = (c for event in events for c in story_pages(event, event.name))
    header = (
        f"{'set':<11} {'pages':>5} {'title':>7} {'outlet':>7} {'date':>7} {'author':>7} "
        f"{'recall':>7} {'precis.':>7} {'ms':>6}"
    )
    print(header)
    print("-" * len(header))
    misses: list[str] = []
    for label, cases in sets.items():
        tally = measure(cases, args.runs)
        rates = " ".join(_rate(tally.right[key], tally.given[key]) for key in FIELDS)
        print(
            f"{label:<11} {tally.pages:>5} {rates}  {tally.found / tally.reference:6.1%} "
            f"{tally.found / max(1, tally.extracted):7.1%} {statistics.median(tally.millis):6.1f}"
        )
        misses += tally.misses
    print("\nmedian ms: per page, each page's median of", args.runs, "runs")
    for miss in misses[:15]:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
