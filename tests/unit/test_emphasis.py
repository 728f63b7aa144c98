"""What a shared row colours: the differing words of a close pair, the shared words
of a loose one, disagreements always; each span one whole word."""

from __future__ import annotations

import itertools
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles import Article
from reader.articles.model import Span
from reader.matching.diff import LOOSE, difference, emphasis, word_diff
from reader.matching.text import STOPWORDS, stem

CLOSE = (
    "Putin reiterated Russia’s importance as Kyrgyzstan’s biggest investor.",
    "Putin emphasized Russia’s significance as Kyrgyzstan’s largest investor.",
)
LOOSE_PAIR = (
    "This is the first time Putin has traveled abroad since the International Criminal "
    "Court (ICC) issued an arrest warrant in March for him and Russia's Presidential "
    "Commissioner for Children's Rights Maria Lvova-Belova.",
    "Russian President Vladimir Putin embarked on his first foreign trip since the "
    "International Criminal Court (ICC) issued an arrest warrant for him in March, raising "
    "international attention and scrutiny.",
)


def words(text: str, spans: tuple[Span, ...]) -> list[str]:
    return [text[s.start : s.end] for s in spans]


def whole_words(text: str, spans: tuple[Span, ...]) -> bool:
    """Each span is one word: no space inside, and not cut from a longer word."""
    return all(
        re.fullmatch(r"[\w'’.,]+", text[s.start : s.end])
        and (s.start == 0 or not text[s.start - 1].isalnum())
        and (s.end == len(text) or not text[s.end].isalnum())
        for s in spans
    )


def test_a_close_pair_colours_the_words_that_differ() -> None:
    left, right = CLOSE
    found = emphasis(left, right)
    assert difference(left, right) <= LOOSE
    assert found.kind == "differ"
    assert words(left, found.left) == ["reiterated", "importance", "biggest"]
    assert words(right, found.spans("right")) == ["emphasized", "significance", "largest"]
    assert not found.conflicts


def test_a_loose_pair_colours_the_words_it_shares() -> None:
    left, right = LOOSE_PAIR
    found = emphasis(left, right)
    assert difference(left, right) > LOOSE
    assert found.kind == "shared"
    shared = words(left, found.left)
    assert {"Putin", "first", "International", "Criminal", "Court", "ICC", "arrest"} <= set(shared)
    assert {"traveled", "Commissioner", "Maria"}.isdisjoint(shared)
    assert not {w.casefold() for w in shared} & STOPWORDS  # content words only
    theirs = {stem(w) for w in words(right, found.right)}
    assert all(stem(w) in theirs for w in shared)  # each shared word is on both sides
    assert whole_words(left, found.left) and whole_words(right, found.right)


def test_every_differing_word_is_a_span_of_its_own() -> None:
    left = "The Senate passed the bill by 97 votes to 1 late on Tuesday."
    right = "The Senate passed the measure by 98 votes to 2 on Tuesday."
    found = emphasis(left, right)
    assert found.kind == "differ" and found.left
    assert all(" " not in left[s.start : s.end] for s in found.left)
    merged = word_diff(left, right)  # the old view joined neighbouring words
    assert any(" " in left[s.start : s.end] for s in merged.left)


def test_conflicts_are_shown_whatever_the_kind(seed_articles: list[Article]) -> None:
    close = emphasis("It happened on Thursday.", "It happened on Friday.")
    assert close.kind == "differ"
    assert [
        ("It happened on Thursday."[a.start : a.end], "It happened on Friday."[b.start : b.end])
        for a, b in close.conflicts
    ] == [("Thursday", "Friday")]
    left = next(s.text for s in seed_articles[0].sentences if "a number of Kyrgyz" in s.text)
    right = next(s.text for s in seed_articles[3].sentences if "four Kyrgyz companies" in s.text)
    loose = emphasis(left, right)
    assert loose.kind == "shared" and loose.conflicts
    assert any("a number of" in left[a.start : a.end] for a in loose.conflict_spans("left"))
    assert any("four" in right[b.start : b.end] for b in loose.conflict_spans("right"))


def test_word_diff_places_its_conflicts() -> None:
    left, right = "Sales rose since 2002 here.", "Sales rose since 2003 here."
    found = word_diff(left, right)
    assert found.conflicts == (("2002", "2003"),)
    ((a, b),) = found.conflict_spans
    assert (left[a.start : a.end], right[b.start : b.end]) == found.conflicts[0]


def test_labelled_loose_pairs_show_their_shared_words(seed_articles: list[Article]) -> None:
    """On the seed story's labels, nearly every loose pair is shown by its shared
    words, and the pairs shown by their differences are the closest ones."""
    from conftest import DATA

    data = json.loads((DATA / "seed_pairs.json").read_text(encoding="utf-8"))
    by_name = {a.source.name: a for a in seed_articles}

    def text(side: dict[str, str]) -> str:
        quote = " ".join(side["quote"].split())
        return next(
            s.text for s in by_name[side["file"]].sentences if quote in " ".join(s.text.split())
        )

    kinds: dict[str, list[str]] = {"near": [], "loose": []}
    for pair in data["pairs"]:
        kinds[pair["kind"]].append(emphasis(text(pair["a"]), text(pair["b"])).kind)
    assert kinds["loose"].count("shared") >= 0.95 * len(kinds["loose"])
    assert "differ" in kinds["near"]


SENTENCE = st.lists(
    st.sampled_from(
        "Putin Kyrgyzstan visit visited trip the a of in four 4 2023 March base airbase "
        "Russia Russia’s sanctions sanctioned companies , . ; —".split()
    ),
    min_size=1,
    max_size=25,
).map(lambda ws: " ".join(ws))


@settings(max_examples=300, deadline=None)
@given(SENTENCE, SENTENCE)
def test_spans_are_whole_words_in_order(left: str, right: str) -> None:
    found = emphasis(left, right)
    assert found.kind == ("differ" if difference(left, right) <= LOOSE else "shared")
    for text, spans in ((left, found.left), (right, found.right)):
        assert whole_words(text, spans)
        assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    for a, b in found.conflicts:
        assert 0 <= a.start < a.end <= len(left) and 0 <= b.start < b.end <= len(right)
    if left == right:
        assert found.kind == "differ" and not found.left and not found.right
