"""Read-only queries behind the home, browse and statistics screens.

Browse reads a page of notes at a time by keyset pagination: the unfiltered list in document
order (deck, position, id — the `ix_note_browse` index), a search in the order the notes were
added (the search index's rowid, which is the note's id). A page costs the same whatever the
size of the collection.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flashcards.domain import Note, NoteCard
from flashcards.store import search
from flashcards.store.convert import (
    card_from_row,
    note_from_row,
    read,
    time_required,
)
from flashcards.store.importer import NOTE_FIELDS
from flashcards.store.listing import sentences_of
from flashcards.store.repository import Store
from flashcards.store.search import match_expression
from flashcards.store.sqlite import id_list, sql, to_db_time

# From the notes' tally (store.tables.NoteTallyRow): a row a deck, whatever the notes.
_NOTE_COUNTS = sql(
    "browse.note_counts", "SELECT deck_id, notes FROM note_tally WHERE notes != 0 ORDER BY deck_id"
)
_TIMES = (
    "SELECT review_log.id, review_log.reviewed_at FROM review_log{join}"
    " WHERE review_log.undone = 0 AND review_log.reviewed_at >= :since{deck}"
    " ORDER BY review_log.reviewed_at"
)
_REVIEW_TIMES = sql("browse.review_times", _TIMES.format(join="", deck=""))
_REVIEW_TIMES_IN_DECK = sql(
    "browse.review_times.deck",
    _TIMES.format(
        join=" JOIN card ON card.id = review_log.card_id JOIN note ON note.id = card.note_id",
        deck=" AND note.deck_id = :deck",
    ),
)


def note_counts(store: Store) -> dict[int, int]:
    """The number of notes of each deck, by deck id."""
    with store.reading() as conn:
        return {int(deck_id): int(count) for deck_id, count in conn.execute(_NOTE_COUNTS)}


def review_times(store: Store, since: datetime, deck_id: int | None = None) -> list[datetime]:
    """When each answer since `since` was given (undone answers left out), oldest first."""
    statement = _REVIEW_TIMES if deck_id is None else _REVIEW_TIMES_IN_DECK
    with store.reading() as conn:
        rows = conn.execute(statement, {"since": to_db_time(since), "deck": deck_id})
        return [read(row, "review_log", "reviewed_at", time_required) for row in rows]


_COLUMNS = ", ".join(
    f"note.{c}"
    for c in ("id", "deck_id", "position", *NOTE_FIELDS, "in_source", "forms", "example_spans")
)
_PAGE = sql(
    "browse.page",
    f"SELECT {_COLUMNS} FROM note WHERE (deck_id, position, id) > (:deck_id, :position, :id)"
    " ORDER BY deck_id, position, id LIMIT :limit",
)
_PAGE_IN_DECK = sql(
    "browse.page.deck",
    f"SELECT {_COLUMNS} FROM note WHERE deck_id = :deck AND (position, id) > (:position, :id)"
    " ORDER BY position, id LIMIT :limit",
)
_SEARCH = (
    f"SELECT {_COLUMNS} FROM note_search JOIN note ON note.id = note_search.rowid"
    " WHERE note_search MATCH :match AND note_search.rowid > :id{deck}"
    " ORDER BY note_search.rowid LIMIT :limit"
)
_SEARCH_PAGE = sql("browse.search", _SEARCH.format(deck=""))
_SEARCH_PAGE_IN_DECK = sql("browse.search.deck", _SEARCH.format(deck=" AND note.deck_id = :deck"))
_PAGE_CARDS = sql(
    "browse.page.cards",
    "SELECT * FROM card WHERE retired = 0 AND note_id IN (SELECT value FROM json_each(?))",
)
_DECK_NAMES = sql(
    "browse.deck_names", "SELECT id, name FROM deck WHERE id IN (SELECT value FROM json_each(?))"
)
_NOTES_BY_ID = sql(
    "browse.notes_by_id",
    f"SELECT {_COLUMNS} FROM note WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
)

#: Where a page ends: (deck id, position, note id) for the list, (note id,) for a search.
PageKey = tuple[int, ...]


@dataclass(frozen=True)
class NotePage:
    """Some notes, in browse order, and where the next page starts (None: no more)."""

    notes: list[Note]
    after: PageKey | None


def note_page(
    store: Store,
    deck_id: int | None = None,
    query: str = "",
    after: PageKey | None = None,
    limit: int = 100,
) -> NotePage:
    """The next `limit` notes after `after` (None: the first page) of a deck (or of all),
    those matching `query` (the search rule of store.search) when it has words."""
    if limit < 1:
        raise ValueError("a page holds at least one note")
    expression = match_expression(query)
    params: dict[str, object] = {"deck": deck_id, "limit": limit + 1}
    if expression is not None:
        statement = _SEARCH_PAGE if deck_id is None else _SEARCH_PAGE_IN_DECK
        params |= {"match": expression, "id": after[-1] if after else 0}
    else:
        statement = _PAGE if deck_id is None else _PAGE_IN_DECK
        start = after if after is not None and len(after) == 3 else (-1, -1, -1)
        params |= dict(zip(("deck_id", "position", "id"), start, strict=True))
    if expression is not None:
        with store.reading() as conn:
            stale = conn.execute(search.ANY_PENDING).fetchone() is not None
        if stale:  # notes written by a writer that did not refresh the index
            with store.writing() as conn:
                search.refresh(conn)
    with store.reading() as conn:
        rows = conn.execute(statement, params).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        notes = _whole(conn, rows)
    if not more or not rows:
        return NotePage(notes, None)
    last = rows[-1]
    key = (
        (last["id"],) if expression is not None else (last["deck_id"], last["position"], last["id"])
    )
    return NotePage(notes, key)


def notes_by_id(store: Store, ids: Iterable[int]) -> list[Note]:
    """The notes with these ids (those there are), whole, by id."""
    with store.reading() as conn:
        return _whole(conn, conn.execute(_NOTES_BY_ID, (id_list(ids),)).fetchall())


def _whole(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Note]:
    """The notes of these rows with their deck's name, their sentences and their cards."""
    if not rows:
        return []
    ids = id_list(r["id"] for r in rows)
    decks = id_list({r["deck_id"] for r in rows})
    deck_names = dict(conn.execute(_DECK_NAMES, (decks,)).fetchall())
    contexts, spans = sentences_of(conn, ids)
    cards: dict[int, list[NoteCard]] = defaultdict(list)
    for row in conn.execute(_PAGE_CARDS, (ids,)):
        cards[row["note_id"]].append(card_from_row(row))
    return [
        note_from_row(
            r, deck_names[r["deck_id"]], contexts[r["id"]], cards[r["id"]], spans[r["id"]]
        )
        for r in rows
    ]
