"""Syllable-like parts of a headword, from pyphen's hyphenation dictionary.

These are *hyphenation points* (where a typesetter may break the word), which are close to
but not the same as spoken syllables: pyphen's en_US dictionary keeps at least two letters
on either side of a break, so "oligopoly" comes out as oli·gop·oly and "niche" or "agi"
are not split at all, while "intimidating" gives in·tim·i·dat·ing.

Each word of a multi-word headword, and each part of a hyphenated one, is hyphenated on its
own; :func:`syllable_text` keeps the spaces and hyphens between them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = ["stressed_syllable", "syllable_text", "syllables"]

_SEPARATOR = re.compile(r"(\s+|-)")
_DOT = "·"

# IPA vowel symbols; a run of them (with length marks and diacritics) is one nucleus, so
# diphthongs and triphthongs count once.
_IPA_VOWELS = frozenset("aeiouyæɑɒɐɔəɘɚɛɜɝɞɤɨɪɯɵøœɶʉʊʌʏɷᵻᵿɩ")
_NUCLEUS_MODIFIERS = frozenset("ːˑ˞")
_SYLLABIC = frozenset("\u0329\u030d")  # syllabic consonant marks: n̩, l̩
_PRIMARY = "ˈ"
_ALTERNATIVES = re.compile(r"[,;|]")


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    """The en_US hyphenation dictionary, loaded on first use."""
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=16384)
def _hyphenate(piece: str) -> tuple[str, ...]:
    """pyphen's parts of one word without spaces or hyphens."""
    dictionary = _dictionary()
    parts: list[str] = []
    start = 0
    for position in dictionary.positions(piece):
        parts.append(piece[start:position])
        start = int(position)
    parts.append(piece[start:])
    return tuple(part for part in parts if part)


def _pieces(word: str) -> list[str]:
    """Words and hyphen-separated parts of ``word``, alternating with their separators."""
    return [piece for piece in _SEPARATOR.split(word.strip()) if piece]


def syllables(word: str) -> list[str]:
    """pyphen's parts of every word of the headword, in order, separators left out.

    >>> syllables("intimidating")
    ['in', 'tim', 'i', 'dat', 'ing']
    """
    parts: list[str] = []
    for piece in _pieces(word):
        if not _SEPARATOR.fullmatch(piece):
            parts.extend(_hyphenate(piece))
    return parts


def syllable_text(word: str) -> str:
    """The headword with its parts joined by "·", spaces and hyphens kept.

    >>> syllable_text("co-design")
    'co-de·sign'
    """
    out: list[str] = []
    for piece in _pieces(word):
        if piece == "-":
            out.append("-")
        elif _SEPARATOR.fullmatch(piece):
            out.append(" ")
        else:
            out.append(_DOT.join(_hyphenate(piece)))
    return "".join(out)


def _nuclei(ipa: str) -> tuple[int, int | None]:
    """The number of vowel nuclei in ``ipa`` and how many come before the primary stress."""
    count = 0
    stressed: int | None = None
    in_nucleus = False
    for char in unicodedata.normalize("NFD", ipa):
        if char in _IPA_VOWELS or char in _SYLLABIC:
            if not in_nucleus:
                count += 1
            in_nucleus = True
        elif char in _NUCLEUS_MODIFIERS or unicodedata.combining(char):
            continue
        else:
            if char == _PRIMARY and stressed is None:
                stressed = count
            in_nucleus = False
    return count, stressed


def stressed_syllable(word: str, ipa: str | None, parts: Sequence[str] | None = None) -> int | None:
    """Index in :func:`syllables` of the part with primary stress, when that is certain.

    A headword of one part gives 0. Otherwise the IPA must mark a primary stress (ˈ) and
    have exactly as many vowel nuclei as the word has parts, or the answer is None. Only the
    first transcription counts when the IPA gives alternatives ("a, b").

    ``parts``: the word's parts when they are already known (a note's stored syllables),
    instead of hyphenating the word again; the index is then an index in ``parts``.
    """
    parts = syllables(word) if parts is None else parts
    if len(parts) == 1:
        return 0
    if not parts or not ipa:
        return None
    count, stressed = _nuclei(_ALTERNATIVES.split(ipa, maxsplit=1)[0])
    if stressed is None or count != len(parts) or stressed >= count:
        return None
    return stressed
