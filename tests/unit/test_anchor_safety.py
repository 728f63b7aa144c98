"""A highlight is placed on the edited version of its own words, or is an orphan:
never on other text that happens to look like it."""

from __future__ import annotations

import random
import re
import sys

from conftest import ROOT

from reader.articles import Article
from reader.highlights.anchors import place, quote

sys.path.insert(0, str(ROOT / "benchmarks"))
import anchors as bench


def seed_article(seed_articles: list[Article], word: str) -> Article:
    return next(a for a in seed_articles if a.text.count(word) > 1)


def test_a_name_whose_words_were_changed_does_not_move_to_the_same_name_elsewhere(
    seed_articles: list[Article],
) -> None:
    article = seed_article(seed_articles, "Japarov")
    text = article.text
    start = text.index("Japarov")
    end = start + len("Japarov")
    edited = text[:start] + "Zhaparov" + text[end:]
    placement = place(edited, start, end, quote(text, start, end))
    assert placement.orphan or (placement.start, placement.end) == (start, start + len("Zhaparov"))


def test_a_deleted_quote_is_an_orphan_not_its_words_somewhere_else(
    seed_articles: list[Article],
) -> None:
    article = seed_article(seed_articles, "Japarov")
    text = article.text
    start = text.index("Sadyr Japarov") + len("Sadyr ")
    end = start + len("Japarov")
    edited = text[: start - len("Sadyr ")] + text[end:]
    assert place(edited, start, end, quote(text, start, end)).orphan


def test_a_fuzzy_lookalike_with_other_context_is_not_taken() -> None:
    text = (
        "Putin marked the anniversary of the Kant airbase outside the capital.\n"
        "Observers saw the notable growth in trade as a sign of sanctions evasion.\n"
    )
    start = text.index("the Kant")
    end = start + len("the Kant")
    edited = text.replace(
        "Putin marked the anniversary of the Kant airbase outside the capital.\n", ""
    )
    placement = place(edited, start, end, quote(text, start, end))
    assert placement.orphan


def test_a_duplicated_paragraph_makes_an_orphan_listing_both_places() -> None:
    first = "The summit opened on Thursday with a long speech about regional security.\n"
    text = "A title line.\n" + first + "The leaders then met in private for two hours.\n"
    start = text.index("long speech about")
    end = start + len("long speech about")
    for edited, original in (
        (text.replace(first, first + first), start),  # the copy after
        (text.replace(first, first + first), start),
        (text.replace(first, first * 2, 1), start),
    ):
        placement = place(edited, start, end, quote(text, start, end))
        copy = original + len(first)
        assert placement.orphan
        assert placement.candidates == ((original, end), (copy, copy + end - start))


def test_a_paragraph_start_printed_twice_is_an_orphan_too() -> None:
    first = "The summit opened on Thursday with a long speech about regional security.\n"
    text = "A title line.\n" + first + "The leaders then met in private for two hours.\n"
    start = text.index("The summit opened")
    end = start + len("The summit opened")
    placement = place(text.replace(first, first + first), start, end, quote(text, start, end))
    assert placement.orphan
    assert len(placement.candidates) == 2


def test_an_unchanged_quote_in_a_reordered_paragraph_is_still_placed() -> None:
    one = "The summit opened on Thursday with a long speech about regional security.\n"
    two = "The leaders then met in private for two hours before the dinner.\n"
    text = one + two
    start = text.index("met in private")
    end = start + len("met in private")
    edited = two + one
    placement = place(edited, start, end, quote(text, start, end))
    assert edited[placement.start : placement.end] == "met in private"


def test_no_random_edit_of_the_seed_story_places_a_highlight_on_other_text(
    seed_articles: list[Article],
) -> None:
    rng = random.Random(12)
    outcomes: dict[str, int] = {}
    for article in seed_articles:
        for _ in range(4):  # four rounds of edits, each a new random kind per sentence
            for case in bench.cases(article, rng):
                q = quote(case.text, case.start, case.end)
                p = place(case.edited, case.start, case.end, q)
                result = bench.outcome(case, p.start, p.end, p.orphan, p.candidates)
                outcomes[result] = outcomes.get(result, 0) + 1
    assert sum(outcomes.values()) > 500
    assert outcomes.get("wrong", 0) == 0
    assert outcomes.get("right", 0) > sum(outcomes.values()) * 0.6  # the price stays small


def test_candidates_of_an_orphan_are_whole_quotes(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    line = next(m for m in re.finditer(r"[^\n]{80,}\n", article.text))
    edited = article.text[: line.end()] + line.group() + article.text[line.end() :]
    start, end = line.start() + 10, line.start() + 40
    placement = place(edited, start, end, quote(article.text, start, end))
    assert placement.orphan
    assert all(edited[a:b] == article.text[start:end] for a, b in placement.candidates)
