"""Real English news saved as Windows-1252: is it read back exactly?

    .venv/bin/python benchmarks/decoding.py PATH/TO/basil/stories

Every article of every event folder that holds characters outside ASCII (curly
quotes, dashes, accented names) and fits in Windows-1252 is encoded so, and
decoded as the reader decodes a file: once whole, and once line by line (short
texts give a detector the least to go on). A text counts when it comes back
exactly as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.articles.decode import decode


def texts(stories: Path) -> list[tuple[Path, str]]:
    """Each article, then each of its lines, that Windows-1252 holds and ASCII does not."""
    found: list[tuple[Path, str]] = []
    for path in sorted(stories.glob("*/*.txt")):
        article = path.read_text(encoding="utf-8")
        for text in (article, *article.splitlines()):
            if text.strip() and not text.isascii() and _fits(text):
                found.append((path, text))
    return found


def _fits(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", type=Path, help="a folder of event folders of .txt files")
    args = parser.parse_args()
    found = texts(args.stories)
    wrong = [(path, text) for path, text in found if decode(text.encode("cp1252"), path) != text]
    print(f"{len(found) - len(wrong)} of {len(found)} texts read back exactly")
    for path, text in wrong[:5]:
        print(f"  {path}: {decode(text.encode('cp1252'), path)[:80]!r}")


if __name__ == "__main__":
    main()
