"""One card under review, read whole: its schedule with its deck's settings, and its note.

Shared by the queues (store.queues), the answers (store.answers) and the study service. Every
function takes an open connection so that a service can do several of them in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from flashcards.domain import CardKind, CardState, Note
from flashcards.errors import StoreError
from flashcards.store.convert import card_from_row, note_from_row
from flashcards.store.tables import CardRow, ContextRow, DeckRow, NoteRow, table_of

DECK = table_of(DeckRow)
NOTE = table_of(NoteRow)
CONTEXT = table_of(ContextRow)
CARD = table_of(CardRow)


@dataclass(frozen=True)
class CardRecord:
    """A stored card with its schedule, and the deck settings that apply to it."""

    id: int
    note_id: int
    deck_id: int
    kind: CardKind
    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: datetime | None
    context_turn: int
    desired_retention: float


_CARD_RECORD = (
    select(CARD, DECK.c.desired_retention)
    .join(DECK, DECK.c.id == CARD.c.deck_id)
    .where(CARD.c.id == bindparam("card_id"))
)
_NOTE_WITH_DECK = (
    select(NOTE, DECK.c.name.label("deck_name"), DECK.c.title.label("deck_title"))
    .join(DECK, DECK.c.id == NOTE.c.deck_id)
    .where(NOTE.c.id == bindparam("note_id"))
)
_NOTE_CONTEXTS = (
    select(CONTEXT.c.sentence)
    .where(CONTEXT.c.note_id == bindparam("note_id"))
    .order_by(CONTEXT.c.position)
)
_NOTE_CARDS = select(CARD).where(CARD.c.note_id == bindparam("note_id"), CARD.c.retired.is_(False))


def card_record(conn: Connection, card_id: int) -> CardRecord:
    """The card `card_id`, or a StoreError."""
    row = conn.execute(_CARD_RECORD, {"card_id": card_id}).mappings().first()
    if row is None:
        raise StoreError(f"no card with id {card_id}")
    return CardRecord(
        id=row["id"],
        note_id=row["note_id"],
        deck_id=row["deck_id"],
        kind=CardKind(row["kind"]),
        state=CardState(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=row["due"],
        last_review=row["last_review"],
        reps=row["reps"],
        lapses=row["lapses"],
        suspended=bool(row["suspended"]),
        leech=bool(row["leech"]),
        buried_until=row["buried_until"],
        context_turn=row["context_turn"],
        desired_retention=row["desired_retention"],
    )


def load_note(conn: Connection, note_id: int) -> tuple[Note, str | None]:
    """One note with its contexts and live cards, and its deck's talk title."""
    params = {"note_id": note_id}
    row = conn.execute(_NOTE_WITH_DECK, params).mappings().first()
    if row is None:
        raise StoreError(f"no note with id {note_id}")
    contexts = conn.execute(_NOTE_CONTEXTS, params).scalars()
    cards = conn.execute(_NOTE_CARDS, params).mappings()
    note = note_from_row(row, row["deck_name"], list(contexts), [card_from_row(c) for c in cards])
    return note, row["deck_title"]
