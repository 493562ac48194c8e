"""The one search rule, and the SQLite objects that run it.

A search is a few words; a note matches when every word begins a word of its headword, part
of speech, definition, synonyms, example or one of the talk's sentences that use it (prefix
matching as the learner types, case- and accent-insensitive: "poach" finds "poached", "cafe"
finds "Café"). SQLite's FTS5 runs it, on the `note_search` index (one row a note, its rowid
the note's id). Triggers on `note` and `context` mark every note that any write changes —
the import, an edit, a re-import's new sentences, a deletion — and `refresh` re-indexes the
marked notes: at the end of an edit, and before a search that finds marks (the first search
after an import indexes what it brought, so that the import itself stays near its floor).

`note_matches` checks one note in memory by the same index definition and the same query,
so there is one rule, not a second written in Python.
"""

from __future__ import annotations

import re
import sqlite3

from flashcards.domain import Note
from flashcards.errors import StoreError
from flashcards.store.sqlite import sql

#: Words are runs of letters and digits; case and accents do not count.
TOKENIZE = "unicode61 remove_diacritics 2"
#: Prefix lengths the index keeps a list of notes for: a search for the first letters of a
#: common word ("th") reads one list a page at a time instead of merging those of every word
#: it begins (about 3.5x the index's size, 10x faster at 100,000 cards).
PREFIXES = "1 2 3 4"
COLUMNS = ("word", "pos", "definition", "synonyms", "example", "contexts")

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    + ", ".join(COLUMNS)
    + f", tokenize = '{TOKENIZE}', prefix = '{PREFIXES}')"
)
#: The order Browse lists notes in (document order), read from an index a page at a time.
CREATE_BROWSE_INDEX = "CREATE INDEX IF NOT EXISTS ix_note_browse ON note (deck_id, position, id)"

#: Notes whose text or sentences changed since the index last read them.
CREATE_PENDING = "CREATE TABLE IF NOT EXISTS note_search_pending (note_id INTEGER PRIMARY KEY)"

_ALL_CONTEXTS = (
    "coalesce((SELECT group_concat(sentence, char(10)) FROM context"
    " WHERE context.note_id = {owner}), '')"
)
_MARK = "INSERT OR IGNORE INTO note_search_pending (note_id) VALUES ({owner});"
# A trigger only marks the note: an import that writes a note and its twenty sentences then
# re-indexes the note once (`REFRESH`), not twenty-one times.
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON note BEGIN "
    + _MARK.format(owner="new.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update"
    " AFTER UPDATE OF word, pos, definition, synonyms, example ON note BEGIN "
    + _MARK.format(owner="new.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON note BEGIN "
    + _MARK.format(owner="old.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_insert AFTER INSERT ON context BEGIN "
    + _MARK.format(owner="new.note_id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_delete AFTER DELETE ON context BEGIN "
    + _MARK.format(owner="old.note_id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_update"
    " AFTER UPDATE OF sentence, note_id ON context BEGIN "
    + _MARK.format(owner="old.note_id")
    + " "
    + _MARK.format(owner="new.note_id")
    + " END",
)
#: Every statement that makes the search objects of a database (a new one or a migrated one).
SCHEMA = (CREATE_INDEX, CREATE_PENDING, CREATE_BROWSE_INDEX, *TRIGGERS)

_INDEX_NOTES = (
    "INSERT INTO note_search (rowid, word, pos, definition, synonyms, example, contexts)"
    " SELECT id, word, pos, definition, synonyms, example, "
    + _ALL_CONTEXTS.format(owner="note.id")
    + " FROM note"
)
#: Fills the index from the notes as they are (a database made before there was one).
FILL = ("DELETE FROM note_search", _INDEX_NOTES, "DELETE FROM note_search_pending")
#: Brings the index up to date with the notes marked since (run in a write transaction).
ANY_PENDING = sql("search.any_pending", "SELECT 1 FROM note_search_pending LIMIT 1")
REFRESH = (
    sql(
        "search.refresh.forget",
        "DELETE FROM note_search WHERE rowid IN (SELECT note_id FROM note_search_pending)",
    ),
    sql(
        "search.refresh.index",
        _INDEX_NOTES + " WHERE id IN (SELECT note_id FROM note_search_pending)",
    ),
    sql("search.refresh.done", "DELETE FROM note_search_pending"),
)


def refresh(conn: sqlite3.Connection) -> None:
    """Index the notes marked since the last refresh (within the caller's write transaction)."""
    if conn.execute(ANY_PENDING).fetchone() is not None:
        for statement in REFRESH:
            conn.execute(statement)


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
