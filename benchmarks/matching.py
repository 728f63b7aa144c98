"""Matching quality on hand-labelled stories: the seed story and BASIL events.

    .venv/bin/python benchmarks/matching.py [--basil PATH/TO/basil] [--misses N]

Labels: ``tests/data/seed_pairs.json`` for the bundled story and
``tests/data/basil_pairs/EVENT.json`` for BASIL events (the BASIL text itself
stays outside the project: give its folder with ``--basil``; those labels point
at its words by offsets and a digest, see ``evaluate.py``). Each lists, by
hand, every pair of sentences of two outlets that report the same fact, as
``near`` (the same statement reworded) or ``loose`` (one shared fact inside
sentences that say more). A predicted pair is a link the engine makes between
sentences of two outlets; precision counts it right when the labels list it.

Prints, per story and overall, at the default threshold: predicted pairs,
precision, near recall and all recall; then the same overall across thresholds;
``--misses N`` prints N wrong links and N missed near pairs per story.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from evaluate import Labels, Pair, predicted_pairs, read_labels

from reader.articles import Article, load_story
from reader.matching import DEFAULT_THRESHOLD
from reader.matching.engine import (
    FEATURES,
    align,
    candidate_pairs,
    matched,
    pair_features,
    vectorize,
)
from reader.matching.model import Member

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data"
THRESHOLDS = (40.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0)


@dataclass
class Story:
    name: str
    articles: list[Article]
    labels: Labels


def stories(basil: Path | None) -> list[Story]:
    seed = load_story([ROOT / "seeds"]).articles
    found = [Story("seed story", seed, read_labels(LABELS / "seed_pairs.json", seed))]
    if basil is not None:
        for path in sorted((LABELS / "basil_pairs").glob("*.json")):
            event = json.loads(path.read_text(encoding="utf-8"))["event"]
            articles = load_story([basil / "stories" / event]).articles
            found.append(Story(event, articles, read_labels(path, articles)))
    return found


@dataclass
class Tally:
    predicted: int = 0
    correct: int = 0
    near: int = 0
    near_found: int = 0
    total: int = 0
    found: int = 0

    def add(self, predicted: set[Pair], labels: Labels) -> None:
        self.predicted += len(predicted)
        self.correct += len(predicted & labels.all)
        self.near += len(labels.near)
        self.near_found += len(predicted & labels.near)
        self.total += len(labels.all)
        self.found += len(predicted & labels.all)

    def row(self, name: str) -> str:
        precision = self.correct / self.predicted if self.predicted else 1.0
        return (
            f"| {name} | {self.predicted} | {precision:.2f} | "
            f"{self.near_found}/{self.near} ({self.near_found / max(1, self.near):.2f}) | "
            f"{self.found}/{self.total} ({self.found / max(1, self.total):.2f}) |"
        )


HEADER = (
    "| {} | predicted pairs | precision | near recall | all recall |\n|---|---:|---:|---:|---:|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", type=Path, help="the BASIL folder, for the labelled events")
    parser.add_argument("--misses", type=int, default=0)
    parser.add_argument("--fit", action="store_true", help="fit the score's weights and print them")
    args = parser.parse_args()
    found = stories(args.basil)
    if args.fit:
        fit(found)
        return
    print(f"At the default threshold ({DEFAULT_THRESHOLD:g}):\n")
    print(HEADER.format("story"))
    overall = Tally()
    basil = Tally()
    for story in found:
        predicted = predicted_pairs(align(story.articles))
        tally = Tally()
        tally.add(predicted, story.labels)
        overall.add(predicted, story.labels)
        if story.name != "seed story":
            basil.add(predicted, story.labels)
        print(tally.row(story.name))
        if args.misses:
            _misses(story, predicted, args.misses)
    if len(found) > 1:
        print(basil.row("**BASIL events**"))
    print(overall.row("**all**"))
    print("\nSentences marked unique (+) that the labels pair with another outlet's:\n")
    print("| story | marked + | of them labelled as shared | not linked, not +: marked ? |")
    print("|---|---:|---:|---:|")
    for story in found:
        print(_unique_row(story))
    print("\nAcross thresholds, all stories:\n")
    print(HEADER.format("threshold"))
    for threshold in sorted({*THRESHOLDS, DEFAULT_THRESHOLD}):
        tally = Tally()
        for story in found:
            tally.add(predicted_pairs(align(story.articles, threshold=threshold)), story.labels)
        mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
        print(tally.row(f"{threshold:g}{mark}"))


@dataclass
class Rows:
    """A story's candidate pairs: features, and whether the labels list each (any, near)."""

    features: np.ndarray
    labelled: np.ndarray
    near: np.ndarray
    labels: Labels


def training_rows(story: Story) -> Rows:
    vectors = vectorize(story.articles)
    i, j = candidate_pairs(vectors)
    features = pair_features(vectors, i, j).astype(np.float64)
    pairs = [frozenset((vectors.members[a], vectors.members[b])) for a, b in zip(i, j, strict=True)]
    labelled = np.array([pair in story.labels.all for pair in pairs], dtype=np.float64)
    near = np.array([pair in story.labels.near for pair in pairs], dtype=bool)
    return Rows(features, labelled, near, story.labels)


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Weights (bias last) of a logistic regression, by Newton's method with an L2 penalty."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x1.shape[1])
    penalty = np.diag([l2] * x.shape[1] + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x1 @ w)))
        gradient = x1.T @ (p - y) + penalty @ w
        hessian = (x1 * (p * (1 - p))[:, None]).T @ x1 + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit(found: list[Story]) -> None:
    """Fit the weights on every labelled story; then, to see how they do on events
    they were not fitted on, fit on all stories but one and score that one."""
    rows = [training_rows(story) for story in found]
    x = np.concatenate([r.features for r in rows])
    y = np.concatenate([r.labelled for r in rows])
    missing = sum(len(r.labels.all) - int(r.labelled.sum()) for r in rows)
    print(f"{len(y)} candidate pairs, {int(y.sum())} labelled; {missing} labelled, not candidates")
    w = logistic(x, y)
    print(
        "WEIGHTS =", ", ".join(f"{name} {v:.3f}" for name, v in zip(FEATURES, w[:-1], strict=True))
    )
    print(f"BIAS = {w[-1]:.3f}")
    held_out = []
    for k, r in enumerate(rows):
        others = [o for n, o in enumerate(rows) if n != k]
        wk = logistic(
            np.concatenate([o.features for o in others]),
            np.concatenate([o.labelled for o in others]),
        )
        held_out.append(100 / (1 + np.exp(-(r.features @ wk[:-1] + wk[-1]))))
    print("\nEach story scored by weights fitted on the others (leave one story out):\n")
    print(HEADER.format("threshold"))
    for threshold in THRESHOLDS:
        tally = Tally()
        for r, scores in zip(rows, held_out, strict=True):
            keep = scores >= threshold
            tally.predicted += int(keep.sum())
            tally.correct += int(r.labelled[keep].sum())
            tally.found += int(r.labelled[keep].sum())
            tally.near_found += int(r.near[keep].sum())
            tally.near += len(r.labels.near)
            tally.total += len(r.labels.all)
        print(tally.row(f"{threshold:g}"))


def _unique_row(story: Story) -> str:
    alignment = align(story.articles)
    shared = {m for pair in story.labels.all for m in pair}
    unique = unsure = wrong = 0
    for number, article in enumerate(story.articles):
        for sentence in matched(article):
            if alignment.group_of(number, sentence.index):
                continue
            if alignment.unique(number, sentence.index):
                unique += 1
                wrong += Member(number, sentence.index) in shared
            else:
                unsure += 1
    return f"| {story.name} | {unique} | {wrong} ({wrong / max(1, unique):.0%}) | {unsure} |"


def _misses(story: Story, predicted: set[Pair], count: int) -> None:
    def text(pair: Pair) -> str:
        a, b = sorted(pair)
        return " || ".join(
            story.articles[m.article].sentences[m.sentence].text.replace("\n", " ")[:90]
            for m in (a, b)
        )

    for title, pairs in (
        ("wrong", predicted - story.labels.all),
        ("missed near", story.labels.near - predicted),
    ):
        for pair in sorted(pairs, key=sorted)[:count]:
            print(f"    {title}: {text(pair)}")


if __name__ == "__main__":
    main()
