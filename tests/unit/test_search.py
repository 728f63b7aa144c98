"""Case-insensitive search placed on the original text, however folding changes lengths."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles.model import Span
from reader.articles.search import contains, find_all


def found(text: str, query: str) -> list[str]:
    return [text[s.start : s.end] for s in find_all(text, query)]


def test_plain_text_ignores_case() -> None:
    text = "Putin met Japarov; PUTIN left. putin"
    assert found(text, "putin") == ["Putin", "PUTIN", "putin"]
    assert find_all(text, "Putin")[1] == Span(19, 24)
    assert found(text, "xi") == [] and not contains(text, "xi")
    assert contains(text, "JAPAROV")


def test_an_empty_query_finds_nothing() -> None:
    assert find_all("anything", "") == [] and not contains("anything", "")


def test_sharp_s_is_found_by_its_folded_spelling() -> None:
    text = "Die Straße ist lang, die Strasse auch."
    assert found(text, "STRASSE") == ["Straße", "Strasse"]
    assert find_all(text, "STRASSE")[0] == Span(4, 10)
    assert found(text, "straße") == ["Straße", "Strasse"]
    assert found(text, "ß") == ["ß", "ss"]  # both fold to "ss"
    assert found(text, "IST lang") == ["ist lang"]  # positions after the ß are right


def test_half_of_a_folded_character_is_no_match() -> None:
    assert found("Straße", "s") == ["S"]  # the ß folds to "ss": no span shows half of it
    assert not contains("ß", "s")
    assert found("Strasse", "s") == ["S", "s", "s"]


def test_turkish_dotted_capital_i() -> None:
    text = "İstanbul and Istanbul"
    assert found(text, "stanbul") == ["stanbul", "stanbul"]
    assert find_all(text, "stanbul")[0] == Span(1, 8)  # not shifted by İ's longer fold
    assert found(text, "İstanbul") == ["İstanbul"]
    assert found(text, "istanbul") == ["Istanbul"]  # the dot above is kept: İ is not I
    assert found("i̇stanbul", "İSTANBUL") == ["i̇stanbul"]


def test_ligatures() -> None:
    text = "The ﬁnal ﬁgures: fifty"
    assert found(text, "fi") == ["ﬁ", "ﬁ", "fi"]
    assert found(text, "FINAL") == ["ﬁnal"]
    assert found(text, "figures:") == ["ﬁgures:"]


def test_matches_do_not_overlap() -> None:
    assert found("aaaa", "aa") == ["aa", "aa"]
    assert found("ßß", "ss") == ["ß", "ß"]


FOLDING = st.sampled_from(list("aAsSßẞİIıi\u0307ﬁﬂŉΣσςΐ ."))


@settings(max_examples=500, deadline=None)
@given(st.text(FOLDING, max_size=20), st.text(FOLDING, min_size=1, max_size=4))
def test_every_match_folds_to_the_query(text: str, query: str) -> None:
    spans = find_all(text, query)
    for span in spans:
        assert text[span.start : span.end].casefold() == query.casefold()
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start
    assert contains(text, query) == bool(spans)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(min_size=1, max_size=3))
def test_any_text(text: str, query: str) -> None:
    spans = find_all(text, query)
    assert all(text[s.start : s.end].casefold() == query.casefold() for s in spans)
    if text.casefold() == text and query.casefold() == query:  # nothing folds: plain find
        expected = []
        start = text.find(query)
        while start >= 0:
            expected.append(Span(start, start + len(query)))
            start = text.find(query, start + len(query))
        assert spans == expected
