"""Where sentences end inside a paragraph of news prose.

Every full stop, question mark, exclamation mark or ellipsis followed by a space
is a candidate; the words on either side decide. This is written for the text
news outlets publish, because the general-purpose segmenters measured get it
wrong in the places news needs most: syntok (the best of them on news) ends a
sentence at "Rep. | Nancy Pelosi", "Maine Gov. | LePage", "Quantico, Va. |" and
costs about 120 µs a sentence in pure Python; the rules below run at a few µs
and are measured against the BASIL data set's own splits
(``benchmarks/segmentation.py``).

A stop does not end a sentence when

* the next word starts in lowercase ("the U.S. attorney", "5 p.m. on Friday");
* the word before it is a title that always precedes a name (Rep., Sens., Gov.,
  Lt., Dr., Mr.) or a word that precedes a number ("No. 3", "Oct. 12");
* the word before it is an abbreviation that may also end a sentence (Jr., Inc.,
  U.S., Calif., D-Calif., p.m., a single initial) and the next word is not one
  that typically opens a sentence ("Jr. He", "the U.S. The" end; "Jr. Day",
  "U.S. Senate" do not);
* an ellipsis stands between spaces: it is a pause inside a sentence ("who you
  are ... I have"); after a full stop the ellipsis opens the next sentence;
* a question or exclamation closes a quotation followed by its attribution
  ("'... inappropriate?' Walsh asked.").

Every decision looks at a bounded window around the candidate, so the cost is
linear in the length of the paragraph whatever its content.
"""

from __future__ import annotations

import re

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_QUOTES = "\"'“‘«"
# A run of stops, then closing quotes or brackets, then the space after them.
# The lookbehinds make each run match once, from its first character, so a long
# run of dots or quotes costs linear time.
_CANDIDATE = re.compile(r"(?<![.!?…])([.!?…]+)(?![.!?…])([\"'”’»)\]]*)(?![\"'”’»)\]])\s+")
_WINDOW = 60  # characters looked at on either side of a candidate

# Titles before a name: a stop after one of them never ends a sentence.
_TITLES = frozenset(
    """
    mr mrs ms messrs mmes dr drs prof rep reps sen sens gov govs lt gen gens col
    sgt adm capt cmdr maj cpl pvt rev hon pres supt det insp atty cong amb sec
    gov.-elect
    """.split()
)
# Words that stand before a number: "No. 3", "Oct. 12", "Art. 5".
_BEFORE_NUMBER = frozenset(
    "no nos art arts vol vols p pp fig figs ch sec secs op para ed jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)
_NEVER_END = frozenset("vs v cf e.g i.e viz approx ca".split())
# Abbreviations that may also end a sentence: they end one before a sentence opener.
_AMBIGUOUS = frozenset(
    """
    jr sr inc corp co cos ltd llc plc bros dept univ assn ave blvd rd st ft mt
    etc al a.m p.m jan feb mar apr aug sep sept oct nov dec
    """.split()
)
# US state abbreviations in AP style, as written after a city or a party letter.
_STATES = frozenset(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
    Me Minn Miss Mo Mont Neb Nebr Nev Okla Ore Pa Penn Tenn Tex Vt Va Wash Wis Wisc
    Wyo
    """.split()
)
# Words that commonly open a sentence; after an ambiguous abbreviation they say
# the abbreviation ended one.
_OPENERS_WORDS = frozenset(
    """
    a an the he she it they we i you his her its their our my your this that these
    those there here but and or so yet if when while after before as since because
    although though however meanwhile still also then now in on at by for from to
    with without of into under over about during among between some many most
    several both each every all no not none one two three other others another
    such what who whom whose which why how where mr mrs ms dr
    last next later earlier instead indeed yes
    """.split()
)
_DASHES = "—–―-"
_GOES_ON = _DASHES + _CLOSERS + ",;:"
_APOSTROPHE_S = re.compile(r"['’](s|re|m|ll|d|ve)$")
_DOTTED = re.compile(
    r"^(?:[A-Za-z]\.)+[A-Za-z]$"
)  # U.S, p.m, N.Y (the last stop is the candidate's)
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|asks|added|adds|replied|replies|told|"
    r"wrote|writes|continued|explained|recalled|shouted|declared|insisted|tweeted|noted|"
    r"argued|responded|quipped|joked|wondered|recalled)\b"
)
# After a full stop inside quotes, only a bare attribution goes on: '." Durbin said.'
_SAID = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|added|wrote|told)[.,]")


def sentence_starts(para: str) -> list[int]:
    """Offsets in ``para`` where a sentence starts; 0 is always first."""
    starts = [0]
    for match in _CANDIDATE.finditer(para):
        if match.end() < len(para) and _ends(para, match):
            starts.append(match.end())
    return starts


def _ends(para: str, match: re.Match[str]) -> bool:
    stops, closers = match.group(1), match.group(2)
    after = match.end()
    raw = para[after : after + _WINDOW].split(None, 1)[0]
    word = raw.lstrip(_OPENERS)
    if not word or word[0] in _GOES_ON or (word[0] == "." and not _is_ellipsis(word)):
        return False  # a dash, a stray closing quote, the dots of ". . .": the sentence goes on
    if word[0].islower():
        return False
    before = _word_before(para, match.start())
    if _is_ellipsis(stops):
        # "who you are ... I have": a pause; "in Vietnam... We": an end.
        return bool(before)
    if "?" in stops or "!" in stops:
        return not (_closes_quote(closers) and _ATTRIBUTION.match(para, after, after + _WINDOW))
    if _closes_quote(closers) and _SAID.match(para, after, after + _WINDOW):
        return False
    return _stop_ends(before, raw, word)


def _stop_ends(before: str, raw: str, word: str) -> bool:
    """Whether a full stop after ``before`` ends the sentence, given the next word."""
    abbreviation = before.rsplit("-", 1)[-1]  # D-Calif, post-Sept, then-Rep
    lower = abbreviation.lower()
    if word[0].isdigit():
        return lower not in _BEFORE_NUMBER and lower not in _TITLES and lower not in _NEVER_END
    if lower in _TITLES or lower in _NEVER_END:
        return False
    if word.startswith(("...", "…")):
        return True
    ambiguous = (
        lower in _AMBIGUOUS
        or abbreviation in _STATES
        or _DOTTED.match(abbreviation) is not None
        or (len(abbreviation) == 1 and abbreviation.isupper())
    )
    if not ambiguous:
        return True
    if raw[0] in _QUOTES:
        return True  # a quotation opens the next sentence
    bare = word.rstrip(".,;:!?" + _CLOSERS)
    if len(bare) == 1 and word[1:2] == ".":
        return False  # another initial: "C. A. Dutch Ruppersberger"
    return _APOSTROPHE_S.sub("", bare.lower()) in _OPENERS_WORDS


def _is_ellipsis(stops: str) -> bool:
    return "…" in stops or stops.startswith("...")


def _closes_quote(closers: str) -> bool:
    return any(ch in "\"'”’»" for ch in closers)


def _word_before(para: str, end: int) -> str:
    """The word ending at ``end`` (at most a window long), opening punctuation stripped."""
    start = max(0, end - _WINDOW)
    space = max(para.rfind(" ", start, end), para.rfind("\n", start, end))
    word = para[space + 1 if space >= 0 else start : end]
    return word.lstrip(_OPENERS + _DASHES)
