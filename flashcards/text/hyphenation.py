"""Where pyphen's en_US dictionary may hyphenate a word: its points, found faster.

pyphen reads its patterns (Liang's algorithm: the ``hyph_en_US.dic`` it ships) when its
dictionary is first made and, for each word, looks up every substring of up to 28 letters
at every position: about 0.3 s to read and some 40 µs a word, which made cutting syllables
a third of an Anki export. This module reads the very same file, keeps the patterns as
pyphen does, in a trie, and walks from each position only as far as some pattern begins
with the letters read so far: most walks stop after two or three letters, so what the walk
finds in its first three letters is kept per three letters, and only the rare longer walks
go on letter by letter. The points are
pyphen's own ``Pyphen.positions`` (tested against pyphen on every fixture word and on 6,000
words of the forms table; the patterns are compared whole).

The file is found through pyphen's package without importing it.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["points"]

#: Lines of a hyphenation file that are not patterns (pyphen's ``ignored``).
_IGNORED = (
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
)
_DIGITS = "0123456789"
_TWO_DIGITS = re.compile("[0-9]{2}")
_DIGIT_BYTES = _DIGITS.encode()
#: Of a pattern in UTF-8: digits and line ends kept, each letter's first byte a bar, the
#: letter's other bytes (``_CONTINUATION_BYTES``) dropped.
_BARS = bytes(b if chr(b) in _DIGITS or b == ord("\n") else ord("|") for b in range(256))
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


#: A node of the patterns' trie: the next letters' nodes, and under "" the pattern that ends
#: here (the offset of its first non-zero value, its values from there).
_Node = dict[str, Any]


def _trie(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> _Node:
    root: _Node = {}
    for letters, found in patterns.items():
        node = root
        for char in letters:
            node = node.setdefault(char, {})
        node[""] = found
    return root


def _dictionary_file() -> Path:
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyphen is not installed: its hyphenation dictionary is needed")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionaries" / "hyph_en_US.dic"


def parse(text: str) -> dict[str, tuple[int, tuple[int, ...]]]:
    """The patterns of a hyphenation file as pyphen's ``HyphDict.patterns`` holds them:
    letters -> (offset of the first non-zero value, the values up to the last non-zero).

    Only what the en_US file uses is read: one digit at a time, no ``^^`` escapes and no
    nonstandard alternatives (``/``), which raise.
    """
    stripped = (line.strip() for line in text.split("\n")[1:])  # the first names the encoding
    kept = [p for p in stripped if p and not p.startswith(_IGNORED)]
    for pattern in kept:
        if "^^" in pattern or "/" in pattern:
            raise ValueError(f"a hyphenation pattern this reader does not handle: {pattern!r}")
    joined = "\n".join(kept)
    two = _TWO_DIGITS.search(joined)
    if two is not None:
        line = joined[joined.rfind("\n", 0, two.start()) + 1 :].split("\n", 1)[0]
        raise ValueError(f"two digits in a row in a pattern: {line!r}")
    # Every pattern at once: its letters, and one value a gap (before each letter and after
    # the last), a 0 where none is written.
    # (each letter a bar, each empty gap between bars, or at a line's ends, a 0, no bars)
    encoded = joined.encode("utf-8")
    letters = encoded.translate(None, _DIGIT_BYTES).decode("utf-8").split("\n")
    bars = encoded.translate(_BARS, _CONTINUATION_BYTES).decode("ascii")
    framed = f"\n{bars}\n".replace("||", "|0|").replace("||", "|0|")
    framed = framed.replace("\n|", "\n0|").replace("|\n", "|0\n").replace("|", "")
    values = framed[1:-1].split("\n")
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for these, gaps in zip(letters, values, strict=True):
        written = gaps.strip("0")
        if written:
            patterns[these] = (len(gaps) - len(gaps.lstrip("0")), tuple(map(int, written)))
    return patterns


@lru_cache(maxsize=1)
def _patterns() -> _Node:
    return _trie(parse(_dictionary_file().read_text(encoding="utf-8")))


#: What the walk from a position finds in its first :data:`_STEP` letters, per those letters
#: (fewer at the end of the word): the values of the patterns it meets, merged (offset from
#: the position, the largest value there), and the trie's node after them when some longer
#: pattern begins with them. Filled as letters are met: words share most of their trigrams.
_Start = tuple[tuple[tuple[int, int], ...], _Node | None]
_STARTS: dict[str, _Start] = {}
_STEP = 3


def _start(letters: str) -> _Start:
    node: _Node = _patterns()
    merged: dict[int, int] = {}
    for char in letters:
        child: _Node | None = node.get(char)
        if child is None:
            return tuple(sorted(merged.items())), None
        node = child
        found = node.get("")
        if found is not None:
            offset, values = found
            for k, value in enumerate(values, start=offset):
                if value > merged.get(k, 0):
                    merged[k] = value
    longer = len(letters) == _STEP and any(char for char in node)
    return tuple(sorted(merged.items())), node if longer else None


def points(word: str) -> tuple[int, ...]:
    """Every point where pyphen's en_US dictionary would break ``word``, one letter at least
    on either side: ``Pyphen(lang="en_US", left=1, right=1).positions(word)``."""
    starts = _STARTS
    pointed = f".{word.lower()}."
    size = len(pointed)
    references = [0] * (size + 1)
    for i in range(size - 1):
        letters = pointed[i : i + _STEP]
        start = starts.get(letters)
        if start is None:
            start = starts[letters] = _start(letters)
        merged, node = start
        for offset, value in merged:
            if value > references[i + offset]:
                references[i + offset] = value
        if node is None:
            continue
        for j in range(i + _STEP, size):  # a longer pattern may begin here: walk on
            child: _Node | None = node.get(pointed[j])
            if child is None:
                break
            node = child
            found = node.get("")
            if found is not None:
                offset, values = found
                k = i + offset
                for value in values:
                    if value > references[k]:
                        references[k] = value
                    k += 1
    # pyphen's point k - 1 is where references[k] is odd; one letter at least either side
    return tuple(k - 1 for k in range(2, len(word) + 1) if references[k] % 2)
