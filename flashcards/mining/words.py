"""Candidates: the words of a text worth learning, lemmatised, counted and ranked by rarity.

Work is done once per distinct word, never per token (a 1 MB talk has some 180,000 tokens but
only a few thousand distinct words). Excluded: function words, numbers, names (a capitalised
word never seen lower-case in the text, or seen capitalised in mid-sentence and never lower
case), words the learner knows, and words no frequency list and no dictionary knows.

lemminflect and wordfreq are imported on first use: loading them costs about a second.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from flashcards.mining.function_words import DEGREE_ADVERBS, FUNCTION_WORDS, NUMBER_WORDS

__all__ = [
    "LEVELS",
    "Candidate",
    "WordStats",
    "count_words",
    "lemma_of",
    "rank",
    "score",
    "zipf",
    "zipf_of_all",
]

#: The highest Zipf frequency of a word still worth showing a learner at each CEFR level
#: (a B2 learner knows most words more frequent than 4.0, about one in 10,000 words).
LEVELS: dict[str, float] = {"A1": 5.5, "A2": 5.0, "B1": 4.5, "B2": 4.0, "C1": 3.5, "C2": 3.0}

#: How much a tenfold repetition in the text makes up for frequency in general English:
#: one for one, so that the score is how much more often English at large uses the word
#: than this text does (log10 of the ratio), lowest first.
REPETITION_WEIGHT = 1.0
#: How much a word the dictionary lacks (a term the text repeats) ranks below one it has:
#: as if a hundred times more common.
NO_DEFINITION = 2.0
#: Below this Zipf frequency (one use in a hundred million words) a word is not rarer for
#: ranking: a compound the frequency list splits, a coinage or a typo is not the first
#: word to learn because nobody else uses it.
RARITY_FLOOR = 2.0
#: How much a noun that names a physical thing (an artifact, a food, a substance, an
#: animal, a plant, a part of the body: "lever", "dough") ranks below an abstract word:
#: as if ten times more common. Such words are learnt faster and kept longer (the
#: concreteness effect: they can be pictured, and a talk shows or explains them), so a
#: learner's few new cards a day go first to the words that are hard to learn alone.
CONCRETE = 1.0
#: How much an adjective ranks above a noun or verb of the same rarity: as if two and a
#: half times rarer. A talk's rare nouns and verbs are mostly its subject, named and
#: explained as it goes ("sparsity", "debug", "dough"); its rare adjectives are how the
#: speaker describes and judges, words the subject does not explain and that carry over to
#: any other text ("intimidating", "meticulous", "brittle"). On the seed and the four
#: held-out talks, adjectives are half or more of the words a learner wants, against 14-31%
#: of the first 100 candidates.
ADJECTIVE = 0.4
#: How much an adjective or adverb the text grades ("very intimidating", "fully
#: autonomous", "so drowsy") ranks higher again: as if four times rarer. A speaker puts
#: a degree adverb before the word that carries the point of a sentence, so it is one of
#: the talk's key words. In four of those five talks, 10-38% of the words a learner wants
#: are used so, against 2-9% of the first 100 candidates (the fifth grades none of either).
GRADED = 0.6
#: How often the text must use a word the dictionary lacks for it to be a candidate.
TERM_USES = 3

# A token: letters and digits, with inner hyphens or apostrophes ("co-design", "don't",
# "OpenAI's"); one with a digit ("GPT4", "H100") is not a word.
_TOKEN = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
_HAS_DIGIT = re.compile(r"\d")
# Prefixes that a transcript writes apart from their word ("co design" for "co-design").
_LOOSE_PREFIXES = frozenset({"co", "re", "pre", "non", "anti", "multi", "sub", "inter", "semi"})


@dataclass
class WordStats:
    """What the text says about one lower-case word form."""

    count: int = 0
    lower: int = 0  # uses written in lower case
    capital_inside: int = 0  # capitalised uses in mid-sentence
    initials: int = 0  # uses written in capitals, as an initialism is ("AGI", "GPUs")
    initial_plurals: int = 0  # of those, the ones with a plural "s" ("GPUs")
    # lower-case uses between two capitalised words in mid-sentence, as a brand written in
    # lower case is in a list of names ("OpenAI, anthropic Mistral, llama, Gemini")
    among_names: int = 0
    graded: int = 0  # uses right after a degree adverb ("very intimidating")
    sentences: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A word worth learning: its lemma, the forms the text uses, how often, how rare."""

    word: str
    forms: tuple[str, ...]
    count: int
    zipf: float
    upos: str | None  # lemminflect's part of speech (NOUN, VERB, ADJ, ADV) or None
    sentences: tuple[int, ...]  # numbers of the sentences that use one of its forms
    defined: bool = True  # whether the dictionary has it
    concrete: bool = False  # a noun naming a physical thing (see CONCRETE)
    noun: bool = False  # taught as a noun
    initialism: bool = False  # written in capitals only, and spoken letter by letter
    adjective: bool = False  # taught as an adjective (see ADJECTIVE)
    graded: bool = False  # an adjective or adverb the text grades (see GRADED)


def _split_word(token: str) -> list[str]:
    """A token's word parts: a possessive or contraction is cut off, a hyphenated compound
    is kept whole."""
    token = token.replace("’", "'").replace("‐", "-")
    head, apostrophe, tail = token.rpartition("'")
    if apostrophe and tail.lower() in {"s", "t", "re", "ve", "ll", "d", "m"}:
        token = head
    return [token] if "'" not in token else token.split("'")


def count_words(sentences: Iterable[str]) -> dict[str, WordStats]:
    """Every lower-case word of `sentences` with its uses (numbers as skipped, "co design"
    read as "co-design")."""
    stats: dict[str, WordStats] = {}
    for number, sentence in enumerate(sentences):
        tokens: list[tuple[str, int]] = []
        for match in _TOKEN.finditer(sentence):
            token = match.group()
            if token.isalpha():  # the common case: one plain word
                tokens.append((token, match.start()))
            elif not _HAS_DIGIT.search(token):  # not "GPT4", "H100", "3,400"
                tokens.extend((part, match.start()) for part in _split_word(token))
        i, count = 0, len(tokens)
        while i < count:
            word, start = tokens[i]
            at_word = i
            i += 1
            if i < count and word.lower() in _LOOSE_PREFIXES:
                following, at = tokens[i]
                if following.islower() and sentence[start + len(word) : at] == " ":
                    word = f"{word}-{following}"
                    i += 1
            lowered = word.lower()
            entry = stats.get(lowered)
            if entry is None:
                entry = stats[lowered] = WordStats()
            entry.count += 1
            if at_word and _graded(sentence, tokens[at_word - 1], start):
                entry.graded += 1
            if not entry.sentences or entry.sentences[-1] != number:
                entry.sentences.append(number)
            if word[0].islower():
                entry.lower += 1
                if (
                    i == at_word + 1  # not a compound joined just now
                    and 0 < at_word < count - 1
                    and tokens[at_word - 1][0][0].isupper()
                    and tokens[i][0][0].isupper()
                    and _among_names(sentence, tokens, at_word)
                ):
                    entry.among_names += 1
            elif _is_initialism(word):
                entry.initials += 1
                entry.initial_plurals += word.endswith("s")
            elif start > 0 and not _opens_sentence(sentence, start):
                entry.capital_inside += 1
    return stats


def _graded(sentence: str, before: tuple[str, int], start: int) -> bool:
    """Whether the word at `start` follows a degree adverb with only a space between
    ("very intimidating", not "more, vibrant")."""
    adverb, at = before
    return adverb.lower() in DEGREE_ADVERBS and sentence[at + len(adverb) : start].isspace()


def _among_names(sentence: str, tokens: list[tuple[str, int]], i: int) -> bool:
    """Whether the token at `i` stands between two capitalised words in mid-sentence, with
    nothing but spaces or a comma on either side ("OpenAI, anthropic Mistral")."""
    if i < 1 or i + 1 >= len(tokens):
        return False
    (before, at_before), (word, at), (after, at_after) = tokens[i - 1], tokens[i], tokens[i + 1]
    for other, start in ((before, at_before), (after, at_after)):
        if not other[0].isupper() or other == "I" or _opens_sentence(sentence, start):
            return False
    gaps = (sentence[at_before + len(before) : at], sentence[at + len(word) : at_after])
    return all(gap.strip(" ,") == "" for gap in gaps)


def _opens_sentence(sentence: str, start: int) -> bool:
    """Whether the word at `start` is the first word of the sentence (after opening quotes)."""
    return not any(ch.isalnum() for ch in sentence[:start])


def _is_initialism(word: str) -> bool:
    """Written as an initialism: two to six capitals, perhaps a plural "s" ("VPs")."""
    letters = word[:-1] if word.endswith("s") and len(word) > 2 else word
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def is_name(stats: WordStats) -> bool:
    """A capitalised word never written in lower case (but in a list of names): a person,
    place or brand. A word only ever written in capitals is an initialism, not a name
    ("AGI", "GPUs")."""
    return stats.lower == stats.among_names and stats.initials < stats.count


def is_initialism(stats: WordStats) -> bool:
    """Whether the text writes this word as an initialism, and never in lower case."""
    return stats.lower == 0 and stats.initials == stats.count


def _lemminflect() -> Any:
    import lemminflect

    return lemminflect


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of `word` in English (0 for a word it has never seen).

    A hyphenated compound is as rare as its closed form when wordfreq knows that
    ("co-design" as "codesign"): wordfreq splits hyphens and would rate it by its parts."""
    if "-" in word:
        closed = zipf(word.replace("-", ""))
        if closed > 0:
            return closed
    if word.isalpha() and word.islower():  # a plain word: wordfreq's own table, looked up
        frequency = _frequencies().get(word, 0.0)
        return round(math.log10(frequency * 1e9), 2) if frequency >= 1e-9 else 0.0
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def zipf_of_all(*spellings: str) -> float:
    """The Zipf frequency of one word written in any of `spellings`: their uses added up."""
    total = sum(10 ** zipf(w) for w in spellings if zipf(w) > 0)
    return round(math.log10(total), 2) if total > 0 else 0.0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English frequencies by word: one table read (half a second) instead of
    wordfreq's tokenising each of thousands of words."""
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("en"))


@lru_cache(maxsize=65536)
def _all_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of a word form by part of speech (not to be changed: shared)."""
    return dict(_lemminflect().getAllLemmas(word))


_UPOS_ORDER = ("NOUN", "VERB", "ADJ", "ADV")
_UPOS_NAMES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adjective", "ADV": "adverb"}


def lemma_of(word: str) -> tuple[str, str | None]:
    """The lemma of a lower-case word form and its part of speech (lemminflect's universal
    tags), or the word itself with None when lemminflect knows nothing of it."""
    if "-" in word:
        head, _, last = word.rpartition("-")
        lemma, upos = lemma_of(last)
        return (f"{head}-{lemma}", upos) if upos else (word, None)
    found = _all_lemmas(word)
    if not found:
        if len(word) > 3 and word.endswith("s"):  # a plural lemminflect does not know
            plural = _lemminflect().getAllLemmasOOV(word, "NOUN").get("NOUN", ())
            if plural and plural[0] != word and zipf(plural[0]) > zipf(word):
                return plural[0], "NOUN"
        return word, None
    for upos in ("NOUN", "ADJ", "ADV", "VERB"):  # the form itself first: "intimidating"
        lemmas = found.get(upos, ())
        if word in lemmas:
            return word, upos
    for upos in _UPOS_ORDER:
        lemmas = found.get(upos, ())
        if lemmas:
            return lemmas[0], upos
    return word, None


#: Regular derivations: (suffix, what replaces it in the base, the base's parts of speech).
#: A word so made is no harder than its base ("fundamentally" than "fundamental", "solvable"
#: than "solve", "steerer" than "steer"), which the frequency list rates on its own.
_DERIVATIONS: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
    (suffix, replacement, frozenset(pos.split("/")))
    for suffix, replacement, pos in (
        ("ily", "y", "adjective"),
        ("ally", "al", "adjective"),
        ("ly", "", "adjective"),
        ("iness", "y", "adjective"),
        ("ness", "", "adjective"),
        ("ability", "able", "adjective"),
        ("ity", "e", "adjective"),
        ("ity", "", "adjective"),
        ("able", "e", "verb"),
        ("able", "", "verb"),
        ("ization", "ize", "verb"),
        ("isation", "ise", "verb"),
        ("ation", "e", "verb"),
        ("ation", "", "verb"),
        ("ism", "", "adjective/noun"),
        ("ier", "y", "verb"),
        ("er", "", "verb"),
        ("er", "e", "verb"),
        # A gerund or participle the dictionary lists as a noun or adjective of its own
        # ("fostering", "thriving", "polluted") is an inflection of its verb all the same.
        ("ing", "", "verb"),
        ("ing", "e", "verb"),
        ("ied", "y", "verb"),
        ("ed", "", "verb"),
        ("ed", "e", "verb"),
    )
)


def derived_from(word: str, senses: Callable[[str], Collection[str]]) -> str | None:
    """The commoner word `word` is regularly derived from, if any: the first base the
    dictionary has with the part of speech the suffix takes, and the frequency list rates
    higher."""
    if "-" in word:
        return None
    for suffix, replacement, wanted in _DERIVATIONS:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        base = word[: len(word) - len(suffix)] + replacement
        if zipf(base) > zipf(word) and wanted & set(senses(base)):
            return base
    # An inflection whose spelling the suffixes above do not undo, by lemminflect's tables:
    # a gerund or participle with a doubled consonant ("spotting", "dotted"), a comparative
    # or superlative the dictionary lists on its own ("quicker", "hotter").
    for endings, upos, pos in _INFLECTIONS:
        if not word.endswith(endings):
            continue
        for base in _all_lemmas(word).get(upos, ()):
            if base != word and zipf(base) > zipf(word) and pos in set(senses(base)):
                return str(base)
    return None


#: The endings of inflections looked up in lemminflect: (endings, its tag, the dictionary's
#: part of speech of the base).
_INFLECTIONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("ing", "ed"), "VERB", "verb"),
    (("er", "est"), "ADJ", "adjective"),
    (("er", "est"), "ADV", "adverb"),
)


def rank(
    stats: dict[str, WordStats],
    *,
    known: Collection[str] = (),
    max_zipf: float = LEVELS["B1"],
    senses: Callable[[str], Collection[str]] = lambda word: (),
    concrete: Callable[[str], bool] = lambda word: False,
    variants: Callable[[str], Collection[str]] = lambda word: (),
    top: int | None = None,
) -> list[Candidate]:
    """Candidates from the word counts, best first (see `score`); the first `top` only
    when it is given.

    `known`: lower-case words (lemmas or forms) the learner does not want; `senses` gives
    the parts of speech (full names) a dictionary knows a word as, none when it lacks it;
    `concrete` whether a noun names a physical thing; `variants` a word's other spellings
    (British or American), whose uses in English count as its own."""
    groups: dict[str, list[tuple[str, WordStats]]] = defaultdict(list)
    upos_of: dict[str, str | None] = {}
    known_set = {k.casefold() for k in known}
    for form, entry in stats.items():
        if form in FUNCTION_WORDS or len(form) < 2 or _HAS_DIGIT.search(form):
            continue
        if form in NUMBER_WORDS or all(part in NUMBER_WORDS for part in form.split("-")):
            continue  # "nineteen", "fifteenth", "twenty-four": a number written out
        if is_name(entry) or form in known_set or zipf(form) > max_zipf:
            continue  # a form that common is known, and so is its lemma
        upos: str | None
        if is_initialism(entry) and entry.initial_plurals == entry.count:
            lemma, upos = form[:-1], "NOUN"  # "GPUs": the plural of "GPU"
        else:
            lemma, upos = lemma_of(form)
        if lemma in known_set or lemma in FUNCTION_WORDS or lemma in NUMBER_WORDS:
            continue  # "twenties", "hundreds": numbers too
        groups[lemma].append((form, entry))
        upos_of.setdefault(lemma, upos)
    _join_inflections(groups, upos_of)
    candidates: list[Candidate] = []
    for lemma, members in groups.items():
        forms = tuple(sorted(form for form, _ in members))
        # The form to learn: the lemma, unless the text uses one form only and that form is a
        # word of its own, another part of speech ("intimidating" the adjective, not
        # "intimidate"; but "poach" for "poached", "fly" for "flew").
        word = lemma
        # As rare as its commonest form the text uses: "appall" (1.51) is met as "appalled"
        # and "appalling" (3.46).
        rarity = max(zipf(lemma), *(zipf(form) for form in forms))
        upos = upos_of[lemma]
        if len(forms) == 1 and forms[0] != lemma:
            alone = zipf(forms[0])
            if set(senses(forms[0])) - {_UPOS_NAMES.get(upos or "")}:
                word, rarity, upos = forms[0], alone, None
            rarity = max(rarity, alone)
        base = derived_from(word, senses)
        if base is not None:  # "fundamentally" is as easy as "fundamental"
            rarity = max(rarity, zipf(base))
        if rarity > max_zipf:
            continue
        count = sum(entry.count for _, entry in members)
        # An initialism's entries in a dictionary are mostly agencies and degrees ("LLM":
        # Master of Laws), seldom what a text means by it: it is not looked up.
        initialism = all(is_initialism(entry) for _, entry in members)
        defined = not initialism and bool(senses(word))
        if not defined and (rarity == 0 or count < TERM_USES):
            # Not a dictionary word: a typo, a garbled caption, jargon used in passing; one
            # the text repeats is a term of the text, worth learning all the same.
            continue
        sentences = sorted({n for _, entry in members for n in entry.sentences})
        kinds = set(senses(word)) if defined else set()
        as_noun = upos == "NOUN" or (upos is None and kinds == {"noun"})
        as_adjective = upos == "ADJ" or (upos is None and "adjective" in kinds)
        as_adverb = upos == "ADV" or (upos is None and "adverb" in kinds)
        graded = sum(entry.graded for _, entry in members) > 0
        candidates.append(
            Candidate(
                word=word,
                forms=forms,
                count=count,
                zipf=round(rarity, 2),
                upos=upos,
                sentences=tuple(sentences),
                defined=defined,
                noun=defined and as_noun,
                initialism=initialism,
                adjective=defined and as_adjective,
                graded=defined and graded and (as_adjective or as_adverb),
            )
        )
    candidates.sort(key=_order)
    return _settle(candidates, concrete, variants, max_zipf, top)


def _join_inflections(
    groups: dict[str, list[tuple[str, WordStats]]], upos_of: dict[str, str | None]
) -> None:
    """One candidate per word however inflected: a form kept as a lemma of its own (a
    participle or gerund lemminflect also lists as an adjective or a noun: "constrained",
    "pacing") joins the verb it inflects when the text uses that verb too ("constrain")."""
    for lemma in [lemma for lemma, members in groups.items() if len(members) == 1]:
        if lemma not in groups or groups[lemma][0][0] != lemma:
            continue
        verbs = _all_lemmas(lemma).get("VERB", ())
        base = next((b for b in verbs if b != lemma and b in groups), None)
        if base is not None:
            groups[base].extend(groups.pop(lemma))
            upos_of.pop(lemma, None)
            if upos_of.get(base) is None:
                upos_of[base] = "VERB"


def _order(candidate: Candidate) -> tuple[float, float, str]:
    return (score(candidate), candidate.zipf, candidate.word)


def _settle(
    ranked: list[Candidate],
    concrete: Callable[[str], bool],
    variants: Callable[[str], Collection[str]],
    max_zipf: float,
    top: int | None,
) -> list[Candidate]:
    """The candidates (in order without CONCRETE and other spellings) with the concrete
    nouns marked and moved down, and each as common as all its spellings ("distill": its
    uses and those of "distil"; left out when that is more common than `max_zipf`). Both
    only move a word down, so the walk stops at the first word that ranks below the `top`
    settled so far: the dictionary is asked only about the words that can still reach the
    first `top`."""
    limit = len(ranked) if top is None else top
    settled: list[Candidate] = []
    keys: list[tuple[float, float, str]] = []  # of the settled, in order
    for candidate in ranked:
        if len(keys) >= limit and _order(candidate) > keys[limit - 1]:
            break
        spellings = variants(candidate.word)
        if spellings:
            common = max(candidate.zipf, zipf_of_all(candidate.word, *spellings))
            if common > max_zipf:
                continue  # "realise" with "realize": a word known at this level
            candidate = replace(candidate, zipf=round(common, 2))
        if candidate.noun and concrete(candidate.word):
            candidate = replace(candidate, concrete=True)
        settled.append(candidate)
        bisect.insort(keys, _order(candidate))
    settled.sort(key=_order)
    return settled[:limit]


def score(candidate: Candidate) -> float:
    """Lower is better: the word's Zipf frequency (no lower than RARITY_FLOOR), less
    REPETITION_WEIGHT for each tenfold use in the text (a word the text keeps using
    matters more to its reader), plus NO_DEFINITION for a word the dictionary lacks (a
    card without a definition teaches less) and CONCRETE for a noun that names a physical
    thing (learnt from a picture or the talk itself), less ADJECTIVE for an adjective and
    GRADED for an adjective or adverb the text grades (the words that describe and judge,
    and the ones a sentence stresses)."""
    missing = 0.0 if candidate.defined else NO_DEFINITION
    rarity = max(candidate.zipf, RARITY_FLOOR)
    thing = CONCRETE if candidate.concrete else 0.0
    described = (ADJECTIVE if candidate.adjective else 0.0) + (GRADED if candidate.graded else 0.0)
    repeated = REPETITION_WEIGHT * math.log10(max(candidate.count, 1))
    return rarity + missing + thing - described - repeated
