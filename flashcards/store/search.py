"""The one search rule, and the SQLite objects that run it.

A search is a few words; a note matches when every word begins a word of its headword, part
of speech, definition, synonyms, example or one of the talk's sentences that use it (prefix
matching as the learner types, case- and accent-insensitive: "poach" finds "poached", "cafe"
finds "Café"). SQLite's FTS5 runs it, on the `note_search` index (one row a note, its rowid
the note's id), which holds no copy of the text and no word positions: only which notes,
and which of their columns, hold each word. Triggers on `note` and `context` take out of
the index, before the write, every note that any write changes — the import, an edit, a
re-import's new sentences, a deletion — and mark it; `refresh` indexes the marked notes
again: at the end of an edit, and before a search that finds marks (the first search after
an import indexes what it brought, so that the import itself stays near its floor).

`note_matches` checks one note in memory by the same index definition and the same query,
so there is one rule, not a second written in Python.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from flashcards.domain import Note
from flashcards.errors import StoreError
from flashcards.store.sqlite import sql

#: Words are runs of letters and digits; case and accents do not count.
TOKENIZE = "unicode61 remove_diacritics 2"
#: Prefix lengths the index keeps a list of notes for: a search for the first letters of a
#: word ("th", "think") reads one list a page at a time instead of merging, at its start,
#: the lists of every word they begin (which costs as much as those words' notes: at a
#: million cards the two-word search "think here" did that for "think"). A longer prefix
#: merges the few words that begin with it.
PREFIXES = "1 2 3 4 5 6"
COLUMNS = ("word", "pos", "definition", "synonyms", "example", "contexts")

#: The index keeps, for each word, which notes and which of their columns hold it, not
#: where in them (detail=column: a search is words, never a phrase), and no copy of the text
#: (content='': the notes are the text; a search reads only the matching notes' ids).
CREATE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    + ", ".join(COLUMNS)
    + f", tokenize = '{TOKENIZE}', prefix = '{PREFIXES}', content = '', detail = column)"
)
#: The order Browse lists notes in (document order), read from an index a page at a time.
CREATE_BROWSE_INDEX = "CREATE INDEX IF NOT EXISTS ix_note_browse ON note (deck_id, position, id)"

#: Notes whose text or sentences changed since the index last read them (and which the
#: index no longer holds).
CREATE_PENDING = "CREATE TABLE IF NOT EXISTS note_search_pending (note_id INTEGER PRIMARY KEY)"

_ALL_CONTEXTS = (
    "coalesce((SELECT group_concat(sentence, char(10)) FROM context"
    " WHERE context.note_id = {owner}), '')"
)
_VALUES = "word, pos, definition, synonyms, example, " + _ALL_CONTEXTS.format(owner="note.id")
# An index without its own copy of the text forgets a note by being told the words it
# indexed: the note's text as it stands before the write that changes it (what the index
# read last, since every write since marked it). Once marked, a note is out of the index
# until the refresh reads it again, so a later write to it forgets nothing.
_FORGET = (
    "INSERT INTO note_search (note_search, rowid, " + ", ".join(COLUMNS) + ")"
    " SELECT 'delete', id, " + _VALUES + " FROM note WHERE id = {owner}"
    " AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = {owner});"
)
_MARK = "INSERT OR IGNORE INTO note_search_pending (note_id) VALUES ({owner});"


def _out(owner: str) -> str:
    return _FORGET.format(owner=owner) + " " + _MARK.format(owner=owner)


# A trigger takes the note out and marks it: an import that writes a note and its twenty
# sentences then re-indexes the note once (`REFRESH`), not twenty-one times. They run
# before the write, while the note's text is still what the index holds.
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON note BEGIN "
    + _MARK.format(owner="new.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update"
    " BEFORE UPDATE OF word, pos, definition, synonyms, example ON note BEGIN "
    + _out("old.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete BEFORE DELETE ON note BEGIN "
    + _out("old.id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_insert BEFORE INSERT ON context BEGIN "
    + _out("new.note_id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_delete BEFORE DELETE ON context BEGIN "
    + _out("old.note_id")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS context_search_update"
    " BEFORE UPDATE OF sentence, note_id ON context BEGIN "
    + _out("old.note_id")
    + " "
    + _out("new.note_id")
    + " END",
)
#: The names of the search index's triggers (a migration drops them to make them anew).
TRIGGER_NAMES = tuple(t.split()[5] for t in TRIGGERS)
#: Every statement that makes the search objects of a database (a new one or a migrated one).
SCHEMA = (CREATE_INDEX, CREATE_PENDING, CREATE_BROWSE_INDEX, *TRIGGERS)

_INDEX_NOTES = (
    "INSERT INTO note_search (rowid, "
    + ", ".join(COLUMNS)
    + ") SELECT id, "
    + _VALUES
    + " FROM note"
)
#: Fills the index from the notes as they are (a database made before there was one).
FILL = (
    "INSERT INTO note_search (note_search) VALUES ('delete-all')",
    _INDEX_NOTES,
    "DELETE FROM note_search_pending",
)
#: Brings the index up to date with the notes marked since (run in a write transaction):
#: the triggers took them out, this puts those there still are back in.
ANY_PENDING = sql("search.any_pending", "SELECT 1 FROM note_search_pending LIMIT 1")
REFRESH = (
    sql(
        "search.refresh.index",
        _INDEX_NOTES + " WHERE id IN (SELECT note_id FROM note_search_pending)",
    ),
    sql("search.refresh.done", "DELETE FROM note_search_pending"),
)


def same_index(stored: str) -> bool:
    """Whether `stored` (a database's statement for `note_search`) makes the index
    `CREATE_INDEX` does."""
    return " ".join(stored.partition(" USING ")[2].split()) == " ".join(
        CREATE_INDEX.partition(" USING ")[2].split()
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
    """The words of a search, as the index splits text into words: runs of letters and
    digits, split again at any character at which this SQLite's tokenizer splits words (its
    Unicode tables can be older than Python's), so that each is one word of the index."""
    found: list[str] = []
    for word in _WORD.findall(query):
        if word.isascii():
            found.append(word)
            continue
        part = ""
        for char in word:
            if char.isascii() or not _splits(char):
                part += char
            elif part:
                found.append(part)
                part = ""
        if part:
            found.append(part)
    return found


@cache
def _splits(char: str) -> bool:
    """Whether the index's tokenizer splits words at `char`: whether "a<char>a" is a phrase
    of two words to it, which an index without positions cannot look up."""
    conn = sqlite3.connect(":memory:")
    try:
        _create(conn, CREATE_INDEX)
        conn.execute("SELECT 1 FROM note_search WHERE note_search MATCH ?", (f'"a{char}a"',))
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()
    return False


def _create(conn: sqlite3.Connection, statement: str) -> None:
    """Run `statement`, which makes an FTS5 table (a clear error when there is no FTS5)."""
    try:
        conn.execute(statement)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            raise StoreError(NO_FTS5) from None
        raise


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
        _create(conn, CREATE_INDEX)
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
