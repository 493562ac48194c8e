"""One card under review, read whole: its schedule with its deck's settings, and its note.

Shared by the queues (store.queues), the answers (store.answers) and the repository. The
functions take an open connection: they run inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3

from flashcards.domain import CardRecord, Note
from flashcards.errors import StoreError
from flashcards.store.convert import card_from_row, note_from_row, record_from_row
from flashcards.store.sqlite import sql

_CARD_RECORD = sql(
    "card.record",
    "SELECT card.*, deck.desired_retention FROM card JOIN deck ON deck.id = card.deck_id"
    " WHERE card.id = ?",
)
_NOTE_WITH_DECK = sql(
    "card.note",
    "SELECT note.*, deck.name AS deck_name, deck.title AS deck_title"
    " FROM note JOIN deck ON deck.id = note.deck_id WHERE note.id = ?",
)
_NOTE_CONTEXTS = sql(
    "card.note.contexts", "SELECT sentence FROM context WHERE note_id = ? ORDER BY position"
)
#: The columns a note's card keeps (`convert.card_from_row`): fewer to fetch than `card.*`.
_NOTE_CARDS = sql(
    "card.note.cards",
    "SELECT id, kind, state, due, suspended, lapses, reps FROM card"
    " WHERE note_id = ? AND retired = 0",
)


def card_record(conn: sqlite3.Connection, card_id: int) -> CardRecord:
    """The card `card_id`, or a StoreError."""
    row = conn.execute(_CARD_RECORD, (card_id,)).fetchone()
    if row is None:
        raise StoreError(f"no card with id {card_id}")
    return record_from_row(row)


def load_note(conn: sqlite3.Connection, note_id: int) -> tuple[Note, str | None]:
    """One note with its contexts and live cards, and its deck's talk title."""
    row = conn.execute(_NOTE_WITH_DECK, (note_id,)).fetchone()
    if row is None:
        raise StoreError(f"no note with id {note_id}")
    contexts = [r[0] for r in conn.execute(_NOTE_CONTEXTS, (note_id,))]
    cards = [card_from_row(c) for c in conn.execute(_NOTE_CARDS, (note_id,))]
    return note_from_row(row, row["deck_name"], contexts, cards), row["deck_title"]
