"""Syllables of a headword: from its IPA where the note has one, else from pyphen.

The IPA says how many syllables a word has and which one is stressed: each vowel nucleus is
a syllable (a diphthong counts once; a diphthong followed by a schwa, as in "fire" or
"amplifier", may be one syllable or two), and the stress marks ``ˈ ˌ`` and the boundary
``.`` say where some of the breaks fall. The spelling is cut to match:

- each spelled vowel group (``a``, ``ou``, a final ``y``...) is a syllable, a silent final
  ``e`` (and the ``e`` of ``-ed`` after anything but t or d) is not, and a group that can be
  two vowels (``ie`` in "amplifier", ``ao`` in "chaos") is split when the IPA needs it;
- each break between two syllables falls inside the consonants between them: where pyphen's
  hyphenation dictionary has a point there, at that point; else where the IPA's marks put
  it; else after a short stressed vowel (ol·i·gop) and before a single consonant (o·ly).

When the spelling cannot be cut into as many syllables as the IPA has (or there is no IPA),
pyphen's hyphenation points are the parts, which are close to but not the same as spoken
syllables: its en_US dictionary keeps two letters on either side of a break (oli·gop·oly).

An initialism (agi: its IPA spells out its letters, or, without IPA, the list says it is an
abbreviation) has one syllable a letter, in capitals: A·G·I. The note's word stays as written.

The parts of a hyphenated headword are joined by "·" like its syllables (co·de·sign); the
words of a multi-word headword keep one space between them. :func:`stressed_parts` is the
one place that decides which part of a note's syllables carries the stress: the app and the
Anki export both draw from it.

An import stores no syllables (pyphen and the cutting cost more than the rest of parsing a
long list): a note stores the syllables a learner typed, and :func:`shown_syllables` cuts
the others when they are shown or exported.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

from flashcards.text import hyphenation

__all__ = [
    "Headword",
    "is_initialism",
    "normalise_syllables",
    "stressed_parts",
    "stressed_syllable",
    "syllable_text",
    "syllables",
]

_SEPARATOR = re.compile(r"(\s+|-)")
_DOT = "·"
#: What a learner may type between syllables: a middle dot and its look-alikes, a hyphen,
#: a dot, spaces.
_TYPED_BREAK = re.compile(r"[\s.\-‐‑·‧•∙⋅]+")
_SHOWN_SPLIT = re.compile(r"(·|-|\s+)")  # a hyphen: syllables stored before "·" replaced it
_DOTTED = re.compile(r"[^·\-\s]+(?:·[^·\-\s]+)*")

# IPA vowel symbols; a run of them (with length marks and diacritics) is one nucleus, so
# diphthongs count once.
_IPA_VOWELS = frozenset("aeiouyæɑɒɐɔəɘɚɛɜɝɞɤɨɪɯɵøœɶʉʊʌʏɷᵻᵿɩ")
_NUCLEUS_MODIFIERS = frozenset("ːˑ˞")
_SYLLABIC = frozenset("\u0329\u030d")  # syllabic consonant marks: n̩, l̩
_SHORT = frozenset("ɪɛæʌɒʊ")  # lax vowels: a syllable with one closes on its consonant
_SCHWAS = frozenset("əɚ")
_GLIDES = frozenset("ɪʊ")  # the second half of a closing diphthong (aɪ, aʊ, eɪ, oʊ, ɔɪ)
_PRIMARY, _SECONDARY = "ˈ", "ˌ"
_MARKS = frozenset("ˈˌ.")
_ALTERNATIVES = re.compile(r"[,;|]")

_VOWEL_LETTERS = frozenset("aeiou")
# Two spelled vowels that may be two syllables, most likely first.
_SPLITTABLE = ("ie", "ia", "io", "iu", "eo", "ao", "ua", "uo", "ue", "ui", "ea", "oe", "oi")
_DIGRAPHS = frozenset({"ch", "sh", "th", "ph", "wh", "gh", "ck", "qu", "dg", "ng"})

#: English letter names in IPA, without stress or length marks.
_LETTER_NAMES = {
    "a": ("eɪ",),
    "b": ("bi",),
    "c": ("si",),
    "d": ("di",),
    "e": ("i",),
    "f": ("ɛf",),
    "g": ("dʒi", "ʤi"),
    "h": ("eɪtʃ", "eɪʧ", "heɪtʃ"),
    "i": ("aɪ",),
    "j": ("dʒeɪ", "ʤeɪ"),
    "k": ("keɪ",),
    "l": ("ɛl",),
    "m": ("ɛm",),
    "n": ("ɛn",),
    "o": ("oʊ", "əʊ"),
    "p": ("pi",),
    "q": ("kju",),
    "r": ("ɑr", "ɑɹ", "ɑ"),
    "s": ("ɛs",),
    "t": ("ti",),
    "u": ("ju",),
    "v": ("vi",),
    "w": ("dʌbəlju", "dʌbəju"),
    "x": ("ɛks",),
    "y": ("waɪ",),
    "z": ("zi", "zɛd"),
}
_ABBREVIATION = re.compile(r"\b(?:abbreviation|acronym|initialism|stands for|short for)\b", re.I)


@lru_cache(maxsize=16384)
def _points(piece: str) -> tuple[int, ...]:
    """Every point where pyphen would break the word, one letter from either end allowed."""
    return hyphenation.points(piece)


@lru_cache(maxsize=16384)
def _hyphenate(piece: str) -> tuple[str, ...]:
    """pyphen's parts of one word without spaces or hyphens, two letters at least on either
    side of a break (pyphen's own default)."""
    return _cut(piece, [p for p in _points(piece) if 2 <= p <= len(piece) - 2])


def _cut(piece: str, breaks: Sequence[int]) -> tuple[str, ...]:
    bounds = [0, *breaks, len(piece)]
    return tuple(piece[a:b] for a, b in itertools.pairwise(bounds) if piece[a:b])


@lru_cache(maxsize=16384)
def _pieces(word: str) -> tuple[tuple[str, bool], ...]:
    """Words and hyphen-separated parts of ``word``, alternating with their separators,
    each with whether it is a separator (split keeps those at odd places)."""
    stripped = word.strip()
    if not _SEPARATOR.search(stripped):  # one word, the commonest headword
        return ((stripped, False),) if stripped else ()
    split = _SEPARATOR.split(stripped)
    return tuple((piece, k % 2 == 1) for k, piece in enumerate(split) if piece)


def _units(word: str) -> list[str]:
    """The words and hyphen-separated parts of ``word``, separators left out."""
    return [piece for piece, separator in _pieces(word) if not separator]


def syllables(word: str) -> list[str]:
    """pyphen's parts of every word of the headword, in order, separators left out.

    >>> syllables("intimidating")
    ['in', 'tim', 'i', 'dat', 'ing']
    """
    parts: list[str] = []
    for piece in _units(word):
        parts.extend(_hyphenate(piece))
    return parts


# -- the IPA ---------------------------------------------------------------------------------


class _Nucleus(NamedTuple):
    """One vowel nucleus of a transcription."""

    optional: bool  # a schwa after a diphthong: one syllable with it, or its own
    stress: str  # "ˈ", "ˌ" or ""
    short: bool
    before: tuple[int, int | None]  # consonants since the last nucleus; how many after a mark


def _first_transcription(ipa: str) -> str:
    return _ALTERNATIVES.split(ipa, maxsplit=1)[0].strip().strip("/[]")


def _nuclei(ipa: str) -> tuple[_Nucleus, ...]:
    """The vowel nuclei of the first transcription of ``ipa``, in order."""
    return _readings(ipa)[0]


@lru_cache(maxsize=16384)
def _readings(ipa: str) -> tuple[tuple[_Nucleus, ...], tuple[_Nucleus, ...]]:
    """The two ways ``ipa`` can be read: every nucleus, and without the optional ones.

    The transcription is first rewritten, a character at a time in C (``str.translate``),
    as what is read of it (:class:`_Reading`): its shape, such as ``'cVcGcSc`` for
    "ˈbaɪkɛt". Transcriptions share their shapes, and the readings are the shape's.
    """
    shape = unicodedata.normalize("NFD", _first_transcription(ipa)).translate(_READ)
    return _shape_readings(shape)


@lru_cache(maxsize=16384)
def _shape_readings(shape: str) -> tuple[tuple[_Nucleus, ...], tuple[_Nucleus, ...]]:
    nuclei = _shape_nuclei(shape)
    return nuclei, tuple(n for n in nuclei if not n.optional)


# What :func:`_nuclei` reads of a character: a vowel's kind (a glide, another short vowel, a
# schwa, any other vowel), a stress mark, another break, a consonant, anything else; length
# marks and diacritics are dropped, a syllabic mark is a schwa.
_GLIDE, _SHORT_VOWEL, _SCHWA, _LONG_VOWEL = "G", "S", "A", "V"
_STRESSED = {_PRIMARY: "'", _SECONDARY: ","}
_SHAPE_RUN = re.compile(r"([c#.',]*)([GSAV]+)")


def _shape_nuclei(shape: str) -> tuple[_Nucleus, ...]:
    """The nuclei of a transcription's shape: each run of vowels after what came since the
    run before it (its consonants, the last stress mark, the consonants after the last
    break)."""
    found: list[_Nucleus] = []
    for match in _SHAPE_RUN.finditer(shape):
        since, run = match.groups()
        primary, secondary = since.rfind("'"), since.rfind(",")
        stress = _PRIMARY if primary > secondary else _SECONDARY if secondary > primary else ""
        mark = max(since.rfind("."), primary, secondary)
        before = (since.count("c"), None if mark < 0 else since.count("c", mark + 1))
        # a glide closes a diphthong; a schwa after a diphthong may be a syllable of its own
        # (optional); any other schwa joins the vowel before it
        first = True
        k = 0
        while k < len(run):
            chunk = run[k : k + 2] if k + 1 < len(run) and run[k + 1] == _GLIDE else run[k]
            optional = not first and chunk[0] == _SCHWA and found and found[-1].short is False
            if first or optional or chunk[0] != _SCHWA:
                short = len(chunk) == 1 and chunk in (_GLIDE, _SHORT_VOWEL)
                found.append(_Nucleus(bool(optional), stress if first else "", short, before))
                before = (0, None)
            first = False
            k += len(chunk)
    return tuple(found)


def _read(char: str) -> str | None:
    if char in _IPA_VOWELS:
        if char in _GLIDES:
            return _GLIDE
        if char in _SCHWAS:
            return _SCHWA
        return _SHORT_VOWEL if char in _SHORT else _LONG_VOWEL
    if char in _SYLLABIC:
        return _SCHWA
    if char in _NUCLEUS_MODIFIERS or unicodedata.combining(char):
        return None
    if char in _MARKS or char.isspace():
        return _STRESSED.get(char, ".")
    return "c" if char.isalpha() else "#"


class _Reading(dict[int, str | None]):
    """The ``str.translate`` table of :func:`_nuclei`, filled as characters are met."""

    def __missing__(self, code: int) -> str | None:
        read = self[code] = _read(chr(code))
        return read


_READ = _Reading()


def _reading(ipa: str, count: int) -> tuple[_Nucleus, ...] | None:
    """The nuclei of ``ipa`` read as ``count`` syllables, or None when it cannot be."""
    every, required = _readings(ipa)
    if count == len(every):
        return every
    if count == len(required):
        return required
    return None


def _stress_index(ipa: str | None, count: int) -> int | None:
    """Which of ``count`` syllables the IPA stresses (primary), when the counts agree."""
    if not ipa or count < 1:
        return None
    reading = _reading(ipa, count)
    if reading is None:
        return None
    return next((k for k, n in enumerate(reading) if n.stress == _PRIMARY), None)


# -- the spelling ----------------------------------------------------------------------------


# A spelled vowel group: a, e, i, o; u but not after q; y but not first.
_SPELLED_VOWELS = re.compile(r"(?:[aeio]|(?<!q)u|(?<=.)y)+", re.DOTALL)
_CONSONANT_LE = re.compile(r"[^aeiouy]le$")


def _vowel_groups(piece: str) -> list[tuple[int, int]]:
    """Spans of the spelled vowel groups of one word that are syllables."""
    word = piece.lower()
    groups = [match.span() for match in _SPELLED_VOWELS.finditer(word)]
    if len(groups) > 1:
        start, end = groups[-1]
        tail = word[end:]
        silent_e = word[start:end] == "e" and (
            (tail == "" and not _CONSONANT_LE.search(word))
            or (tail == "d" and start > 0 and word[start - 1] not in "td")
            or (
                tail == "s" and start > 0 and word[start - 1] not in "sxzcg" and word[-4:-2] != "ch"
            )
        )
        if silent_e and groups[-2][1] < start:
            groups.pop()
    return groups


def _split_groups(word: str, groups: list[tuple[int, int]], wanted: int) -> list[tuple[int, int]]:
    """Split two-vowel groups (``ie``, ``ao``...) until there are ``wanted`` syllables, the
    likeliest splits first."""
    if len(groups) >= wanted:
        return groups
    lowered = word.lower()
    splits: list[tuple[int, int, int]] = []  # (rank of the pair, group, where it is split)
    for k, (start, end) in enumerate(groups):
        if end - start < 2:
            continue
        spelled = lowered[start:end]
        found = [(rank, spelled.find(pair)) for rank, pair in enumerate(_SPLITTABLE)]
        best = min(((rank, at) for rank, at in found if at >= 0), default=None)
        if best is not None:
            splits.append((best[0], k, start + best[1] + 1))
    chosen = sorted(splits)[: wanted - len(groups)]
    out = list(groups)
    for _, k, middle in sorted(chosen, key=lambda split: -split[1]):
        start, end = out[k]
        out[k : k + 1] = [(start, middle), (middle, end)]
    return out


def _graphemes(consonants: str) -> list[str]:
    out: list[str] = []
    k = 0
    while k < len(consonants):
        pair = consonants[k : k + 2].lower()
        step = 2 if pair in _DIGRAPHS else 1
        out.append(consonants[k : k + step])
        k += step
    return out


def _break(
    piece: str,
    points: tuple[int, ...],
    left: tuple[int, int],
    right: tuple[int, int],
    gap: _Nucleus,
    prior: _Nucleus,
) -> int:
    """Where the break between two syllables of ``piece`` falls (an offset); ``points``:
    pyphen's points of ``piece``, in order."""
    a, b = left[1], right[0]
    if a == b:
        return a
    for point in points:  # the first at a or after, if not after b
        if point >= a:
            if point <= b:
                return point
            break
    after_mark = gap.before[1]
    if b - a == 1:  # one consonant letter: before it, or after it
        if after_mark is not None:
            return a if after_mark else b
        return b if prior.short and prior.stress else a
    letters = _graphemes(piece[a:b])
    if after_mark is not None:
        onset = min(after_mark, len(letters))
    elif len(letters) == 1:
        onset = 0 if prior.short and prior.stress else 1
    else:
        onset = len(letters) - 1
    return b - sum(len(g) for g in letters[len(letters) - onset :]) if onset else b


def _spoken_letters(word: str, ipa: str) -> bool:
    """Whether ``ipa`` is the word's letters spoken one by one ("eɪ dʒiː aɪ" for agi)."""
    said = re.sub(r"[ˈˌ.ːˑ\s]", "", unicodedata.normalize("NFC", _first_transcription(ipa)))
    said = said.replace("ɹ", "r").replace("ɡ", "g")

    def spells(rest: str, letters: str) -> bool:
        if not letters:
            return not rest
        names = _LETTER_NAMES.get(letters[0], ())
        return any(
            rest.startswith(n.replace("ɹ", "r")) and spells(rest[len(n) :], letters[1:])
            for n in names
        )

    return spells(said, word.lower())


def is_initialism(word: str, ipa: str | None, definition: str = "", pos: str = "") -> bool:
    """Whether the headword is an initialism whose letters are spoken (agi, "AGI").

    A short word of letters only: its IPA spells out its letters; without IPA, the list calls
    it an abbreviation (its part of speech or its definition)."""
    letters = word.strip()
    if not (2 <= len(letters) <= 5 and letters.isascii() and letters.isalpha()):
        return False
    if ipa:
        return _spoken_letters(letters, ipa)
    return pos == "abbreviation" or bool(_ABBREVIATION.search(definition))


def _from_ipa(word: str, ipa: str) -> list[list[str]] | None:
    """The syllables of each word of the headword (hyphenated parts joined), cut to the
    IPA's count; None when the spelling cannot be cut that way."""
    units = _units(word)
    every, required = _readings(ipa)
    low, high = len(required), len(every)
    if not units or not high:
        return None
    groups = [_vowel_groups(u) for u in units]
    have = sum(len(g) for g in groups)
    if have < high:  # more syllables said than spelled: split two-vowel groups
        for k, unit in enumerate(units):
            spare = high - sum(len(g) for g in groups)
            groups[k] = _split_groups(unit, groups[k], len(groups[k]) + spare)
        have = sum(len(g) for g in groups)
    if have not in (low, high) or any(not g for g in groups):
        return None
    reading = every if have == high else required
    out: list[list[str]] = []
    n = 0
    for unit, spans in zip(units, groups, strict=True):
        points = _points(unit) if len(spans) > 1 else ()
        breaks = [
            _break(unit, points, spans[k], spans[k + 1], reading[n + k + 1], reading[n + k])
            for k in range(len(spans) - 1)
        ]
        out.append(list(_cut(unit, breaks)))
        n += len(spans)
    return out


def syllable_text(word: str, ipa: str | None = None, *, definition: str = "", pos: str = "") -> str:
    """The headword cut into syllables joined by "·": from the IPA where it has one, else
    pyphen's parts. One space between words; an initialism's letters in capitals.

    >>> syllable_text("oligopoly", "ˌɒlɪˈɡɒpəli")
    'ol·i·gop·o·ly'
    >>> syllable_text("co-design")
    'co·de·sign'
    """
    if is_initialism(word, ipa, definition, pos):
        return _DOT.join(word.strip().upper())
    return _cut_text(word, ipa)


@lru_cache(maxsize=65536)
def _cut_text(word: str, ipa: str | None) -> str:
    """:func:`syllable_text` of a word that is not an initialism: the same word and IPA
    recur across decks (an export of many talks asks again and again), so it is kept."""
    cut = _from_ipa(word, ipa) if ipa else None
    out: list[str] = []
    unit = 0
    for piece, separator in _pieces(word):
        if piece == "-":
            out.append(_DOT)
        elif separator:
            out.append(" ")
        else:
            out.append(_DOT.join(cut[unit] if cut else _hyphenate(piece)))
            unit += 1
    return "".join(out)


class Headword(Protocol):
    """What the syllables of a note are cut from (a note, or the same fields)."""

    @property
    def word(self) -> str: ...
    @property
    def ipa(self) -> str | None: ...
    @property
    def pos(self) -> str: ...
    @property
    def definition(self) -> str: ...
    @property
    def syllables(self) -> str: ...


def shown_syllables(note: Headword) -> str:
    """The syllables to show for a note: as stored (the learner's), else cut from its word
    and IPA (:func:`syllable_text`)."""
    if note.syllables and note.syllables.strip():
        return note.syllables
    return syllable_text(note.word, note.ipa, definition=note.definition, pos=note.pos)


def normalise_syllables(typed: str, word: str) -> str:
    """Syllables as a learner typed them (``ol-i-gop-o-ly``, ``ol i gop o ly``,
    ``ol.i.gop.o.ly``), shown with "·"; a space stays where the headword has one."""
    typed = typed.strip()
    if not typed:
        return ""
    words = len(word.split())
    chunks = [c for c in re.split(r"\s+", typed) if c]
    out: list[str] = []
    if words > 1 and len(chunks) == words:  # the spaces are the headword's own
        for chunk in chunks:
            out.append(_DOT.join(p for p in _TYPED_BREAK.split(chunk) if p))
        return " ".join(out)
    return _DOT.join(p for p in _TYPED_BREAK.split(typed) if p)


def stressed_parts(shown: str, ipa: str | None) -> list[tuple[str, bool]]:
    """The pieces of a note's syllables (parts and the separators between them), each with
    whether it is the stressed part: the IPA's primary stress, when the IPA has as many
    syllables as ``shown`` has parts. Never more than one part is marked, none for one part.

    >>> stressed_parts("in·tim·i·dat·ing", "ɪnˈtɪmɪˌdeɪtɪŋ")[2]
    ('tim', True)
    """
    stripped = shown.strip()
    if _DOTTED.fullmatch(stripped):  # one word's parts between middle dots, the commonest
        parts = stripped.split(_DOT)
        stressed = _stress_index(ipa, len(parts)) if len(parts) > 1 else None
        dotted: list[tuple[str, bool]] = []
        for index, part in enumerate(parts):
            if index:
                dotted.append((_DOT, False))
            dotted.append((part, index == stressed))
        return dotted
    # split keeps the separators at odd places
    pieces = [(p, k % 2 == 1) for k, p in enumerate(_SHOWN_SPLIT.split(stripped)) if p]
    count = sum(not separator for _, separator in pieces)
    stressed = _stress_index(ipa, count) if count > 1 else None
    out: list[tuple[str, bool]] = []
    index = 0
    for piece, separator in pieces:
        if separator:
            out.append((piece, False))
            continue
        out.append((piece, index == stressed))
        index += 1
    return out


def stressed_syllable(word: str, ipa: str | None, parts: Sequence[str] | None = None) -> int | None:
    """Index in :func:`syllables` (or in ``parts``) of the part with primary stress, when
    the IPA's syllables line up with the parts; 0 for a word of one part."""
    parts = syllables(word) if parts is None else parts
    if len(parts) == 1:
        return 0
    if not parts or not ipa:
        return None
    return _stress_index(ipa, len(parts))
