"""Highlights placed again after an edit cover the edited words, whole words only."""

from __future__ import annotations

import re

import pytest

from reader.articles import Article
from reader.highlights.anchors import Placement, place, quote

LOBBY = (
    "The bill drew fierce opposition from the industry. To fight it, the company hired a "
    "phalanx of lobbyists and spent millions on advertising. The vote is due on Friday."
)
PHRASE = "hired a phalanx of lobbyists"
NEW_WORD = "Zorvath"  # in no article, so a placement cannot find it anywhere else


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def placed_after(text: str, words: str, edited: str) -> tuple[Placement, str]:
    start, end = span(text, words)
    placement = place(edited, start, end, quote(text, start, end))
    return placement, edited[placement.start : placement.end]


def whole_words(text: str, placement: Placement) -> bool:
    def cuts(at: int) -> bool:
        return 0 < at < len(text) and bool(re.match(r"\w\w", text[at - 1 : at + 1]))

    return not cuts(placement.start) and not cuts(placement.end)


def test_lobbyists_who_became_washington_lobbyists_stay_highlighted() -> None:
    edited = LOBBY.replace("lobbyists", "Washington lobbyists")
    placement, covered = placed_after(LOBBY, PHRASE, edited)
    assert placement.method == "fuzzy"
    assert covered == "hired a phalanx of Washington lobbyists"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a phalanx", "a huge phalanx", "hired a huge phalanx of lobbyists"),  # inserted inside
        ("company hired", "company quietly hired", "quietly hired a phalanx of lobbyists"),
        ("lobbyists and", "lobbyists abroad and", "hired a phalanx of lobbyists abroad"),
        ("phalanx of", "phalanx", "hired a phalanx lobbyists"),  # removed
        ("phalanx", "small army", "hired a small army of lobbyists"),  # replaced
        ("company hired", "company engaged", "engaged a phalanx of lobbyists"),  # first word
        ("lobbyists and", "consultants and", "hired a phalanx of consultants"),  # last word
        ("phalanx of", "phalanx, of", "hired a phalanx, of lobbyists"),  # punctuation
        ("hired a", "Hired a", "Hired a phalanx of lobbyists"),  # case
    ],
)
def test_a_family_of_edits_is_covered_whole(old: str, new: str, expected: str) -> None:
    edited = LOBBY.replace(old, new)
    placement, covered = placed_after(LOBBY, PHRASE, edited)
    assert covered == expected
    assert placement.method == "fuzzy" and whole_words(edited, placement)


def test_punctuation_changed_in_a_sentence_highlight() -> None:
    sentence = LOBBY[LOBBY.index("To fight") : LOBBY.index(" The vote")]
    edited = LOBBY.replace("To fight it,", "To fight it;").replace("advertising.", "advertising!")
    _, covered = placed_after(LOBBY, sentence, edited)
    assert covered == sentence.replace("it,", "it;").replace("advertising.", "advertising!")


def test_punctuation_inserted_before_the_quote_stays_outside() -> None:
    _, covered = placed_after(LOBBY, PHRASE, LOBBY.replace("company hired", "company, hired"))
    assert covered == PHRASE


def test_an_unchanged_quote_in_a_changed_text_keeps_its_words() -> None:
    edited = "An editor's note was added.\n\n" + LOBBY.replace("Friday", "Monday")
    placement, covered = placed_after(LOBBY, PHRASE, edited)
    assert placement.method == "quote" and covered == PHRASE


def test_an_edited_quote_is_found_where_its_context_is() -> None:
    """The edited words, in the quote's context, win over the old words elsewhere."""
    text = (
        "Officials said in a statement that talks had failed. "
        "Later, the minister said in a statement that he would resign."
    )
    second = text.index("said in a statement", text.index("Later"))
    start, end = second, second + len("said in a statement")
    edited = text.replace("minister said in a", "minister said in")
    placement = place(edited, start, end, quote(text, start, end))
    assert edited[placement.start : placement.end] == "said in statement"
    assert placement.start > edited.index("Later")


def test_a_title_printed_twice_is_context_not_quote() -> None:
    title = "Senate passes the budget after a long night"
    sentence = "WASHINGTON — The Senate passed the budget on Friday after debate."
    text = f"{title}\n\n{title}\n\n{sentence}"
    edited = text.replace("WASHINGTON —", f"{NEW_WORD} WASHINGTON —")
    _, covered = placed_after(text, sentence, edited)
    assert covered == f"{NEW_WORD} {sentence}"


def test_a_quote_whose_words_are_gone_is_an_orphan() -> None:
    edited = LOBBY.replace(PHRASE, "lobbied hard")
    placement, _ = placed_after(LOBBY, PHRASE, edited)
    assert placement.orphan
    assert (placement.start, placement.end) == span(LOBBY, PHRASE)  # the old offsets, kept


WORD = re.compile(r"\w+")
EDITS = ("insert-inside", "insert-start", "insert-end", "remove", "replace", "punctuation")


def edit_case(text: str, start: int, end: int, kind: str) -> tuple[str, str]:
    """``text`` with one edit of the words in ``start:end``, and the edited words."""
    inner = [(start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]
    middle = inner[len(inner) // 2]
    at, adds = {
        "insert-inside": (middle[0], f"{NEW_WORD} "),
        "insert-start": (inner[0][0], f"{NEW_WORD} "),
        "insert-end": (inner[-1][1], f" {NEW_WORD}"),
        "punctuation": (middle[1], ";"),
    }.get(kind, (0, ""))
    if adds:
        edited = text[:at] + adds + text[at:]
        return edited, edited[start : end + len(adds)]
    cut = (middle[0], inner[len(inner) // 2 + 1][0]) if kind == "remove" else middle
    replacement = "" if kind == "remove" else NEW_WORD
    edited = text[: cut[0]] + replacement + text[cut[1] :]
    return edited, edited[start : end - (cut[1] - cut[0]) + len(replacement)]


@pytest.mark.parametrize("kind", EDITS)
def test_every_seed_sentence_follows_each_kind_of_edit(
    seed_articles: list[Article], kind: str
) -> None:
    """Each body sentence of the seed story, and a run of words inside it, edited
    one way: the placement covers exactly the edited words."""
    tried = misplaced = 0
    for article in seed_articles:
        for s in article.body:
            words = [(s.start + m.start(), s.start + m.end()) for m in WORD.finditer(s.text)]
            if len(words) < 6:
                continue
            for start, end in ((s.start, s.end), (words[1][0], words[-2][1])):
                edited, wanted = edit_case(article.text, start, end, kind)
                placement = place(edited, start, end, quote(article.text, start, end))
                covered = edited[placement.start : placement.end]
                tried += 1
                if placement.orphan or covered != wanted or not whole_words(edited, placement):
                    misplaced += 1
    assert tried > 200
    assert misplaced == 0
