"""Synthetic stories: many outlets retelling a pool of shared facts, for benchmarks.

    from benchmarks.synthetic import make_story
    articles = make_story(outlets=50, sentences=40, seed=0)

The words are pseudo-words ("kalvored", "trosmentic") made of syllables, a few
thousand of them, kept only when the engine's own normalisation (stemming and
spelling-variant merging) keeps them apart, so two facts share a word only when
they were meant to. Content words are drawn with Zipf-like frequencies; named
entities (people, places, organisations) are capitalised pseudo-names, a few per
story, its protagonists used most. Glue words are real English.

A fact is one sentence of 15 to 30 words: a main clause and usually a subordinate
one ("after ...", "while ..."). The story has a pool of facts; each outlet tells
a random subset of it, about half of its sentences, so a fact is told by several
outlets but not all (on average ``min(12, 0.6 * outlets)`` of them, at least 2),
each time rewritten: clauses swapped, words swapped for synonyms, dropped, filler
words inserted, now and then a typo in a long word. How much depends on the
outlet: some copy the wire nearly verbatim, some rewrite a lot. The other half of
an outlet's sentences are its own. An outlet keeps the story's order of facts,
shuffled a little, with its own sentences in between; a title line is on top.

With ``popular=K``, the first K facts of the pool are the story's headline
facts: each is told by most outlets (a share drawn between ``POPULAR_SHARE``,
so 100 to 170 of 200 outlets, 500 to 850 of 1,000), each outlet in its own
wording; the other shared facts keep the coverage above.

Everything is drawn from ``random.Random`` seeded with the arguments: the same
call gives the same story, on any machine. :func:`story_texts` gives the plain
texts (fast); :func:`make_story` builds them into articles with ``build_article``,
as the reader does, which costs more (sentence segmentation) than generating.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from reader.articles import Article, build_article
from reader.matching.text import stem, variant_map

_ONSETS = "b c d f g h k l m n p r s t v w z br cr dr fl gr kl pl pr sk sl st tr sh ch th".split()
_VOWELS = "a e i o u a e o ai ea ou io".split()
_CODAS = ("", "", "", "", "", "n", "r", "l", "s", "m", "t", "nd", "rt", "st", "lk", "rn")
_NOUN_ENDINGS = ("", "", "", "tion", "ment", "ity", "ance", "ism", "ure", "ship", "age")
_ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ive", "ary", "ent", "ish")

_DETERMINERS = ("the", "the", "the", "a", "its", "their", "this", "another")
_PREPOSITIONS = (
    "in on at for with over against from near across during under toward despite beyond within"
).split()
_CONJUNCTIONS = ("after", "as", "while", "because", "although", "before", "since", "when")
_ORGANISATION_KINDS = (
    "Ministry",
    "Council",
    "Authority",
    "Bank",
    "Party",
    "Agency",
    "Commission",
    "Group",
)
_BOUNDARIES = frozenset(_PREPOSITIONS) | frozenset(_CONJUNCTIONS)
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_FILLERS = (
    "reportedly",
    "also",
    "now",
    "officially",
    "formally",
    "further",
    "largely",
    "widely",
    "quickly",
    "once again",
    "this week",
    "in a statement",
    "according to officials",
)

NOUNS, VERBS, ADJECTIVES = 1500, 500, 600
SYNONYM_SHARE = 0.35
"""Share of content words that have a synonym an outlet can swap in."""
STORY_PEOPLE, STORY_PLACES, STORY_ORGANISATIONS = 12, 8, 6
MAX_COVERAGE = 12
"""Mean number of outlets telling one shared fact, in a large story."""
MIN_WORDS, MAX_WORDS = 15, 30
POPULAR_SHARE = (0.5, 0.85)
"""Range of the share of outlets telling each popular fact (``popular=``)."""


@dataclass(frozen=True)
class _Lexicon:
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    adjectives: tuple[str, ...]
    synonyms: dict[str, str]
    names: tuple[str, ...]  # capitalised pseudo-names for people, places, organisations
    noun_weights: tuple[float, ...]  # cumulative Zipf weights, for random.choices
    verb_weights: tuple[float, ...]
    adjective_weights: tuple[float, ...]


@dataclass(frozen=True)
class _Fact:
    main: tuple[str, ...]
    sub: tuple[str, ...]  # starts with its conjunction; empty for a single clause


@dataclass(frozen=True)
class SyntheticText:
    """One outlet's article as plain text, before segmentation."""

    name: str
    outlet: str
    title: str
    text: str


def make_story(outlets: int, sentences: int, seed: int = 0, popular: int = 0) -> list[Article]:
    """``outlets`` articles of ``sentences`` body sentences each (plus a title line)."""
    return build(story_texts(outlets, sentences, seed, popular))


def build(texts: list[SyntheticText]) -> list[Article]:
    """Articles from plain texts, segmented and flagged as the reader does."""
    return [build_article(Path(t.name), t.text, title=t.title, outlet=t.outlet) for t in texts]


def story_texts(
    outlets: int, sentences: int, seed: int = 0, popular: int = 0
) -> list[SyntheticText]:
    """The plain texts of :func:`make_story`."""
    if outlets < 1 or sentences < 1:
        raise ValueError("a story needs at least one outlet and one sentence")
    lexicon = _lexicon(seed)
    name = f"story:{seed}:{outlets}:{sentences}" + (f":{popular}" if popular else "")
    rng = random.Random(name)
    entities = _story_entities(rng, lexicon)
    entity_weights = list(accumulate(1 / (rank + 1) for rank in range(len(entities))))
    coverage = min(MAX_COVERAGE, max(2.0, 0.6 * outlets))
    pool_size = max(math.ceil(0.6 * sentences), math.ceil(outlets * sentences / 2 / coverage))
    pool = [_fact(rng, lexicon, entities, entity_weights) for _ in range(pool_size)]
    popular = min(popular, pool_size)
    shares = [rng.uniform(*POPULAR_SHARE) for _ in range(popular)]
    texts: list[SyntheticText] = []
    for number in range(outlets):
        # 5% of outlets copy the wire almost verbatim; the others rewrite, some heavily
        level = 0.05 if rng.random() < 0.05 else rng.uniform(0.3, 1.0)
        shared = min(pool_size, sentences, round(sentences * rng.uniform(0.4, 0.6)))
        told = _told(rng, pool_size, shared, shares)
        placed = [
            (rank * sentences / shared + rng.gauss(0, 1.0), _rewrite(rng, lexicon, pool[f], level))
            for rank, f in enumerate(told)
        ]
        placed += [
            (rng.uniform(0, sentences), _render(_fact(rng, lexicon, entities, entity_weights)))
            for _ in range(sentences - shared)
        ]
        placed.sort(key=lambda item: item[0])
        body = [text for _, text in placed]
        paragraphs: list[str] = []
        while body:
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(body[:size]))
            del body[:size]
        title = _title(rng, lexicon, entities)
        texts.append(
            SyntheticText(
                name=f"outlet{number:03d}.txt",
                outlet=f"Outlet {number:03d}",
                title=title,
                text=title + "\n\n" + "\n\n".join(paragraphs) + "\n",
            )
        )
    return texts


def _told(rng: random.Random, pool_size: int, shared: int, shares: list[float]) -> list[int]:
    """Which facts of the pool an outlet tells, in story order.

    Popular fact ``k`` (the first ``len(shares)`` of the pool) with probability
    ``shares[k]``; the rest drawn at random from the other facts.
    """
    if not shares:
        return sorted(rng.sample(range(pool_size), shared))
    told = [k for k, share in enumerate(shares) if rng.random() < share][:shared]
    others = range(len(shares), pool_size)
    told += rng.sample(others, min(len(others), shared - len(told)))
    return sorted(told)


@lru_cache(maxsize=8)
def _lexicon(seed: int) -> _Lexicon:
    rng = random.Random(f"lexicon:{seed}")
    n_synonyms = round(SYNONYM_SHARE * (NOUNS + VERBS + ADJECTIVES))
    n_names = 3 * STORY_PEOPLE + STORY_PLACES + STORY_ORGANISATIONS + 40
    kinds = (
        ["noun"] * round(NOUNS * 1.3)
        + ["verb"] * round(VERBS * 1.3)
        + ["adjective"] * round(ADJECTIVES * 1.3)
        + ["name"] * round((n_synonyms + n_names) * 1.3)
    )
    rng.shuffle(kinds)
    words: dict[str, str] = {}  # the engine's form of a word -> the word
    kind_of: dict[str, str] = {}
    for kind in kinds:
        word = _pseudo_word(rng, kind)
        # stem.__wrapped__: the uncached stem, so that the engine's cache starts cold
        key = stem.__wrapped__(word)
        if key and key not in words and len(key) >= 3:
            words[key] = word
            kind_of[key] = kind
    # spelling variants the engine would merge into one word: keep one of each
    for key in variant_map(words):
        del words[key]
    by_kind: dict[str, list[str]] = {"noun": [], "verb": [], "adjective": [], "name": []}
    for key, word in words.items():
        by_kind[kind_of[key]].append(word)
    nouns = by_kind["noun"][:NOUNS]
    verbs = by_kind["verb"][:VERBS]
    adjectives = by_kind["adjective"][:ADJECTIVES]
    spare = by_kind["name"]
    names = tuple(w.capitalize() for w in spare[:n_names])
    alternatives = spare[n_names:]
    content = nouns + verbs + adjectives
    synonyms: dict[str, str] = {}
    for word in rng.sample(content, min(n_synonyms, len(alternatives), len(content))):
        alternative = alternatives.pop()
        # a synonym takes its word's grammatical ending, so it reads as the same kind
        if word in verbs:
            alternative += "ed"
        elif word in adjectives:
            alternative += rng.choice(_ADJECTIVE_ENDINGS)
        synonyms[word] = alternative
    return _Lexicon(
        nouns=tuple(nouns),
        verbs=tuple(verbs),
        adjectives=tuple(adjectives),
        synonyms=synonyms,
        names=names,
        noun_weights=_zipf(len(nouns)),
        verb_weights=_zipf(len(verbs)),
        adjective_weights=_zipf(len(adjectives)),
    )


def _zipf(n: int) -> tuple[float, ...]:
    return tuple(accumulate(1 / (rank + 5) for rank in range(n)))


def _draw(rng: random.Random, words: Sequence[str], cumulative: Sequence[float]) -> str:
    """A word drawn with the given cumulative weights (``random.choices``, faster)."""
    return words[bisect(cumulative, rng.random() * cumulative[-1])]


def _pseudo_word(rng: random.Random, kind: str) -> str:
    syllables = rng.choice((1, 2, 2)) if kind != "name" else 2
    root = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    if kind == "noun":
        return root + rng.choice(_NOUN_ENDINGS)
    if kind == "verb":
        return root + "ed"
    if kind == "adjective":
        return root + rng.choice(_ADJECTIVE_ENDINGS)
    return root


def _story_entities(rng: random.Random, lexicon: _Lexicon) -> list[str]:
    names = list(lexicon.names)
    rng.shuffle(names)
    people = [f"{names.pop()} {names.pop()}" for _ in range(STORY_PEOPLE)]
    places = [names.pop() for _ in range(STORY_PLACES)]
    organisations = [
        f"the {names.pop()} {rng.choice(_ORGANISATION_KINDS)}" for _ in range(STORY_ORGANISATIONS)
    ]
    entities = people + places + organisations
    rng.shuffle(entities)
    return entities


def _fact(
    rng: random.Random, lexicon: _Lexicon, entities: list[str], entity_weights: list[float]
) -> _Fact:
    def entity() -> str:
        return _draw(rng, entities, entity_weights)

    def noun() -> str:
        return _draw(rng, lexicon.nouns, lexicon.noun_weights)

    def verb() -> str:
        return _draw(rng, lexicon.verbs, lexicon.verb_weights)

    def adjective() -> str:
        return _draw(rng, lexicon.adjectives, lexicon.adjective_weights)

    def noun_phrase(counted: bool = True) -> list[str]:
        roll = rng.random()
        if counted and roll < 0.15:
            return [str(rng.randint(2, 950)), noun()]
        words = [rng.choice(_DETERMINERS)]
        words += [adjective() for _ in range(rng.choice((0, 1, 1, 2)))]
        words.append(noun())
        if roll > 0.8:
            words += ["of", entity() if rng.random() < 0.5 else noun()]
        return words

    def subject() -> list[str]:
        if rng.random() < 0.55:
            return [entity()]
        return noun_phrase(counted=False)  # a sentence starting with a digit reads as a list

    dated = False

    def prepositional() -> list[str]:
        nonlocal dated
        roll = rng.random()
        if roll < 0.2 and not dated:
            dated = True
            return ["on", rng.choice(_DAYS)]
        if roll < 0.45:
            return [rng.choice(_PREPOSITIONS), entity()]
        return [rng.choice(_PREPOSITIONS), *noun_phrase()]

    main = [*subject(), verb(), *noun_phrase()]
    sub = [rng.choice(_CONJUNCTIONS), *subject(), verb(), *noun_phrase()]
    if rng.random() < 0.15:
        sub = []
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    words = _count(main) + _count(sub)
    while words < target:
        phrase = prepositional()
        size = _count(phrase)
        if words + size > MAX_WORDS:
            phrase = ["in", entity()]
            size = _count(phrase)
            if words + size > MAX_WORDS:
                break
        words += size
        if sub and rng.random() < 0.4:
            sub += phrase
        else:
            main += phrase
    return _Fact(tuple(main), tuple(sub))


def _count(tokens: list[str] | tuple[str, ...]) -> int:
    """Words, counting each word of a multi-word name."""
    return sum(token.count(" ") + 1 for token in tokens if token != ",")


def _render(fact: _Fact, swap: bool = False) -> str:
    tokens = [*fact.sub, ",", *fact.main] if swap and fact.sub else [*fact.main, *fact.sub]
    return _sentence(tokens)


def _sentence(tokens: list[str]) -> str:
    text = " ".join(tokens).replace(" ,", ",")
    return text[0].upper() + text[1:] + "."


def _rewrite(rng: random.Random, lexicon: _Lexicon, fact: _Fact, level: float) -> str:
    """An outlet's wording of ``fact``; ``level`` (0-1) sets how much it differs."""
    swap = bool(fact.sub) and rng.random() < 0.35 * level
    tokens = [*fact.sub, ",", *fact.main] if swap else [*fact.main, *fact.sub]
    words = _count(tokens)
    out: list[str] = []
    last = len(tokens) - 1
    for k, token in enumerate(tokens):
        if token == "," or token[0].isupper() or token.startswith("the "):
            out.append(token)  # punctuation and names stay
        elif token in lexicon.synonyms and rng.random() < 0.3 * level:
            out.append(lexicon.synonyms[token])
        elif k < last and words > MIN_WORDS - 3 and rng.random() < 0.08 * level:
            words -= 1
        else:
            out.append(token)
    fillers = int(rng.random() < 0.5 * level) + int(rng.random() < 0.2 * level)
    for _ in range(fillers):
        # before a phrase (a preposition or conjunction) or at the end
        slots = [k for k, t in enumerate(out) if k and t in _BOUNDARIES] + [len(out)]
        out.insert(rng.choice(slots), rng.choice(_FILLERS))
    if rng.random() < 0.2 * level:
        long_words = [k for k, t in enumerate(out) if len(t) >= 8 and t.isalpha() and t.islower()]
        if long_words:
            k = rng.choice(long_words)
            out[k] = _typo(rng, out[k])
    if out[-1] == ",":
        out.pop()
    return _sentence(out)


def _typo(rng: random.Random, word: str) -> str:
    """One edit inside ``word``: a letter dropped, doubled or replaced."""
    k = rng.randint(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:k] + word[k + 1 :]
    if kind == 1:
        return word[:k] + word[k] + word[k:]
    return word[:k] + rng.choice("aeioulnrst".replace(word[k], "")) + word[k + 1 :]


def _title(rng: random.Random, lexicon: _Lexicon, entities: list[str]) -> str:
    words = [
        rng.choice(entities[:6]),
        rng.choice(lexicon.verbs[:100]),
        rng.choice(lexicon.adjectives[:100]),
        rng.choice(lexicon.nouns[:100]),
        rng.choice(_PREPOSITIONS),
        rng.choice(entities[:6]),
    ]
    text = " ".join(words)
    return text[0].upper() + text[1:]  # no closing stop: the reader takes it for a heading
