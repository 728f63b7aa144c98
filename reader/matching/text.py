"""Words of a sentence, normalised so that rewrites of one fact share them.

Lowercase, accents folded, possessives dropped, British spellings turned
American, inflections stemmed (Snowball), stopwords and punctuation left out.
Spelling variants of one name (Kyrgystan/Kyrgyzstan, Pashinyan/Pashinian) are
merged per story by :func:`variant_map`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)

STOPWORDS = frozenset(
    (
        "a about above after again against all also am an and any are as at be because been "
        "before being below between both but by can could did do does doing down during each "
        "few for from further had has have having he her here hers herself him himself his "
        "how i if in into is it its itself just me more most my myself no nor not now of off "
        "on once only or other our ours ourselves out over own same she should so some such "
        "than that the their theirs them themselves then there these they this those through "
        "to too under until up very was we were what when where which while who whom why will "
        "with would you your yours yourself yourselves said says say told also would will "
        "could may might must shall one s t mr mrs ms dr"
    ).split()
)

_BRITISH = (
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"is(e|es|ed|ing)$"), r"iz\1"),
    (re.compile(r"yse(s|d)?$"), r"yze\1"),
    (re.compile(r"(?<=\w{3})our(s?)$"), r"or\1"),
    (re.compile(r"(?<=\w{3})tre(s?)$"), r"ter\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er)$"), r"l\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
)
# Words the British spelling rule would break: they end in -ise in both spellings.
_KEEP_ISE = frozenset(
    (
        "rise arise raise praise wise otherwise noise poise premise promise precise concise "
        "exercise advertise advise compromise comprise despise devise enterprise expertise "
        "franchise merchandise revise supervise surprise televise cruise bruise chaise raised "
        "praised promised surprised advised revised devised exercised comprised compromised "
        "supervised risen arising raising praising promising surprising advising revising "
        "exercising comprising"
    ).split()
)

_stemmer = snowballstemmer.stemmer("english")


def fold(word: str) -> str:
    """Lowercase without accents; apostrophes and possessive endings dropped."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def normalize(word: str) -> str:
    """The form under which two spellings or inflections of a word meet ("" for stopwords)."""
    word = fold(word)
    if not word or word in STOPWORDS:
        return ""
    if word not in _KEEP_ISE:
        for pattern, replacement in _BRITISH:
            word = pattern.sub(replacement, word)
    stem: str = _stemmer.stemWord(word)
    return stem


def content_words(text: str) -> list[str]:
    """The normalised content words of ``text``, in order."""
    words = (normalize(m.group()) for m in WORD.finditer(text))
    return [w for w in words if w]


def variant_map(vocabulary: Iterable[str]) -> dict[str, str]:
    """Map spelling variants onto one form: long words one edit apart, longer ones two.

    Only words that start with the same letter and are at least 7 characters long
    are compared, so short common words ("export"/"expert") never merge.
    """
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in sorted(set(vocabulary)):
        if len(word) >= 7 and not word.isdigit():
            buckets[word[0]].append(word)
    parent: dict[str, str] = {}

    def find(word: str) -> str:
        while parent.get(word, word) != word:
            word = parent[word]
        return word

    for words in buckets.values():
        if len(words) < 2:
            continue
        distances = process.cdist(
            words, words, scorer=Levenshtein.distance, score_cutoff=2, dtype="uint8", workers=-1
        )
        for i, j in zip(*(distances <= 2).nonzero(), strict=True):
            if i >= j:
                continue
            a, b = words[i], words[j]
            limit = 2 if min(len(a), len(b)) >= 10 else 1
            if distances[i, j] <= limit and a[-1].isdigit() == b[-1].isdigit():
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return {word: find(word) for word in parent}
