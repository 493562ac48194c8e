"""Word forms: which token sequences count as a use of a headword.

Text is tokenized into lower-case runs of letters and digits; anything else (spaces,
hyphens, apostrophes, punctuation) separates tokens. Accented letters are letters: they are
kept, and text is compared in Unicode normal form C, case-insensitively.

A headword's forms are the token sequences of its inflections, computed once per headword
(and cached) from lemminflect's data, shipped with the package as a table
(``forms_table.txt``, made by ``scripts/make_forms_table.py``): lemminflect itself (and
numpy, which it loads) is not needed. Which inflections depends on the part of speech:

- verb, phrasal verb: every form of the (first) verb, from any form given ("poached" gives
  poach, poaches, poached, poaching); verbs the table does not know get regular suffixes;
- phrase, idiom: the first word's verb forms, only when the table knows it as a verb;
- noun: singular and plural of the (last) word, regular suffixes for unknown nouns;
- adjective, adverb: the base and, when the table knows them, comparative and superlative;
- anything else: the headword as written.

Regular suffixes are lemminflect's rules (the SPECIALIST lexicon's): which of them (regular,
doubled consonant, Greco-Latin plural) lemminflect's small style network picks, the table
holds as weights, so that an unknown word gets the forms lemminflect would give it.

The other words of a multi-word headword are kept literally. A word with inner hyphens
("co-design") also matches its closed form ("codesign"), a word with an apostrophe does not
("people's" is not "peoples"); in text, its parts may be
separated by a hyphen or a space ("co-design", "co design").

An import stores each headword's forms with its note (:func:`dump_forms`), computed before
its write transaction and handed to the store as data.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, lru_cache
from operator import mul
from pathlib import Path

__all__ = [
    "FORMS_VERSION",
    "dump_forms",
    "find_uses",
    "one_token_forms",
    "spans_in",
    "token_places",
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


@cache
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


class _Table:
    """The word-form table (see ``scripts/make_forms_table.py``): an index of its blocks of
    lines, the model's lines, then the sorted lines of word forms, read a block at a time by
    ``read(start, end)``. Only the index is kept; a look-up reads one block of about 2 KB. (The
    whole table parsed into lines held about 10 MB; mapped into memory, the kernel maps its
    pages 2 MB at a time.)"""

    def __init__(self, read: Callable[[int, int], bytes], size: int) -> None:
        self.read = read
        head = b""
        while head.count(b"\n") < 2:  # the index's two lines: offsets, then keys
            head += read(len(head), min(size, len(head) + 65_536))
        at_line, keys_line, _ = head.split(b"\n", 2)
        offsets = at_line.split(b"\t")[1:]
        names = keys_line.split(b"\t")[1:]
        #: The first key of each block, and where each block starts (then the table's end).
        self.keys = [b"%s\t%s\t" % pair for pair in zip(names[::2], names[1::2], strict=True)]
        self.offsets = [*map(int, offsets), size]
        self.model_at = len(at_line) + len(keys_line) + 2

    def model_lines(self) -> list[str]:
        """The model's lines (the inflection-style network), as text."""
        return self.read(self.model_at, self.offsets[0]).decode("ascii").splitlines()

    def after(self, key: bytes) -> bytes | None:
        """The rest of the line that starts with ``key`` (None: no line does): a binary
        search over the index, then one search of the block it names."""
        block = bisect_right(self.keys, key) - 1
        if block < 0:
            return None
        # From the line break before the block, so that each of its lines follows one.
        lines = self.read(self.offsets[block] - 1, self.offsets[block + 1])
        found = lines.find(b"\n" + key)
        if found < 0:
            return None
        start = found + 1 + len(key)
        return lines[start : lines.find(b"\n", start)]

    def lines(self) -> list[str]:
        """Every line of word forms, as text (for checks; a look-up never needs it)."""
        return self.read(self.offsets[0], self.offsets[-1]).decode("utf-8").splitlines()


@cache
def _table() -> _Table:
    """The word-form table, read from the package's file as needed (it stays open)."""
    path = Path(__file__).with_name("forms_table.txt")
    if path.is_file() and hasattr(os, "pread"):
        fd = os.open(path, os.O_RDONLY)
        return _Table(lambda start, end: os.pread(fd, end - start, start), os.fstat(fd).st_size)
    from importlib.resources import files  # not a file (in a zip, say), or no pread

    data = (files("flashcards.text") / "forms_table.txt").read_bytes()
    return _Table(lambda start, end: data[start:end], len(data))


def _known(word: str, upos: str) -> frozenset[str] | None:
    """The forms the table holds for ``word`` as ``upos`` (None: a word it does not know)."""
    others = _table().after(f"{upos}\t{word}\t".encode())
    if others is None:
        return None
    return frozenset([word, *others.decode("utf-8").split("\t")]) if others else frozenset([word])


_Layer = tuple[list["array[float]"], "array[float]"]  # weights and biases


@cache
def _style_model() -> tuple[list[str], _Layer, _Layer]:
    """lemminflect's inflection-style network: its classes and its two dense layers (the
    first's weights by input, the second's by output), as arrays of doubles, stored as their
    bytes (numbers written out took longer to read than the rest of a look-up)."""
    styles: list[str] = []
    layers: dict[str, list[array[float]]] = {}
    for line in _table().model_lines():
        name, *values = line.split("\t")
        if name == "#styles":
            styles = values[0].split()
            continue
        rows, numbers = int(values[0]), array("d", bytes.fromhex(values[1]))
        if sys.byteorder == "big":
            numbers.byteswap()  # stored little-endian
        width = len(numbers) // rows
        layers[name] = [numbers[at : at + width] for at in range(0, len(numbers), width)]
    return styles, (layers["#w1"], layers["#b1"][0]), (layers["#w2"], layers["#b2"][0])


_CATEGORY = {_NOUN: 0, _VERB: 1, _ADJ: 2, _ADV: 3}


def _style(word: str, upos: str) -> str:
    """Which rules lemminflect applies to the unknown ``word``: reg, regd or glreg.

    Its network reads the category and the last eight letters, reversed, one-hot (a-z, or
    "other"), through a dense layer of 64 (ReLU) to three classes."""
    styles, (w1, b1), (w2, b2) = _style_model()
    active = [_CATEGORY[upos]]
    for i, letter in enumerate(reversed(word[-8:] if len(word) > 8 else word)):
        code = ord(letter)
        active.append((i + 1) * 28 + (code - 95 if 97 <= code <= 122 else 1))
    columns = zip(b1, *(w1[i] for i in active), strict=True)
    hidden = [h if h > 0 else 0.0 for h in map(sum, columns)]
    scores = [b + sum(map(mul, hidden, weights)) for weights, b in zip(w2, b2, strict=True)]
    return styles[scores.index(max(scores))]


def _regular_verb(base: str) -> list[str]:
    if re.search(r"(?:[szx]|ch|sh)$", base):
        return [base + "es", base + "ed", base + "ing"]
    if base.endswith("ie"):
        return [base + "s", base + "d", base[:-2] + "ying"]
    if re.search(r"(ee|oe|ye)$", base):
        return [base + "s", base + "d", base + "ing"]
    if re.search(r"[^aeiou]y$", base):
        return [base[:-1] + "ies", base[:-1] + "ied", base[:-1] + "ying"]
    if re.search(r"[^iyeo]e$", base):
        return [base[:-1] + "es", base[:-1] + "ed", base[:-1] + "ing"]
    return [base + "s", base + "ed", base + "ing"]


def _regular_noun(base: str) -> list[str]:
    if re.search(r"[^aeiou]y$", base):
        return [base[:-1] + "ies"]
    if re.search(r"(?:[szx]|ch|sh)$", base):
        return [base + "es"]
    return [base + "s"]


_GRECO_LATIN = (
    ("us", 2, "i"),
    ("ma", 2, "mata"),
    ("a", 1, "ae"),
    ("um", 2, "a"),
    ("on", 2, "a"),
    ("sis", 3, "ses"),
    ("is", 2, "ides"),
    ("men", 3, "mina"),
    ("ex", 2, "ices"),
    ("x", 1, "ces"),
)


_GRECO_LATIN_ENDINGS = tuple(ending for ending, _, _ in _GRECO_LATIN)


def _greco_latin_noun(base: str) -> list[str]:
    for ending, cut, plural in _GRECO_LATIN:
        if base.endswith(ending):
            return [base[:-cut] + plural]
    return _regular_noun(base)


def _regular_adjective(base: str) -> list[str]:
    if re.search(r"[^aeiou]y$", base):
        return [base[:-1] + "ier", base[:-1] + "iest"]
    if re.search(r"[aeiou]y$", base):
        return [base + "er", base + "est"]
    if re.search(r"[^aeiou]e$", base):
        return [base + "r", base + "st"]
    return [base + "er", base + "est"]


def _unknown_inflections(word: str, upos: str) -> list[str]:
    """lemminflect's forms of a word it does not know (``getAllInflectionsOOV``)."""
    if upos == _NOUN and not word.endswith(_GRECO_LATIN_ENDINGS):
        return [word, *_regular_noun(word)]  # what every style gives: the network is not asked
    style = _style(word, upos)
    if upos == _VERB:
        if style == "reg":
            return [word, *_regular_verb(word)]
        return [word, _regular_verb(word)[0], word + word[-1] + "ed", word + word[-1] + "ing"]
    if upos == _NOUN:
        return [word, *(_regular_noun(word) if style == "reg" else _greco_latin_noun(word))]
    if style == "reg":
        return [word, *_regular_adjective(word)]
    return [word, word + word[-1] + "er", word + word[-1] + "est"]


@lru_cache(maxsize=16384)
def _inflections(word: str, upos: str, guess: bool) -> frozenset[str]:
    """Every form of the single word ``word`` (lower case) as part of speech ``upos``.

    ``guess``: apply regular suffixes when the table does not know the word and it is made of
    letters, digits and hyphens only. A hyphenated unknown word is inflected on its last part
    ("co-design" -> "co-designed").
    """
    known = _known(word, upos)
    if known is not None:
        return known
    forms = {word}
    if guess and word.replace("-", "").isalnum():
        head, hyphen, last = word.rpartition("-")
        if hyphen and head and last:
            forms.update(head + hyphen + form for form in _inflections(last, upos, guess))
        else:
            forms.update(_unknown_inflections(word, upos))
    return frozenset(form.lower() for form in forms)


def word_forms(word: str, pos: str) -> frozenset[tuple[str, ...]]:
    """Every token sequence that counts as a use of the headword ``word``.

    ``pos`` is the full lower-case part of speech ("noun", "phrasal verb", ...). The result
    always contains the headword's own tokens, unless it has none (then it is empty).

    >>> sorted(word_forms("poached", "verb"))
    [('poach',), ('poached',), ('poaches',), ('poaching',)]
    """
    return _computed_forms(word, pos)


def dump_forms(word: str, pos: str) -> str:
    """The headword's forms as text to store with its note: the rules' version, then the
    forms separated by "|", each its tokens separated by spaces ("1:poach|poached|...").
    Tokens are runs of letters and digits, so neither separator can occur in one."""
    forms = sorted(" ".join(form) for form in word_forms(word, pos))
    return f"{FORMS_VERSION}:{'|'.join(forms)}"


@lru_cache(maxsize=16384)
def _computed_forms(word: str, pos: str) -> frozenset[tuple[str, ...]]:
    """`word_forms`, computed (from the table where the part of speech needs it)."""
    units = unicodedata.normalize("NFC", word).lower().split()
    if not any(tokenize(unit) for unit in units):
        return frozenset()
    upos, first, guess = _kind(pos)
    index = 0 if first else len(units) - 1
    if upos is None or (upos in (_ADJ, _ADV) and len(units) > 1):
        variants: frozenset[str] = frozenset({units[index]})
    else:
        variants = _inflections(units[index], upos, guess)
    if len(units) == 1 and all(v.isascii() and v.isalnum() for v in variants):
        return frozenset((variant,) for variant in variants)  # each variant is one token
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


@lru_cache(maxsize=16384)
def one_token_forms(word: str, pos: str) -> frozenset[str] | None:
    """For a headword whose forms are each one ASCII token, those tokens: its uses in ASCII
    text are then simply the tokens that are one of them (what `_spans_of_uses` finds,
    without its walk); None for any other headword."""
    found = word_forms(word, pos)
    if not found or any(len(form) != 1 or not form[0].isascii() for form in found):
        return None
    return frozenset(form[0] for form in found)


def token_places(text: str, token: str) -> list[tuple[int, int]]:
    """The spans of ``token`` in the ASCII ``text`` where it is a whole token (a run of
    letters and digits with none on either side), as :func:`token_spans` finds them."""
    places: list[tuple[int, int]] = []
    size, width = len(text), len(token)
    start = text.find(token)
    while start >= 0:
        end = start + width
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == size or not text[end].isalnum()
        ):
            places.append((start, end))
            start = text.find(token, end)
        else:
            start = text.find(token, start + 1)
    return places


def spans_in(
    text: str, tokens: list[tuple[str, int, int]] | None, word: str, pos: str
) -> list[tuple[int, int]]:
    """:func:`find_uses`, given the tokens of ``text`` (:func:`token_spans`) if known."""
    if not word_forms(word, pos):
        return []
    if text.isascii():
        single = one_token_forms(word, pos)
        if single is not None:  # lower-casing ASCII keeps every offset
            lowered = text.lower()
            found = [s for form in single if form in lowered for s in token_places(lowered, form)]
            return sorted(found)
    return _spans_of_uses(text, token_spans(text) if tokens is None else tokens, word, pos)


def find_uses(text: str, word: str, pos: str) -> list[tuple[int, int]]:
    """Character spans (start, end) in ``text`` of each use of the headword.

    A span covers a whole multi-token use ("carved out", "co design"). The tokens of one use
    must follow each other separated only by spaces, hyphens or apostrophes.
    """
    return spans_in(text, None, word, pos)


def uses_word(text: str, word: str, pos: str) -> bool:
    """Whether ``text`` uses the headword in any of its forms."""
    return bool(find_uses(text, word, pos))
