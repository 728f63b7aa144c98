"""Clutter flags and titles on real page shapes, outlets named by the text, and rules
that stay linear on hostile text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from reader.articles import Article, build_article
from reader.articles import clutter as c

BODY = [
    "The Senate passed the bill on Tuesday after a long night of debate.",
    "Supporters said the measure would cut costs for families across the country.",
    "Opponents argued that it left out rural hospitals, which face closures.",
    "The House is expected to take up the bill next week, aides said.",
    "The president has said he will sign it if it reaches his desk.",
    "A vote count shared by leaders showed a narrow margin in the House.",
]


def article(*paragraphs: str) -> Article:
    return build_article(Path("story.txt"), "\n\n".join(paragraphs) + "\n")


def reasons(a: Article) -> dict[str, str | None]:
    return {s.text: s.clutter for s in a.sentences}


def test_a_title_holding_brackets_is_the_title() -> None:
    a = article("Markup test [bold]headline[/bold]", *BODY)
    assert a.title == "Markup test [bold]headline[/bold]"
    first = a.sentences[0]
    assert (first.text, first.clutter, first.heading) == (a.title, None, True)


def test_a_title_above_a_source_line_is_the_title_not_a_caption() -> None:
    a = article("Senate passes the health bill", "Source: Reuters", *BODY)
    assert a.title == "Senate passes the health bill"
    assert reasons(a)["Senate passes the health bill"] is None
    assert reasons(a)["Source: Reuters"] == c.CREDIT
    assert a.outlet == "Reuters"


def test_a_caption_above_a_credit_is_still_a_caption() -> None:
    a = article("Senate passes the health bill", BODY[0], "Senators leave the chamber", "Photo: AP")
    assert reasons(a)["Senators leave the chamber"] == c.CAPTION
    assert reasons(a)["Photo: AP"] == c.CREDIT


@pytest.mark.parametrize(
    "credit",
    [
        "Senators leave the chamber on Tuesday [Jane Photographer/Reuters]",
        "Senators leave the chamber on Tuesday [Photo by Jane Photographer via Getty Images]",
        "Senators leave the chamber on Tuesday (Photo: Jane Photographer)",
    ],
)
def test_bracketed_credits_are_credits(credit: str) -> None:
    assert reasons(article("Senate passes the health bill", BODY[0], credit))[credit] == c.CREDIT


@pytest.mark.parametrize(
    "tail",
    [
        "Jane Reporter covers Congress for The Daily Ledger.",
        "Jane Reporter is a staff writer at The Daily Ledger.",
        "Jane Reporter is a Reporter for The Daily Ledger. Follow her on Twitter at @jreporter.",
        "Jane Reporter writes about health policy for The Daily Ledger.",
        "Sam Writer and Jane Reporter contributed reporting.",
        "The Associated Press contributed to this report.",
        "Follow her on Twitter @jreporter",
        "Follow @jreporter",
        "Email: jane@ledger.example",
        "Contact the author at jane@ledger.example.",
        "Reporting by Jane Reporter; Editing by Sam Editor",
        "Additional reporting by Sam Writer in London.",
        "By Jane Reporter",
    ],
)
def test_author_bios_and_contact_lines_are_flagged(tail: str) -> None:
    a = article("Senate passes the health bill", *BODY, tail)
    flagged = [s for s in a.sentences if s.clutter]
    assert " ".join(s.text for s in flagged) == tail
    assert {s.clutter for s in flagged} == {c.BIO}


@pytest.mark.parametrize(
    "notice",
    [
        "We use cookies to give you the best experience on our website.",
        "This website uses cookies. By continuing to browse you agree to our cookie policy.",
        "Accept all cookies",
    ],
)
def test_cookie_notices_are_flagged(notice: str) -> None:
    a = article("Senate passes the health bill", *BODY[:2], notice, *BODY[2:])
    assert {s.clutter for s in a.sentences if s.clutter} == {c.NOTICE}
    assert " ".join(s.text for s in a.sentences if s.clutter) == notice


@pytest.mark.parametrize(
    "paragraph",
    [
        "“He did nothing wrong except follow me on Twitter,” the mayor said.",
        "The lawsuit claims copyright infringement by the studio.",
        "Copyright lawsuits against the company have multiplied this year.",
        "The Pentagon covers the cost of the program, officials said.",
        "Smith is a former reporter who now runs for the Senate, and he won the primary.",
        "Millions of people use cookies in their browsers and accept the risks, experts said.",
    ],
)
def test_body_text_that_looks_like_furniture_is_not_flagged(paragraph: str) -> None:
    a = article("Senate passes the health bill", *BODY[:2], paragraph, *BODY[2:])
    assert [s.text for s in a.sentences if s.clutter] == []


def test_a_comma_leading_into_a_quotation_is_not_a_teaser() -> None:
    lead_in = "States might also respond to the ruling with changes of their own. He added,"
    a = article("Senate passes the health bill", *BODY[:3], lead_in, "“We will see.”", *BODY[3:])
    assert not any(s.clutter for s in a.sentences)
    cut = "Russia's annual Victory Day holiday on May 9, when the country marks the victory,"
    assert reasons(article("Senate passes the health bill", *BODY, cut))[cut] == c.TEASER


# -- outlets named by the text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("© 2023 Reuters", "Reuters"),
        ("© (2023) Agence France-Presse", "Agence France-Presse"),
        ("© CABAR - Central Asian Bureau for Analytical Reporting", "CABAR"),
        ("Copyright 2023 The Associated Press. All rights reserved.", "The Associated Press"),
        ("Copyright © 2023 BBC", "BBC"),
        ("All rights reserved. © (2023) Agence France-Presse", "Agence France-Presse"),
        ("Source: Al Jazeera and news agencies", "Al Jazeera"),
    ],
)
def test_outlet_from_a_copyright_or_source_line(line: str, outlet: str) -> None:
    assert article("Senate passes the health bill", *BODY, line).outlet == outlet


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("WASHINGTON (AP) — The Senate passed the bill on Tuesday.", "AP"),
        ("(Reuters) - The Senate passed the bill on Tuesday.", "Reuters"),
        ("LONDON, Oct 12 (Reuters) - Prices rose on Tuesday.", "Reuters"),
        ("BEIJING, Oct. 12 (Xinhua) -- China said on Tuesday it would respond.", "Xinhua"),
    ],
)
def test_outlet_from_a_wire_dateline(dateline: str, outlet: str) -> None:
    assert article("Senate passes the health bill", dateline, *BODY).outlet == outlet


def test_outlet_is_the_file_name_when_the_text_names_none() -> None:
    assert article("Senate passes the health bill", *BODY).outlet == "story"
    photo = "Senators leave the chamber on Tuesday © AFP – Jane Photographer"
    assert article("Senate passes the health bill", BODY[0], photo).outlet == "story"


def test_outlet_from_the_site_name_of_an_html_page(tmp_path: Path) -> None:
    from reader.articles import load_article

    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="og:site_name" content="The Daily Ledger"></head><body>'
        f"<article><h1>Senate passes the health bill</h1>{''.join(f'<p>{p}</p>' for p in BODY)}"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert load_article(page).outlet == "The Daily Ledger"


# -- every rule linear ---------------------------------------------------------------------------

HOSTILE_UNITS = [
    "[/",
    "[",
    "[a/",
    "(photo",
    "(",
    "cookie ",
    "© ",
    "© (2023) ",
    "© a",
    "Copyright a ",
    "Copyright ",
    "A. ",
    "AAAA",
    "Aa ",
    "» x ",
    "Follow ",
    ". follow a ",
    "a/",
    "_1",
    "By A ",
    "(AP",
    "WASHINGTON ",
    "Source: ",
    "x@",
    "Email ",
    " ",
    ",",
    "...",
]

_LINEAR_CHECK = """
import re, sys
from pathlib import Path
from reader.articles import build_article, clutter, load
units, size = eval(sys.argv[1]), int(sys.argv[2])
patterns = [
    value
    for module in (clutter, load)
    for name, item in vars(module).items()
    for value in ([item] if not isinstance(item, tuple) else item)
    if isinstance(value, re.Pattern)
] + [p for rule in clutter._LINE_RULES for p in (rule.start, rule.inside) if p is not None]
assert len(patterns) >= 10, patterns
for unit in units:
    text = (unit * (size // len(unit) + 1))[:size]
    for pattern in patterns:  # on the whole text, not only the part the rules read
        pattern.search(text)
        pattern.search(text.lower())
    clutter.flag([text, "A title", text, text[: size // 2]])
    load._infer_outlet([text, text], [clutter.COPYRIGHT, None])
print("done")
"""


def test_every_pattern_takes_linear_time_on_hostile_text() -> None:
    """Each pattern, and flagging, on 300 KB runs of the text that makes backtracking
    blow up. Linear patterns take a few seconds for all of it; one quadratic pattern
    takes minutes and a cubic one hours, past the generous time limit."""
    result = subprocess.run(
        [sys.executable, "-c", _LINEAR_CHECK, repr(HOSTILE_UNITS), str(300_000)],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (result.returncode, result.stdout.strip()) == (0, "done"), result.stderr


def test_the_rules_read_only_the_edges_of_a_paragraph() -> None:
    """The middle of a long paragraph never changes its flag: what makes the cost of
    flagging a paragraph bounded however long it is."""
    middle = " ".join(["cookie accept © [/ photo by » x » Follow @x"] * 200)
    body = "The Senate passed the bill on Tuesday. " * 10
    for long in (f"{body}{middle} {body}", f"{body}{body}"):
        assert len(long) > 2 * c.EDGE
        assert c.edge_text(long) == f"{long[: c.EDGE]}\n{long[-c.EDGE :]}"
    with_middle = c.flag(["A title", f"{body}{middle} {body}"])
    without = c.flag(["A title", f"{body}{body}"])
    assert with_middle == without == c.Flags([None, None], 0)
