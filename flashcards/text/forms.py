"""Word forms: which token sequences count as a use of a headword.

Text is tokenized into lower-case runs of letters and digits; anything else (spaces,
hyphens, apostrophes, punctuation) separates tokens. Accented letters are letters: they are
kept, and text is compared in Unicode normal form C, case-insensitively.

A headword's forms are the token sequences of its inflections, computed once per headword
(and cached) with lemminflect, which is imported lazily because loading its tables costs
about half a second. Which inflections depends on the part of speech:

- verb, phrasal verb: every form of the (first) verb, from any form given ("poached" gives
  poach, poaches, poached, poaching); verbs lemminflect does not know get regular suffixes;
- phrase, idiom: the first word's verb forms, only when lemminflect knows it as a verb;
- noun: singular and plural of the (last) word, regular suffixes for unknown nouns;
- adjective, adverb: the base and, when lemminflect knows them, comparative and superlative;
- anything else: the headword as written.

The other words of a multi-word headword are kept literally. A word with inner hyphens
("co-design") also matches its closed form ("codesign"), a word with an apostrophe does not
("people's" is not "peoples"); in text, its parts may be
separated by a hyphen or a space ("co-design", "co design").

lemminflect's tables cost half a second and some 60 MB to load, so a headword's forms are
computed once, when its document is imported, and stored with its note
(:func:`dump_forms`); reading the note back hands them over (:func:`remember_forms`), and
reviewing, grading and exporting never load lemminflect for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = [
    "FORMS_VERSION",
    "dump_forms",
    "find_uses",
    "remember_forms",
    "token_spans",
    "tokenize",
    "uses_word",
    "word_forms",
]

#: The version of the rules below. Forms stored by other rules are not taken over; bump it
#: whenever a change to the rules (or to lemminflect) changes what `word_forms` returns.
FORMS_VERSION = 2

# Combining marks stay inside a token (decomposed accents: "cafe\u0301").
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_ASCII_TOKEN = re.compile(r"[^\W_]+")
# What may separate the tokens of one multi-token use: spaces, hyphens, apostrophes.
_JOINER = re.compile(r"[\s\-\u2010\u2011'’]+")

_HYPHENS = re.compile(r"[\-\u2010\u2011]")

_VERB, _NOUN, _ADJ, _ADV = "VERB", "NOUN", "ADJ", "ADV"


def _normal(token: str) -> str:
    """A lower-case token in normal form C (ASCII tokens are returned as they are)."""
    return token if token.isascii() else unicodedata.normalize("NFC", token)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``: maximal runs of letters and digits.

    >>> tokenize("He co-founded OpenAI's lab.")
    ['he', 'co', 'founded', 'openai', 's', 'lab']
    """
    lowered = text.lower()
    if lowered.isascii():
        return _ASCII_TOKEN.findall(lowered)
    return [_normal(token) for token in _TOKEN.findall(lowered)]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` (as :func:`tokenize` gives them) with start and end offsets."""
    if text.isascii():  # lower-casing ASCII keeps every offset
        return [(m.group(), m.start(), m.end()) for m in _ASCII_TOKEN.finditer(text.lower())]
    return [(_normal(m.group().lower()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _kind(pos: str) -> tuple[str | None, bool, bool]:
    """How to inflect a headword of part of speech ``pos``.

    Returns the lemminflect universal part of speech (or None for no inflection), whether the
    first word (else the last) of a multi-word headword is inflected, and whether unknown words
    get regular suffixes.
    """
    words = set(re.findall(r"[a-z]+", pos.lower()))
    if words & {"verb", "v", "phrasal"}:
        return _VERB, True, True
    if words & {"noun", "n"}:
        return _NOUN, False, True
    if words & {"adjective", "adj"}:
        return _ADJ, True, False
    if words & {"adverb", "adv"}:
        return _ADV, True, False
    if words & {"phrase", "phr", "idiom"}:
        return _VERB, True, False
    return None, True, False


def _lemminflect() -> Any:
    """The lemminflect module, imported on first use (it is slow to load)."""
    import lemminflect

    return lemminflect


@lru_cache(maxsize=16384)
def _inflections(word: str, upos: str, guess: bool) -> frozenset[str]:
    """Every form of the single word ``word`` (lower case) as part of speech ``upos``.

    ``guess``: apply regular suffixes when lemminflect does not know the word and it is made of
    letters, digits and hyphens only. A hyphenated unknown word is inflected on its last part
    ("co-design" -> "co-designed").
    """
    li = _lemminflect()
    forms = {word}
    lemmas = li.getAllLemmas(word, upos).get(upos, ())
    for lemma in lemmas:
        forms.add(lemma)
        for inflected in li.getAllInflections(lemma, upos).values():
            forms.update(inflected)
    if not lemmas and guess and word.replace("-", "").isalnum():
        head, hyphen, last = word.rpartition("-")
        if hyphen and head and last:
            forms.update(head + hyphen + form for form in _inflections(last, upos, guess))
        else:
            for inflected in li.getAllInflectionsOOV(word, upos).values():
                forms.update(inflected)
    return frozenset(form.lower() for form in forms)


# Forms taken over from storage, by (headword, part of speech). A pure function's results,
# so an entry is never wrong for its key; at most one entry per stored note.
_remembered: dict[tuple[str, str], frozenset[tuple[str, ...]]] = {}


def word_forms(word: str, pos: str) -> frozenset[tuple[str, ...]]:
    """Every token sequence that counts as a use of the headword ``word``.

    ``pos`` is the full lower-case part of speech ("noun", "phrasal verb", ...). The result
    always contains the headword's own tokens, unless it has none (then it is empty).

    >>> sorted(word_forms("poached", "verb"))
    [('poach',), ('poached',), ('poaches',), ('poaching',)]
    """
    known = _remembered.get((word, pos))
    return known if known is not None else _computed_forms(word, pos)


def dump_forms(word: str, pos: str) -> str:
    """The headword's forms as text to store with its note: the rules' version, then the
    forms separated by "|", each its tokens separated by spaces ("1:poach|poached|...").
    Tokens are runs of letters and digits, so neither separator can occur in one."""
    forms = sorted(" ".join(form) for form in word_forms(word, pos))
    return f"{FORMS_VERSION}:{'|'.join(forms)}"


def remember_forms(word: str, pos: str, stored: str | None) -> None:
    """Take over the forms `dump_forms` stored for this headword, so that `word_forms` needs
    no lemminflect for it. Nothing stored, or stored by other rules: nothing happens (they
    are computed again when needed)."""
    if not stored or (word, pos) in _remembered:
        return
    version, colon, body = stored.partition(":")
    if not colon or version != str(FORMS_VERSION):
        return
    _remembered[(word, pos)] = frozenset(tuple(form.split(" ")) for form in body.split("|") if form)


@lru_cache(maxsize=16384)
def _computed_forms(word: str, pos: str) -> frozenset[tuple[str, ...]]:
    """`word_forms`, computed (with lemminflect where the part of speech needs it)."""
    units = unicodedata.normalize("NFC", word).lower().split()
    if not any(tokenize(unit) for unit in units):
        return frozenset()
    upos, first, guess = _kind(pos)
    index = 0 if first else len(units) - 1
    if upos is None or (upos in (_ADJ, _ADV) and len(units) > 1):
        variants: frozenset[str] = frozenset({units[index]})
    else:
        variants = _inflections(units[index], upos, guess)
    forms: set[tuple[str, ...]] = set()
    for variant in variants:
        spelled = [*units[:index], variant, *units[index + 1 :]]
        parts = [tokenize(unit) for unit in spelled]
        forms.add(tuple(token for unit in parts for token in unit))
        # The closed form joins a word's hyphenated parts only ("co-design" -> "codesign"):
        # an apostrophe's parts stay apart, so "people's" is never "peoples".
        closed = [tokenize(_HYPHENS.sub("", unit)) for unit in spelled]
        forms.add(tuple(token for unit in closed for token in unit))
    forms.discard(())
    return frozenset(forms)


@lru_cache(maxsize=16384)
def _by_first_token(word: str, pos: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The headword's forms grouped by first token, longest first."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for form in word_forms(word, pos):
        groups.setdefault(form[0], []).append(form)
    return {
        first: (forms[0],) if len(forms) == 1 else tuple(sorted(forms, key=_longest_first))
        for first, forms in groups.items()
    }


def _longest_first(form: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    return -len(form), form


def _spans_of_uses(
    text: str, tokens: list[tuple[str, int, int]], word: str, pos: str
) -> list[tuple[int, int]]:
    """Non-overlapping spans of uses among ``tokens`` of ``text``, longest form first."""
    starts = _by_first_token(word, pos)
    uses: list[tuple[int, int]] = []
    i, count = 0, len(tokens)
    while i < count:
        width = 0
        for form in starts.get(tokens[i][0], ()):
            n = len(form)
            if i + n > count:
                continue
            if all(
                tokens[i + k][0] == form[k]
                and _JOINER.fullmatch(text, tokens[i + k - 1][2], tokens[i + k][1])
                for k in range(1, n)
            ):
                width = n
                break
        if width:
            uses.append((tokens[i][1], tokens[i + width - 1][2]))
            i += width
        else:
            i += 1
    return uses


def find_uses(text: str, word: str, pos: str) -> list[tuple[int, int]]:
    """Character spans (start, end) in ``text`` of each use of the headword.

    A span covers a whole multi-token use ("carved out", "co design"). The tokens of one use
    must follow each other separated only by spaces, hyphens or apostrophes.
    """
    if not word_forms(word, pos):
        return []
    return _spans_of_uses(text, token_spans(text), word, pos)


def uses_word(text: str, word: str, pos: str) -> bool:
    """Whether ``text`` uses the headword in any of its forms."""
    return bool(find_uses(text, word, pos))
