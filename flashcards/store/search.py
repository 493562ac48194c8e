"""The one search rule, and the SQLite objects that run it.

A search is a few words; a note matches when every word begins a word of its headword, part
of speech, definition, synonyms, example or one of the talk's sentences that use it (prefix
matching as the learner types, case- and accent-insensitive: "poach" finds "poached", "cafe"
finds "Café"). SQLite's FTS5 runs it, on the `note_search` index (one row a note, its rowid
the note's id) that triggers keep in step with every write to `note` and `context` — the
import, an edit, a re-import's new sentences, a deletion.

`note_matches` checks one note in memory by the same index definition and the same query,
so there is one rule, not a second written in Python.
"""

from __future__ import annotations

import re
import sqlite3

from flashcards.domain import Note
from flashcards.errors import StoreError

#: Words are runs of letters and digits; case and accents do not count.
TOKENIZE = "unicode61 remove_diacritics 2"
COLUMNS = ("word", "pos", "definition", "synonyms", "example", "contexts")

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    + ", ".join(COLUMNS)
    + f", tokenize = '{TOKENIZE}')"
)
#: The order Browse lists notes in (document order), read from an index a page at a time.
CREATE_BROWSE_INDEX = "CREATE INDEX IF NOT EXISTS ix_note_browse ON note (deck_id, position, id)"

_ALL_CONTEXTS = (
    "coalesce((SELECT group_concat(sentence, char(10)) FROM context"
    " WHERE context.note_id = {owner}), '')"
)
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON note BEGIN"
    " INSERT INTO note_search (rowid, word, pos, definition, synonyms, example, contexts)"
    " VALUES (new.id, new.word, new.pos, new.definition, new.synonyms, new.example, "
    + _ALL_CONTEXTS.format(owner="new.id")
    + "); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update"
    " AFTER UPDATE OF word, pos, definition, synonyms, example ON note BEGIN"
    " UPDATE note_search SET word = new.word, pos = new.pos, definition = new.definition,"
    " synonyms = new.synonyms, example = new.example WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON note BEGIN"
    " DELETE FROM note_search WHERE rowid = old.id; END",
    # A new sentence is appended (an import adds a note's sentences one by one).
    "CREATE TRIGGER IF NOT EXISTS context_search_insert AFTER INSERT ON context BEGIN"
    " UPDATE note_search SET contexts = contexts || char(10) || new.sentence"
    " WHERE rowid = new.note_id; END",
    "CREATE TRIGGER IF NOT EXISTS context_search_delete AFTER DELETE ON context BEGIN"
    " UPDATE note_search SET contexts = "
    + _ALL_CONTEXTS.format(owner="old.note_id")
    + " WHERE rowid = old.note_id; END",
    "CREATE TRIGGER IF NOT EXISTS context_search_update"
    " AFTER UPDATE OF sentence, note_id ON context BEGIN"
    " UPDATE note_search SET contexts = "
    + _ALL_CONTEXTS.format(owner="old.note_id")
    + " WHERE rowid = old.note_id;"
    " UPDATE note_search SET contexts = "
    + _ALL_CONTEXTS.format(owner="new.note_id")
    + " WHERE rowid = new.note_id; END",
)
#: Every statement that makes the search objects of a database (a new one or a migrated one).
SCHEMA = (CREATE_INDEX, CREATE_BROWSE_INDEX, *TRIGGERS)

#: Fills the index from the notes as they are (a database made before there was one).
FILL = (
    "DELETE FROM note_search",
    "INSERT INTO note_search (rowid, word, pos, definition, synonyms, example, contexts)"
    " SELECT id, word, pos, definition, synonyms, example, "
    + _ALL_CONTEXTS.format(owner="note.id")
    + " FROM note",
)

NO_FTS5 = (
    "this Python's SQLite has no FTS5 (full-text search), which flashcards needs; "
    "use a Python built with a standard SQLite"
)

_WORD = re.compile(r"[^\W_]+")


def terms(query: str) -> list[str]:
    """The words of a search, as the index splits text into words."""
    return _WORD.findall(query)


def match_expression(query: str) -> str | None:
    """The FTS5 query for a search: every word, as the start of a word (None: no words)."""
    words = terms(query)
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def search_values(note: Note) -> tuple[str, ...]:
    """A note's text as the index holds it (one value per column)."""
    return (
        note.word,
        note.pos,
        note.definition,
        " ".join(note.synonyms),
        note.example,
        "\n".join(note.contexts),
    )


def note_matches(note: Note, query: str) -> bool:
    """Whether `note` matches `query` by the search rule (checked by FTS5 in memory)."""
    expression = match_expression(query)
    if expression is None:
        return True
    conn = sqlite3.connect(":memory:")
    try:
        try:
            conn.execute(CREATE_INDEX)
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc):
                raise StoreError(NO_FTS5) from None
            raise
        conn.execute(
            f"INSERT INTO note_search ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            search_values(note),
        )
        found = conn.execute(
            "SELECT 1 FROM note_search WHERE note_search MATCH ?", (expression,)
        ).fetchone()
        return found is not None
    finally:
        conn.close()
