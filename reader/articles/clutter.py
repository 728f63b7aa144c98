"""Flags for paragraphs that are page furniture, not article body.

Pages copied as text carry breadcrumbs, share prompts, photo credits, author bios
and teasers for other articles. Nothing is deleted: each paragraph gets a reason
or ``None``, the reason travels with its sentences, matching leaves flagged
sentences out and the reader dims them.

The rules are patterns of the page furniture of news sites; each is small and
named so a wrong flag can be traced to the rule that made it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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

_I = re.IGNORECASE
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (BREADCRUMB, re.compile(r"^(home|news)\s*[»›>/|]|(\s[»›]\s.*){2,}", _I)),
    (
        SHARE,
        re.compile(
            r"^(spread the love|share (this|on|via)\b|share$|tweet$|follow us\b|"
            r"subscribe\b|sign up for\b|click to share|print this|email this)",
            _I,
        ),
    ),
    (
        COPYRIGHT,
        re.compile(
            r"^©|\ball rights (of reproduction|reserved)|\bcopyright\b|"
            r"^please make active links|\bwhen using materials from this (web)?site",
            _I,
        ),
    ),
    (
        CREDIT,
        re.compile(
            r"^(photo|image|picture|credit|source)s?\s*:|\bphoto (taken from|by|courtesy)\b|"
            r"\bphoto\s*:\s*[\w.-]+$|"
            r"©\s*\S|\((photo|image)[^)]*\)$|"
            r"\[[^\]]*(/|via |photo|getty|reuters|ap\b|afp)[^\]]*\]$",
            _I,
        ),
    ),
    (IMAGE, re.compile(r"(\.(jpe?g|png|gif|webp|svg)|_\d+(\.\d+)?)$", _I)),
    (
        NOTICE,
        re.compile(
            r"spelling error|pressing ctrl\s*\+\s*enter|^the following text will be sent|"
            r"^(advertisement|related:|read more\b|see also\b|more on this\b)|"
            r"\bcookies?\b.*\b(accept|consent)\b",
            _I,
        ),
    ),
    (
        TEASER,
        re.compile(r"^(opinion|analysis|watch|listen|read|related)\s*:|editor['’]s note\s*:", _I),
    ),
)

_BYLINE = re.compile(r"^by\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}$")
_BIO_START = re.compile(
    r"^[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}\s+(is|has been|was)\s+(a|an|the)\s+"
    r"([\w-]+\s+){0,3}(editor|reporter|correspondent|writer|journalist|contributor)\b"
)
_NAME_ONLY = re.compile(r"^[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){1,4}$")
_TRUNCATED = re.compile(r"(\b\w{1,2}\.\.\.|,)$")


def flag(paragraphs: Sequence[str], title_index: int | None = None) -> list[str | None]:
    """A clutter reason (or None) for each paragraph's text."""
    flags: list[str | None] = [_line_rule(p) for p in paragraphs]
    if title_index is not None:
        _flag_repeated_title(paragraphs, flags, title_index)
    _flag_captions(paragraphs, flags)
    _flag_bio_tail(paragraphs, flags)
    _flag_truncated_teasers(paragraphs, flags)
    return flags


def _line_rule(text: str) -> str | None:
    for reason, pattern in _LINE_RULES:
        if pattern.search(text):
            return reason
    if _BYLINE.match(text):
        return BIO
    return None


def _flag_captions(paragraphs: Sequence[str], flags: list[str | None]) -> None:
    """A line with no closing stop just before a photo credit is that photo's caption."""
    for i in range(1, len(paragraphs)):
        if flags[i] == CREDIT and flags[i - 1] is None and paragraphs[i - 1][-1:] not in '.!?”"':
            flags[i - 1] = CAPTION


def _flag_bio_tail(paragraphs: Sequence[str], flags: list[str | None]) -> None:
    """From an author's name line or bio sentence in the last third, the rest is the bio."""
    n = len(paragraphs)
    for i in range(max(1, (2 * n) // 3), n):
        text = paragraphs[i]
        name_line = _NAME_ONLY.match(text) and i + 1 < n and _mentions(paragraphs[i + 1], text)
        if _BIO_START.match(text) or _BYLINE.match(text) or name_line:
            for j in range(i, n):
                flags[j] = flags[j] or BIO
            return


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` names the person of a name line (first word of it)."""
    first = name.split()[0]
    return text.startswith(first) or text.lower().startswith("by " + first.lower())


def _flag_truncated_teasers(paragraphs: Sequence[str], flags: list[str | None]) -> None:
    """A paragraph cut off mid-word ("Russian President V...") or at a comma is a teaser."""
    for i, text in enumerate(paragraphs):
        if flags[i] is None and _TRUNCATED.search(text) and len(text.split()) > 8:
            flags[i] = TEASER


def _flag_repeated_title(
    paragraphs: Sequence[str], flags: list[str | None], title_index: int
) -> None:
    title = paragraphs[title_index]
    for i, text in enumerate(paragraphs):
        if i == title_index or flags[i] is not None:
            continue
        if fuzz.ratio(text, title, processor=utils.default_process) >= 90:
            flags[i] = REPEATED_TITLE
