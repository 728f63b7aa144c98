"""Sentence ends in US and wire news: titles, states, datelines, initials, quotations.

Each case is a sentence a reader sees as one, or a place where one really ends;
the BASIL benchmark (benchmarks/segmentation.py) measures the same rules on 94
real events.
"""

from __future__ import annotations

import pytest

from reader.articles.segment import segment


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for block in segment(text) for s in block.sentences]


# One sentence each: a stop that does not end it.
WHOLE = [
    "Ohio Republican Rep. Jane Mills won the vote.",
    "Maine Gov. LePage said no.",
    "It was backed by former Sens. John Ashcroft and Bob Dole.",
    "Two senators didn't vote at all: Sens. Tim Kaine and Mark Warner.",
    "Marines in Quantico, Va., have trained for it.",
    "Denver (AP) – A man was arrested on Friday.",
    "WASHINGTON (AP) — The Senate voted on Tuesday.",
    "LONDON (Reuters) - Britain said on Monday it would act.",
    "He met the U.S. attorney on Friday.",
    "Lt. Gov. Dan Patrick spoke with Gen. Mark Milley and Col. Ann Wright.",
    "Sgt. Joe Bloggs, Adm. Mike Mullen, Capt. Ann Kirk and Dr. Jill Biden came.",
    "He moved to St. Louis, then Ft. Worth, then Mt. Vernon.",
    "Martin Luther King Jr. Day is a holiday.",
    "Acme Corp. Chief Executive Jane Doe met Acme Co. President Bob Roe of Acme Ltd. on Monday.",
    "It was No. 1 in the polls in the Bush vs. Gore race.",
    "The U.S. Senate and the U.K. Parliament met.",
    "Rep. Darrell Issa, R-Calif., and Sen. Ted Cruz, R-Texas, agreed.",
    "Sen. Marco Rubio (R-Fla.) and Rep. Emanuel Cleaver (D-Mo.) spoke.",
    "They moved to Mo. in May.",
    "The meeting is at 5 p.m. Eastern time.",
    "John F. Kennedy and George W. Bush met Representative C. A. Dutch Ruppersberger.",
    "Jesse Jackson Jr. (D-Ill.) pleaded guilty.",
    "It is the post-Sept. 11 law that then-Rep. Gabrielle Giffords backed.",
    "The case, Wal-Mart Stores v. Dukes, No. 10-277, was argued.",
    "AUGUSTA, Me. — Paul R. LePage, the governor of Maine, declared on Wednesday.",
    "WASHINGTON —\nThe Senate voted on Tuesday.",
    '"Is it inappropriate?" Walsh asked.',
    "“Who can guarantee you happiness?” he asked.",
    "Tell them what you saw ... we have a right to hear what you saw.",
    "He said it was from the U.S.' Kurdish allies.",
    "President [George W.] Bush would not have been in favor of it.",
    "He said the cost was $1.5 million. . . and rising.",
]


@pytest.mark.parametrize("text", WHOLE)
def test_a_stop_that_does_not_end_the_sentence(text: str) -> None:
    assert sentences(text) == [text]


# Several sentences each, split where a reader sees them end.
SPLIT = [
    ["He works for Apple Inc.", "The company grew."],
    ["He lives in Tampa, Fla.", "His wife is from there."],
    ["said Rep. Darrell Issa, D-Calif.", "He added that he agreed."],
    ["He lives in the U.S.", "The country is big."],
    ["The meeting is at 5 p.m.", "The room is large."],
    ["John F. Kennedy and George W. Bush met.", "They talked."],
    ["It passed on Oct. 12.", "It failed on Nov. 3, 2010.", "The tally was 97-1."],
    ["The tally was 97-1.", "2 senators did not vote."],
    ["Who is he?", "Nobody knows!", "“Really?”", "Yes."],
    ["We must win the war on terror.", "... And we must win it now."],
    ["I served in Vietnam...", "We owe them support."],
    ["The emails were on a server in Chappaqua, N.Y.", "Mr. Gowdy asked for it."],
    ["He spoke to Thomas Bliley Jr.", "He said it was over."],
    ["All rights reserved .", "© (2023) Agence France-Presse"],
]


@pytest.mark.parametrize("expected", SPLIT, ids=lambda s: s[0][:30])
def test_sentences_end_where_a_reader_sees_them_end(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


def test_a_stop_before_lowercase_never_ends_a_sentence() -> None:
    text = "At 5 p.m. on Friday the U.S. attorney said the Rep. was fine... and left."
    assert sentences(text) == [text]


def test_a_dash_or_closing_quote_after_a_stop_goes_on() -> None:
    text = "He loved “all things pink!” — whose commentary was sharp."
    assert sentences(text) == [text]


@pytest.mark.parametrize("piece", ["[/", "...", ". ", ".", "“", "Mr. ", "U.S. ", "?” ", "A. "])
def test_long_runs_of_one_piece_cannot_stall_segmentation(piece: str) -> None:
    """200 KB of one piece: linear work takes well under a second; a pattern that
    backtracked over the run (quadratic or worse) would take hours."""
    import time

    text = piece * (200_000 // len(piece)) + " end."
    started = time.perf_counter()
    blocks = segment(text)
    assert time.perf_counter() - started < 20
    assert blocks
