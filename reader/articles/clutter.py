"""Flags for paragraphs that are page furniture, not article body.

Pages copied as text carry breadcrumbs, share prompts, photo credits, author bios
and teasers for other articles. Nothing is deleted: each paragraph gets a reason
or ``None``, the reason travels with its sentences, matching leaves flagged
sentences out and the reader dims them.

The rules are patterns of the page furniture of news sites; each is small and
named so a wrong flag can be traced to the rule that made it. Furniture is short,
or sits at a paragraph's edge (a credit after a caption), so the rules read only
the first and last ``EDGE`` characters of a paragraph: however long a paragraph
is, flagging it costs no more than flagging a short one. The patterns themselves
are written to take time linear in what they read (no pattern nests or chains
repeats that could match the same text in many ways).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

BREADCRUMB = "breadcrumb"
SHARE = "share prompt"
COPYRIGHT = "copyright notice"
CREDIT = "photo credit"
CAPTION = "photo caption"
IMAGE = "image file name"
BIO = "author bio"
TEASER = "teaser for another article"
NOTICE = "site notice"
REPEATED_TITLE = "repeated title"

EDGE = 200
"""Characters read at each end of a paragraph; a shorter paragraph is read whole."""

BIO_TAIL_MAX = 8
"""Paragraphs an author's bio runs to at most, from its first line to the article's end."""


@dataclass(frozen=True, slots=True)
class _Rule:
    """A kind of furniture: how a paragraph of it starts, or what it holds.

    ``start`` is matched at the paragraph's start, in the text as written;
    ``inside`` is searched for in the lowercased text and begins with a literal
    character, so the search skips quickly over body text.
    """

    reason: str
    start: re.Pattern[str] | None = None
    inside: re.Pattern[str] | None = None

    def matches(self, text: str, lower: str) -> bool:
        if self.start is not None and self.start.match(text):
            return True
        return self.inside is not None and self.inside.search(lower) is not None


def _start(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A pattern of a paragraph's start, anchored so that no search tries it further on."""
    return re.compile(f"^(?:{pattern})", flags)


_ON_SOCIAL_MEDIA = (  # "Follow her on Twitter", "Follow Jane Reporter at @jr", "Follow @jr"
    r"\s(@\w|(\S+\s){0,3}?(on|at)\s(@\w|(?i:twitter|x|facebook|instagram|threads|bluesky|"
    r"mastodon|linkedin|tiktok)\b))"
)

_LINE_RULES: tuple[_Rule, ...] = (
    _Rule(BREADCRUMB, _start(r"(home|news)\s*[»›>/|]"), re.compile(r"[»›]\s.*\s[»›]\s")),
    _Rule(
        SHARE,
        _start(
            r"spread the love|share (this|on|via)\b|share$|tweet$|follow us\b|subscribe\b|"
            r"sign up for\b|click to share|print this|email this"
        ),
    ),
    _Rule(
        COPYRIGHT,
        _start(r"©|\(c\)\s|copyright\b[^.!?]{0,60}(\b\d{4}\b|$)|please make active links"),
        re.compile(
            r"copyright\s*(©|\(c\)|\d{4})|all rights (of reproduction|reserved)|"
            r"when using materials from this (web)?site"
        ),
    ),
    _Rule(
        CREDIT,
        _start(r"(photo|image|picture|credit|source)s?\s*:"),
        re.compile(
            r"photo (taken from|by|courtesy)\b|photo\s*:\s*[\w.-]+$|©\s*\S|"
            r"\((photo|image)[^()]*\)$|"
            # a bracketed credit closing a caption: "[Name/Agency]", "[... via Reuters]"
            r"\[(?=[^\[\]]*(\w ?/ ?\w|\bvia\b|\b(photo|file|getty|reuters|ap|afp|epa)\b))"
            r"[^\[\]]*\]$"
        ),
    ),
    _Rule(IMAGE, inside=re.compile(r"\.(jpe?g|png|gif|webp|svg)$|_\d+(\.\d+)?$")),
    _Rule(
        NOTICE,
        _start(
            r"the following text will be sent|advertisement|related:|read more\b|see also\b|"
            r"more on this\b"
        ),
        re.compile(
            r"spelling error|pressing ctrl\s*\+\s*enter|"
            # the words before "cookies" are looked behind at, so that search stays fast
            r"cookies?\b((?<=we use cookies)|(?<=site uses cookies)|(?<=our use of cookies)|"
            r"(?<=accept all cookies)|(?<=reject all cookies)|(?= (policy|settings)\b))"
        ),
    ),
    _Rule(
        TEASER,
        _start(r"(opinion|analysis|watch|listen|read|related)\s*:"),
        re.compile(r"editor['’]s note\s*:"),
    ),
    _Rule(
        BIO,  # a byline, and the contact and credit lines that close an article
        _start(
            r"[Bb]y\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}$|"
            r"(?i:e-?mail|contact|reach|write to|to get in touch)\b.{0,80}?[\w.+-]@[\w-]+\.\w|"
            r"(?i:e-?mail)\s*:|(Additional r|R)eporting by\b|(Writing|Editing) by\b|"
            rf"Contributing\s*:|Follow{_ON_SOCIAL_MEDIA}",
            0,
        ),
        re.compile(
            rf"[.!?] follow{_ON_SOCIAL_MEDIA}|"
            r"contributed (reporting|to this (report|story|article))\b"
        ),
    ),
)

_NAME = r"[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}"
_FULL_NAME = r"(?!(The|This|That|These|Those|It|Its)\s)[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){1,3}"
_BIO_START = re.compile(
    # "Jane Reporter is a staff writer at ...", "Jane Reporter covers Congress for ...",
    # "By Jane Reporter"
    rf"^{_NAME}\s+(is|was|has been)\s+(a|an|the)\s+([\w-]+\s+){{0,3}}(?i:editor|reporter|"
    r"correspondent|writer|journalist|contributor|columnist|producer|photographer|analyst|"
    r"commentator|anchor|host|author|freelancer|fellow|intern|critic|blogger)s?\b|"
    rf"^{_FULL_NAME}\s+(covers|has covered|reports (on|for|from)|writes (about|for|on)|"
    rf"is based in)\s|^[Bb]y\s+{_NAME}$"
)
_NAME_ONLY = re.compile(r"^[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){1,4}$")
_TRUNCATED = re.compile(r"(\b\w{1,2}\.\.\.|,)$")
_TRUNCATED_TAIL = 6  # the most characters _TRUNCATED matches
_OPENING_QUOTE = tuple("\"“‘'«")


@dataclass(frozen=True, slots=True)
class Flags:
    """A clutter reason (or None) for each paragraph, and which paragraph is the title."""

    reasons: list[str | None]
    title: int | None


def flag(paragraphs: Sequence[str]) -> Flags:
    """Flag each paragraph's text and find the title, reading every paragraph once.

    The line rules run once per paragraph. The title is the first paragraph they
    leave unflagged that is not cut off; then come the passes that look at the
    title and at neighbouring paragraphs, which never flag the title itself.
    """
    edges = [edge_text(p) for p in paragraphs]
    reasons: list[str | None] = [_line_rule(e) for e in edges]
    cut_off = [_is_cut_off(e) for e in edges]
    title = next((i for i, r in enumerate(reasons) if r is None and not cut_off[i]), None)
    if title is not None:
        _flag_repeated_title(paragraphs, reasons, title)
    _flag_captions(edges, reasons, title)
    _flag_bio_tail(edges, reasons, title)
    _flag_truncated_teasers(edges, cut_off, reasons, title)
    return Flags(reasons, title)


def edge_text(text: str) -> str:
    """What the rules read of a paragraph: all of it when short, else its two ends.

    The ends are joined by a line break, which paragraph text never holds, so no
    rule reads one end's text as running on into the other's.
    """
    if len(text) <= 2 * EDGE:
        return text
    return f"{text[:EDGE]}\n{text[-EDGE:]}"


def _line_rule(text: str) -> str | None:
    lower = text.lower()
    return next((rule.reason for rule in _LINE_RULES if rule.matches(text, lower)), None)


def _is_cut_off(text: str) -> bool:
    """Cut off mid-word ("Russian President V...") or at a comma, and long enough to matter."""
    tail = max(0, len(text) - _TRUNCATED_TAIL)
    return _TRUNCATED.search(text, tail) is not None and text.count(" ") >= 8


def _flag_captions(edges: Sequence[str], reasons: list[str | None], title: int | None) -> None:
    """A line with no closing stop just before a photo credit is that photo's caption."""
    for i in range(1, len(edges)):
        above = i - 1
        unflagged = reasons[above] is None and above != title
        if reasons[i] == CREDIT and unflagged and edges[above][-1:] not in '.!?”"':
            reasons[above] = CAPTION


def _flag_bio_tail(edges: Sequence[str], reasons: list[str | None], title: int | None) -> None:
    """From an author's name line or bio sentence near the end, the rest is the bio."""
    n = len(edges)
    first = max(1, (2 * n) // 3, n - BIO_TAIL_MAX, -1 if title is None else title + 1)
    for i in range(first, n):
        text = edges[i]
        name_line = _NAME_ONLY.match(text) and i + 1 < n and _mentions(edges[i + 1], text)
        if _BIO_START.match(text) or name_line:
            for j in range(i, n):
                reasons[j] = reasons[j] or BIO
            return


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` names the person of a name line (first word of it)."""
    first = name.split()[0]
    return text.startswith(first) or text.lower().startswith("by " + first.lower())


def _flag_truncated_teasers(
    edges: Sequence[str], cut_off: Sequence[bool], reasons: list[str | None], title: int | None
) -> None:
    """A paragraph cut off is a teaser, unless a comma leads into a quotation below it."""
    for i, text in enumerate(edges):
        if reasons[i] is not None or not cut_off[i] or i == title:
            continue
        below = edges[i + 1] if i + 1 < len(edges) else ""
        if not (text.endswith(",") and below.startswith(_OPENING_QUOTE)):
            reasons[i] = TEASER


def _flag_repeated_title(
    paragraphs: Sequence[str], reasons: list[str | None], title_index: int
) -> None:
    """A paragraph that repeats the title (a page's headline shown twice)."""
    title = paragraphs[title_index]
    if len(title) > 2 * EDGE:  # a paragraph that long is body text, not a headline
        return
    for i, text in enumerate(paragraphs):
        if i == title_index or reasons[i] is not None or len(text) > 3 * EDGE:
            continue
        if fuzz.ratio(text, title, processor=utils.default_process, score_cutoff=90):
            reasons[i] = REPEATED_TITLE
