"""Definitions, parts of speech and synonyms from an offline English dictionary: Princeton
WordNet 3.0 (about 147,000 words and 118,000 synonym sets), as the compact table
`wordnet_table.txt.gz` beside this module (built from WordNet's own database files by
scripts/make_wordnet_table.py, which says how it is laid out; WordNet's licence heads it).

The table is read once, on the first look-up (a few tenths of a second, some 25 MB): a word
is found by binary search over its sorted word lines, its senses by their numbers. Nothing
on the review path imports this module.

A hyphenated compound the dictionary lacks ("co-design", "well-rested") is defined from its
parts: the prefix's meaning or the first word's definition, then the last word's.
"""

from __future__ import annotations

import bisect
import gzip
import re
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TABLE",
    "UPOS_NAMES",
    "Sense",
    "best_sense",
    "is_concrete",
    "lookup",
    "parts_of_speech",
    "spelling_variants",
    "synonyms",
]

#: lemminflect's universal tags, as the full names `list --json` uses.
UPOS_NAMES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adjective", "ADV": "adverb"}
#: The dictionary: WordNet 3.0 as scripts/make_wordnet_table.py writes it.
TABLE = Path(__file__).with_name("wordnet_table.txt.gz")
#: The table's parts of speech (those of WordNet's files), by their full names.
_POS = {"n": "noun", "v": "verb", "a": "adjective", "r": "adverb"}

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
# (word, definition) -> the words of that sense's synonym set
_synsets: dict[tuple[str, str], tuple[str, ...]] = {}
_senses: dict[str, tuple[Sense, ...]] = {}


@dataclass(frozen=True)
class _Table:
    """The table: the whole file's text (its synonym set lines from `base` on), and its
    sorted word lines."""

    raw: bytes
    base: int
    words: list[bytes]

    def synset(self, at: int) -> bytes:
        """The synonym set line that starts `at` bytes after the first."""
        start = self.base + at
        return self.raw[start : self.raw.index(b"\n", start)]


_loaded: list[_Table | None] = []


def _table() -> _Table | None:
    """The dictionary, read on first use (None when its file is missing or not a table)."""
    with _lock:
        if not _loaded:
            _loaded.append(_read_table(TABLE))
        return _loaded[0]


def _read_table(path: Path) -> _Table | None:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    header, _, _ = raw.partition(b"\n")
    fields = header.split()
    if len(fields) != 5 or fields[0] != b"#wordnet-table" or fields[1] != b"1":
        return None
    at = 0
    while raw.startswith(b"#", at):  # the header and the licence
        at = raw.index(b"\n", at) + 1
    words = raw[at + int(fields[4]) :].split(b"\n")
    if words and not words[-1]:
        words.pop()
    return _Table(raw, at, words)


def _entry(word: str) -> list[bytes] | None:
    """The fields of the word's line: word, parts of speech, first noun sense's
    lexicographer file, synonym set numbers."""
    table = _table()
    if table is None:
        return None
    target = word.strip().lower().replace(" ", "_").encode("utf-8") + b" "
    at = bisect.bisect_left(table.words, target)  # the word lines are sorted
    if at < len(table.words) and table.words[at].startswith(target):
        return table.words[at].split(b" ")
    return None


def _read_senses(word: str) -> tuple[Sense, ...]:
    entry = _entry(word)
    table = _table()
    if entry is None or table is None or len(entry) < 4 or not entry[3]:
        return ()
    found = [_sense(table.synset(int(number))) for number in entry[3].split(b",")]
    return tuple(dict.fromkeys(found))


def _sense(record: bytes) -> Sense:
    """A Sense from a synonym set line of the table, its synonym set remembered."""
    head, definition, members = record.decode("utf-8").split("\t")
    sense = Sense(_POS[head[0]], definition)
    words = tuple(members.split("|"))
    for member in words:
        _synsets.setdefault((member, definition), words)
    return sense


#: WordNet's lexicographer files of nouns that name physical things one can point at or
#: picture (lexnames: 05 animal, 06 artifact, 08 body, 13 food, 17 object, 20 plant,
#: 27 substance).
CONCRETE_FILES = frozenset({b"5", b"6", b"8", b"13", b"17", b"20", b"27"})


def is_concrete(word: str) -> bool:
    """Whether `word`, as a noun, first names a physical thing: an artifact, a food, a
    substance, an animal, a plant, a part of the body or a natural object ("lever",
    "dough", "llama"), judged by its commonest noun sense."""
    if "-" in word:
        word = word.rpartition("-")[2]  # "coffee-table" is what a table is
    entry = _entry(word)
    return entry is not None and len(entry) > 2 and entry[2] in CONCRETE_FILES


def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech (full names) the dictionary knows `word` as, or those of the
    sense made for a hyphenated compound it lacks; empty when it lacks the word."""
    entry = _entry(word)
    if entry is not None and len(entry) > 1:
        return frozenset(_POS[chr(letter)] for letter in entry[1])
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


#: British and American spellings of one word, as the endings (or the inner letters) that
#: differ: a respelling is a variant only when the dictionary puts both in one synonym set.
_ENDINGS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("our", "or"),
    ("tre", "ter"),
    ("ll", "l"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ogue", "og"),
    ("ence", "ense"),
)
_INNER = (("our", "or"), ("sceptic", "skeptic"), ("ae", "e"), ("oe", "e"))


def _respellings(word: str) -> set[str]:
    found: set[str] = set()
    for a, b in _ENDINGS:
        for old, new in ((a, b), (b, a)):
            if word.endswith(old) and len(word) - len(old) >= 3:
                found.add(word[: len(word) - len(old)] + new)
    for a, b in _INNER:
        for old, new in ((a, b), (b, a)):
            at = word.find(old)
            while at >= 0:
                found.add(word[:at] + new + word[at + len(old) :])
                at = word.find(old, at + 1)
    found.discard(word)
    return found


def spelling_variants(word: str) -> tuple[str, ...]:
    """The word's other spellings, British or American ("distil" of "distill", "skeptical"
    of "sceptical", "behavioral" of "behavioural"): those the dictionary has in one of the
    word's own synonym sets. The frequency list counts each spelling apart."""
    if " " in word or "-" in word:
        return ()
    candidates = [other for other in sorted(_respellings(word)) if _entry(other) is not None]
    if not candidates:
        return ()
    members = {m for sense in lookup(word) for m in _synsets.get((word, sense.definition), ())}
    return tuple(other for other in candidates if other in members)
