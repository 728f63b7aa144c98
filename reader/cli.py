"""The ``newsreader`` command. Textual is imported only when the reader opens."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.articles import LoadError, Story
from reader.articles.load import Loader, plan_story
from reader.articles.manifest import Entry
from reader.commands.common import (
    EXIT_NOTHING_LOADED,
    data_argument,
    last_story,
    open_store,
    say,
    state_argument,
)
from reader.paths import bundled_story, cache_dir
from reader.printable import printable
from reader.wording import plural

if TYPE_CHECKING:
    from reader.articles.cache import ArticleCache
    from reader.matching.model import Correction

EXIT_BROKEN_PIPE = 141  # as a command stopped by SIGPIPE reports

_EPILOG = """\
commands:
  newsreader [PATH ...]          open the reader (the story read last, or the bundled
                                 sample, when no path is given)
  newsreader show [PATH ...]     print the story: outlets, titles, sentence and clutter counts
  newsreader align [PATH ...]    print the sentences outlets share (--format text|json),
                                 with your corrections (--no-corrections: the engine's own)
  newsreader export              write highlights (--format markdown|json|csv|w3c, -o FILE)
  newsreader import FILE         read highlights and corrections back from a JSON export
  newsreader fetch URL ...       download pages into a story folder and read them
                                 (--story TITLE, --into DIR, --no-open)
  newsreader feeds               ask the followed feeds and list the events they report
                                 (feeds add URL | list | remove URL|N; --print)
  newsreader stories             the library of stories read (stories open N | remove N)

PATH is a .txt, .text, .md, .markdown, .html or .htm file, or a directory of them;
a story.toml in the directory gives each article's outlet, title, date and URL
(see README).
"""


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="article files or directories (default: the bundled sample story)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where loaded articles are cached (default: the user cache directory, "
        "or $NEWSREADER_CACHE_DIR)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="read every file afresh, without the cache"
    )


def _loader(args: argparse.Namespace) -> Loader:
    """A loader with the cache the arguments ask for."""
    return Loader() if args.no_cache else Loader(_cache(args.cache_dir))


def _cache(directory: Path | None = None) -> ArticleCache:
    from reader.articles.cache import ArticleCache

    return ArticleCache.open(cache_dir(directory))


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read one news story across many outlets, side by side.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    _paths_argument(parser)
    _threshold_argument(parser)
    state_argument(parser)
    data_argument(parser)
    parser.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="where keymap.toml is read from (default: the user config directory, "
        "or $NEWSREADER_CONFIG_DIR)",
    )
    return parser


def _show_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader show",
        description="Print the loaded story: outlets, titles, sentence and clutter counts.",
    )
    _paths_argument(parser)
    parser.add_argument(
        "--sentences", action="store_true", help="also list every sentence with its flags"
    )
    return parser


def load(paths: Sequence[Path], loader: Loader) -> Story | None:
    """Load the story, report every problem on one line each; None when nothing loaded."""
    story = loader.story(paths or [bundled_story()])
    _report(story)
    if not story.articles:
        say("nothing to read: no article could be loaded")
        return None
    return story


def _report(story: Story) -> None:
    for warning in story.warnings:
        say(f"warning: {warning}")
    for problem in story.problems:
        say(problem)


FIRST_ARTICLES = 2
"""Articles loaded before the reader opens; it loads the rest in the background."""


def _load_first(
    paths: Sequence[Path], loader: Loader
) -> tuple[Story, list[tuple[Path, Entry]]] | None:
    """The first articles of the story, and the files left to load."""
    story, files = plan_story(paths or [bundled_story()])
    while files and len(story.articles) < FIRST_ARTICLES:
        path, entry = files.pop(0)
        try:
            story.articles.append(loader.article(path, entry))
        except LoadError as exc:
            story.problems.append(exc)
    _report(story)
    if not story.articles:
        say("nothing to read: no article could be loaded")
        return None
    return story, files


def _show(argv: Sequence[str]) -> int:
    args = _show_parser().parse_args(argv)
    story = load(args.paths, _loader(args))
    if story is None:
        return EXIT_NOTHING_LOADED
    print(printable(story.name))
    print()
    for number, article in enumerate(story.articles, 1):
        dated = f", {printable(article.date)}" if article.date else ""
        print(f"{number}. {printable(article.outlet)}{dated}: {printable(article.title)}")
        print(
            f"   {printable(article.source.name)}: {plural(len(article.sentences), 'sentence')}, "
            f"{article.clutter_count} flagged as clutter"
        )
        if args.sentences:
            for s in article.sentences:
                mark = f"[{s.clutter}] " if s.clutter else "[heading] " if s.heading else ""
                print(f"   {s.index:4d} {s.start:6d}-{s.end:<6d} {mark}{printable(repr(s.text))}")
    return 0


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, not {value}")
    return number


def _export(argv: Sequence[str]) -> int:
    from reader.highlights.export import FORMATS, export, write_file
    from reader.highlights.store import StoreError

    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description="Write every highlight, in a stable order; orphans (not found again in "
        "a changed article) are marked. Markdown and JSON also carry your corrections of "
        "the alignment. A FILE is replaced only once the whole export is written.",
    )
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    parser.add_argument(
        "--story",
        help="only the highlights of this story: its manifest title, else its folder's name "
        "(the name the reader shows at the top)",
    )
    state_argument(parser)
    args = parser.parse_args(argv)
    if args.output is None and sys.stdout is None:
        say("standard output is closed: nothing written (-o FILE writes to a file)")
        return 1
    store = open_store(args.state_dir, read_only=True)
    if store is None:
        return 1
    try:
        highlights = store.highlights(args.story)
        corrections = store.corrections(args.story)
    except StoreError as exc:
        say(exc)
        return 1
    if not highlights and not corrections:
        story = f" for the story {args.story!r}" if args.story else ""
        say(f"no highlights{story} in {store.path}")
    text = export(highlights, args.format, corrections)
    if args.output is None:
        return _to_stdout(text)
    existed = args.output.exists()
    try:
        write_file(args.output, text)
    except OSError as exc:
        kept = "; the file there was left as it was" if existed else ""
        say(f"{args.output}: cannot write ({exc.strerror or exc}){kept}")
        return 1
    say(f"wrote {args.output}")
    return 0


def _to_stdout(text: str) -> int:
    """Write an export to standard output. A reader that went away ends it as a
    pipe does (status 141, nothing said); any other failure, such as a full disk,
    is one line on stderr and status 1."""
    try:
        if sys.stdout.isatty():  # JSON is inert already; Markdown and CSV are made so
            text = printable(text, multiline=True)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # `newsreader export | head`: quiet, as every command is
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        _discard_stdout()
        say(f"cannot write to standard output ({exc.strerror or exc})")
        return 1
    return 0


def _discard_stdout() -> None:
    """Point standard output at the null device, so what is still buffered for it
    is not written (and does not fail again) as the process ends."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


MAX_REJECTED_SHOWN = 20
"""Rejected items listed one per line before the rest are only counted."""


def _import(argv: Sequence[str]) -> int:
    from reader.highlights.export import HighlightFileError, read_export
    from reader.highlights.store import StoreError

    parser = argparse.ArgumentParser(
        prog="newsreader import",
        description="Add the highlights and alignment corrections of a JSON export; those "
        "already here are skipped. Every field is checked first: each item that does not "
        "hold what newsreader writes is listed with its position and reason and left out, "
        "and the rest are added.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    state_argument(parser)
    args = parser.parse_args(argv)
    try:
        exported = read_export(args.file.read_bytes().decode("utf-8"), partial=True)
    except OSError as exc:
        say(f"{args.file}: cannot be read ({exc.strerror or exc})")
        return 2
    except UnicodeDecodeError as exc:
        say(f"{args.file}: not UTF-8 text (byte {exc.start})")
        return 2
    except HighlightFileError as exc:
        say(f"{args.file}: {exc}")
        return 2
    rejected = exported.rejected
    for item in rejected[:MAX_REJECTED_SHOWN]:
        say(f"{args.file}: {item}; not imported")
    if len(rejected) > MAX_REJECTED_SHOWN:
        say(f"{args.file}: and {len(rejected) - MAX_REJECTED_SHOWN} more not imported")
    store = open_store(args.state_dir)
    if store is None:
        return 1
    try:
        (added, present), fixes = store.import_all(exported.highlights, exported.corrections)
    except StoreError as exc:
        say(exc)
        return 1
    line = f"newsreader: {plural(added, 'highlight')} added, {present} already present"
    if exported.corrections:
        line += f"; {plural(fixes[0], 'correction')} added, {fixes[1]} already present"
    if rejected:
        line += f"; {len(rejected)} rejected"
    print(line)
    return 1 if rejected else 0


def _threshold_argument(parser: argparse.ArgumentParser) -> None:
    from reader.matching import DEFAULT_THRESHOLD

    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help=f"lowest score (0-100) for two sentences to match (default {DEFAULT_THRESHOLD:g})",
    )


def _align_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader align",
        description="Find the sentences that different outlets wrote about the same thing; "
        "the pairs you linked or kept apart in the reader are applied over the engine's.",
    )
    _paths_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _threshold_argument(parser)
    parser.add_argument(
        "--no-corrections",
        action="store_true",
        help="the engine's alignment alone, without your stored corrections",
    )
    state_argument(parser)
    return parser


def _align(argv: Sequence[str]) -> int:
    from reader.matching.engine import align
    from reader.matching.report import to_text, write_json

    args = _align_parser().parse_args(argv)
    story = load(args.paths, _loader(args))
    if story is None:
        return EXIT_NOTHING_LOADED
    corrections = None if args.no_corrections else _stored_corrections(story, args.state_dir)
    alignment = align(story.articles, threshold=args.threshold)
    if corrections:
        alignment = alignment.corrected(corrections)
    if args.format == "json":
        write_json(alignment, sys.stdout.buffer, corrections or [])
    else:
        print(to_text(alignment))
        if corrections:
            mine = plural(len(corrections), "correction")
            print(f"with {mine} of yours applied (--no-corrections: without)")
    return 0


def _stored_corrections(story: Story, state: Path | None) -> list[Correction] | None:
    """The story's stored corrections, as its sentences; None (said why) when the
    store cannot be read."""
    from reader.highlights.session import Session
    from reader.highlights.store import StoreError

    store = open_store(state, read_only=True)
    if store is None:
        say("your corrections are not applied")
        return None
    try:
        session = Session(store, story.name, story.articles)
        corrections = session.corrections()
    except StoreError as exc:
        say(f"{exc}; your corrections are not applied")
        return None
    finally:
        store.close()
    for message in session.messages:
        say(message)
    if session.unresolved:
        say(
            f"{plural(len(session.unresolved), 'correction')} of this story not applied "
            "(sentences not found in these articles; kept)"
        )
    return corrections


def _open(argv: Sequence[str]) -> int:
    args = _main_parser().parse_args(argv)
    return open_reader(
        args.paths or last_story(args.state_dir),
        loader=_loader(args),
        threshold=args.threshold,
        config=args.config_dir,
        state=args.state_dir,
        data=args.data_dir,
    )


def open_reader(
    paths: list[Path],
    *,
    loader: Loader | None = None,
    threshold: float | None = None,
    config: Path | None = None,
    state: Path | None = None,
    data: Path | None = None,
    show_feeds: bool = False,
) -> int:
    """Open the reader on a story (the bundled one when ``paths`` is empty), and
    then on each story the reader chooses in its library or feeds; the process
    ends when the reader is quit."""
    from reader.matching import DEFAULT_THRESHOLD

    loader = loader or Loader(_cache())
    next_paths: list[Path] | None = paths
    # Nothing made before the first screen is garbage: collecting while the reader
    # starts only delays it. The reader turns the collector back on once painted.
    gc.disable()
    try:
        while next_paths is not None:
            first = _load_first(next_paths, loader)
            if first is None:
                return EXIT_NOTHING_LOADED
            story, pending = first
            from reader.ui.app import ReaderApp

            app = ReaderApp(
                story,
                loader=loader,
                threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                config=config,
                state=state,
                pending=pending,
                paths=next_paths or [bundled_story()],
                data=data,
                show_feeds=show_feeds,
            )
            app.run()
            show_feeds = False
            # the library or the feeds chose another story: open it the same way
            next_paths = app.return_value
            gc.disable()
    finally:
        gc.enable()
    # Everything the reader saved is committed and its store closed; the engine
    # may still be working in a daemon thread. End here rather than wait for it
    # and for the interpreter to tear down the numerical libraries.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)


def _fetch(argv: Sequence[str]) -> int:
    from reader.commands.fetch import fetch

    return fetch(argv, open_reader)


def _feeds(argv: Sequence[str]) -> int:
    from reader.commands.feeds import feeds

    return feeds(argv, open_reader)


def _stories(argv: Sequence[str]) -> int:
    from reader.commands.stories import stories

    return stories(argv, open_reader)


_COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "show": _show,
    "align": _align,
    "export": _export,
    "import": _import,
    "fetch": _fetch,
    "feeds": _feeds,
    "stories": _stories,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _COMMANDS.get(argv[0]) if argv else None
    try:
        return command(argv[1:]) if command else _open(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of our output went away (`newsreader align | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
