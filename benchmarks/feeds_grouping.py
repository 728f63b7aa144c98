"""How well feed items are grouped into stories, and how fast.

    .venv/bin/python benchmarks/feeds_grouping.py [PATH/TO/basil] [--sweep]

* test feeds: the three outlets' feeds in tests/data/web/feeds, parsed as a poll
  would parse them; the truth is each item's event as events.json there gives
  it (an item not listed is an event of its own);
* BASIL (optional, PATH/TO/basil holds ``stories/EVENT/{fox,nyt,hpo}.txt``,
  ``story.toml`` and ``sentences/EVENT.json``): 94 events told by three outlets;
  an item is an article's title and its first sentence as the data set splits
  it, dated as its manifest says;
* pair precision and recall: of the pairs of items put in one story, the share
  that report one event; of the pairs that report one event, the share put in
  one story;
* time: :func:`group_items` on 1,000 items (BASIL's, or the test feeds',
  repeated a month apart as other outlets), median of 7 runs, per 1,000 items.

``--sweep`` also prints precision and recall for other thresholds and windows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

from reader.matching.items import THRESHOLD, WINDOW_DAYS, Item, group_items
from reader.web.feeds import parse_feed
from reader.web.http import Response

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "tests" / "data" / "web" / "feeds"
FLAVOURS = {
    "herald.rss": "application/rss+xml",
    "courier.atom": "application/atom+xml",
    "ledger.rdf": "application/rdf+xml",
}
RUNS = 7
SWEEP = [(t, w) for t in (0.10, 0.125, 0.15, 0.175, 0.20, 0.25) for w in (1.0, 3.0, None)]


def feed_items() -> tuple[list[Item], list[str]]:
    """The test feeds' items and each one's event."""
    truth = json.loads((FEEDS / "events.json").read_text(encoding="utf-8"))["events"]
    items: list[Item] = []
    events: list[str] = []
    for name, kind in FLAVOURS.items():
        url = f"http://feeds.test/{name}"
        body = (FEEDS / name).read_bytes()
        parsed = parse_feed(Response(url, url, 200, kind, None, body, {}))
        for entry in parsed.items:
            items.append(
                Item(parsed.site, entry.title, entry.summary, _date(entry.published or ""))
            )
            events.append(truth.get(entry.link, entry.link))
    return items, events


def basil_items(basil: Path) -> tuple[list[Item], list[str]]:
    """BASIL's articles as feed items (title and first sentence) and their events."""
    items: list[Item] = []
    events: list[str] = []
    for folder in sorted((basil / "stories").iterdir()):
        manifest = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
        split = json.loads((basil / "sentences" / f"{folder.name}.json").read_text("utf-8"))
        for article in manifest["articles"]:
            name = article["file"]
            first = next((s for paragraph in split[name] for s in paragraph), "")
            title = (folder / name).read_text(encoding="utf-8").split("\n", 1)[0].strip()
            items.append(Item(article["outlet"], title, first, _date(article.get("date", ""))))
            events.append(folder.name)
    return items, events


def _date(text: str) -> datetime | None:
    if not text:
        return None
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def pair_scores(
    items: Sequence[Item], events: Sequence[str], threshold: float, window: float | None
) -> tuple[float, float, int]:
    """Pair precision and recall of the grouping, and the number of stories."""
    stories = group_items(items, threshold=threshold, window_days=window)
    found = {(min(a, b), max(a, b)) for story in stories for a, b in combinations(story.items, 2)}
    truth = {
        (a, b)
        for a, b in combinations(range(len(items)), 2)
        if events[a] == events[b] and items[a].source != items[b].source
    }
    right = len(found & truth)
    return right / max(1, len(found)), right / max(1, len(truth)), len(stories)


def per_thousand(items: Sequence[Item]) -> float:
    """Median seconds to group 1,000 items made from ``items``, renamed and
    moved a month apart per copy so that the copies are other outlets' news."""
    many: list[Item] = []
    copy = 0
    while len(many) < 1000:
        shift = timedelta(days=30 * copy)
        many.extend(
            replace(
                item,
                source=f"{item.source} {copy}",
                published=item.published + shift if item.published else None,
            )
            for item in items
        )
        copy += 1
    many = many[:1000]
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        group_items(many)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def report(name: str, items: list[Item], events: list[str], sweep: bool) -> None:
    precision, recall, stories = pair_scores(items, events, THRESHOLD, WINDOW_DAYS)
    events_told = len(set(events))
    print(
        f"{name}: {len(items)} items, {events_told} events -> {stories} stories; "
        f"threshold {THRESHOLD}, window {WINDOW_DAYS:g} days: "
        f"pair precision {precision:.3f}, recall {recall:.3f}"
    )
    if sweep:
        for threshold, window in SWEEP:
            p, r, n = pair_scores(items, events, threshold, window)
            days = "none" if window is None else f"{window:g} d"
            print(f"  threshold {threshold:<5} window {days:>4}: P {p:.3f} R {r:.3f} ({n} stories)")
    print(f"  time per 1,000 items: {per_thousand(items) * 1000:.0f} ms (median of {RUNS})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("basil", nargs="?", type=Path, help="a BASIL folder (optional)")
    parser.add_argument("--sweep", action="store_true", help="other thresholds and windows")
    args = parser.parse_args()
    report("test feeds", *feed_items(), args.sweep)
    if args.basil:
        report("BASIL", *basil_items(args.basil), args.sweep)


if __name__ == "__main__":
    main()
