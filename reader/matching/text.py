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

# Words news outlets use for one another when they retell the same fact. Each
# group is named by its first word; every word of it counts as that word.
_CONCEPTS = (
    "trip visit travel journey tour",
    "abroad foreign overseas",
    "leader president head premier",
    "attend participate join absent",
    "increase growth rise grow surge boost",
    "evade evasion circumvent bypass busting",
    "largest biggest top",
    "emphasize stress highlight underline reiterate note",
    "arrive land reach",
    "deport deportation transfer",
    "illegal unlawful illegitimate",
    "warrant order mandate",
    "ally partner",
    "warn caution",
    "meet talk negotiate",
    "tie link relation",
    "rare seldom",
    "urge call",
    "strengthen deepen tighten enhance",
    "bill measure legislation",
    "vote tally ballot",
)
_CONCEPT_OF: dict[str, str] = {
    _stemmer.stemWord(word): _stemmer.stemWord(group.split()[0])
    for group in _CONCEPTS
    for word in group.split()
}


def fold(word: str) -> str:
    """Lowercase without accents; apostrophes and possessive endings dropped."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The form under which two spellings or inflections of a word meet ("" for stopwords)."""
    word = fold(word)
    if not word or word in STOPWORDS:
        return ""
    if word not in _KEEP_ISE:
        for pattern, replacement in _BRITISH:
            word = pattern.sub(replacement, word)
    return str(_stemmer.stemWord(word))


@lru_cache(maxsize=65536)
def normalize(word: str) -> str:
    """Like :func:`stem`, and words outlets use for one another become one word."""
    found = stem(word)
    return _CONCEPT_OF.get(found, found)


_ACRONYM = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|for|and)\s+)*){1,7})\(([A-Z]{2,6})\)")


def acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Spelled-out names defined with an acronym ("International Criminal Court (ICC)").

    Returns each spelled-out name, lowercased, mapped to its acronym, so that the
    name and the acronym count as one word wherever a story uses either.
    """
    found: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        for match in _ACRONYM.finditer(text):
            words = match.group(1).split()
            acronym = match.group(2)
            capitals = [w for w in words if w[0].isupper()]
            for start in range(len(capitals)):
                initials = "".join(w[0] for w in capitals[start:])
                if initials == acronym:
                    first = words.index(capitals[start])
                    found[" ".join(words[first:]).lower()] = acronym
                    break
    return found


def expand_acronyms(text: str, names: dict[str, str]) -> str:
    """``text`` with each spelled-out name replaced by its acronym."""
    for name, acronym in names.items():
        pattern = r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b"
        text = re.sub(pattern, acronym, text, flags=re.IGNORECASE)
    return text


# A score or tally, however it is written: "97-1", "134-to-63", "134 to 63".
_SCORE = re.compile(r"\b(\d+)\s*(?:-|–|—|\s+to\s+|-to-)\s*(\d+)\b")


def content_words(text: str) -> list[str]:
    """The normalised content words of ``text``, in order, then any score it states
    ("134-to-63" and "134 to 63" both give the word ``134-63``)."""
    words = [w for w in map(normalize, WORD.findall(text)) if w]
    words.extend(f"{a}-{b}" for a, b in _SCORE.findall(text))
    return words


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
