"""One card under review, read whole: its schedule with its deck's settings, and its note.

Shared by the queues (store.queues), the answers (store.answers) and the repository. The
functions take an open connection: they run inside the caller's transaction.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from flashcards.domain import CardKind, CardRecord, CardState, Note, NoteCard
from flashcards.errors import StoreError
from flashcards.store.convert import (
    card_from_row,
    load_list,
    load_spans,
    note_from_row,
    record_from_row,
    schedule_numbers_fit,
)
from flashcards.store.sqlite import from_db_time, sql

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


#: Where the FSRS parameters of a deck (and of the collection) are kept: the setting's key
#: is this, or this and "." and the deck's id (as `store.parameters` writes them).
PARAMETERS_KEY = "fsrs.parameters"


def shown_text(which: str) -> str:
    """The statement that reads the card to show, whole, in one go: its schedule and deck
    settings, its note, the note's contexts (in order) and live cards (as JSON arrays), and
    the stored FSRS parameters of its deck and of the collection. `which`: the card's id, as
    a parameter or a subquery that picks it. Positions: see `shown_from_row`."""
    return (
        "SELECT card.id, card.note_id, card.deck_id, card.kind, card.state, card.step,"
        " card.stability, card.difficulty, card.due, card.last_review, card.reps, card.lapses,"
        " card.suspended, card.leech, card.buried_until, card.context_turn,"
        " deck.desired_retention, deck.name, deck.title, note.word, note.ipa, note.pos,"
        " note.definition, note.synonyms, note.example, note.syllables, note.in_source,"
        " note.example_spans,"
        " (SELECT json_group_array(sentence) FROM (SELECT sentence FROM context"
        " WHERE context.note_id = card.note_id ORDER BY position)),"
        " (SELECT json_group_array(json_array(s.id, s.kind, s.state, s.due, s.suspended,"
        " s.lapses, s.reps)) FROM card AS s WHERE s.note_id = card.note_id AND s.retired = 0),"
        f" (SELECT value FROM setting WHERE key = '{PARAMETERS_KEY}.' || card.deck_id),"
        f" (SELECT value FROM setting WHERE key = '{PARAMETERS_KEY}')"
        " FROM card JOIN note ON note.id = card.note_id JOIN deck ON deck.id = card.deck_id"
        f" WHERE card.id = {which}"
    )


_SHOWN = sql("card.shown", shown_text(":card"))
_KINDS = {kind.value: kind for kind in CardKind}
_STATES = {state.value: state for state in CardState}
_KIND_ORDER = {kind: i for i, kind in enumerate(CardKind)}


#: The card shown, its note, its deck's talk title, and the FSRS weights it is scheduled with
#: (None: FSRS' defaults).
Shown = tuple[CardRecord, Note, str | None, tuple[float, ...] | None]


def shown_card(conn: sqlite3.Connection, card_id: int) -> tuple[CardRecord, Note, str | None]:
    """The card `card_id` (or a StoreError), its note with contexts and live cards, and its
    deck's talk title: what a review shows, in one statement."""
    return shown_weighted(conn, card_id)[:3]


def shown_weighted(conn: sqlite3.Connection, card_id: int) -> Shown:
    """`shown_card`, and the FSRS weights the card is scheduled with, in one statement."""
    row = conn.execute(_SHOWN, {"card": card_id}).fetchone()
    if row is None:
        raise StoreError(f"no card with id {card_id}")
    return shown_from_row(conn, row)


def shown_from_row(conn: sqlite3.Connection, row: sqlite3.Row) -> Shown:
    """What a row of a `shown_text` statement says."""
    try:
        if not schedule_numbers_fit(row[5], row[6], row[7], row[10], row[11], row[15]):
            raise TypeError("a schedule number is not a number")
        kind = _KINDS[row[3]]
        record = _made(
            CardRecord,
            id=row[0],
            note_id=row[1],
            deck_id=row[2],
            kind=kind,
            state=_STATES[row[4]],
            step=row[5],
            stability=row[6],
            difficulty=row[7],
            due=from_db_time(row[8]),
            last_review=from_db_time(row[9]),
            reps=row[10],
            lapses=row[11],
            suspended=bool(row[12]),
            leech=bool(row[13]),
            buried_until=from_db_time(row[14]),
            context_turn=row[15],
            desired_retention=row[16],
        )
        cards = sorted((_note_card(c) for c in load_json(row[29])), key=_kind_order)
        note = _made(
            Note,
            id=row[1],
            deck=row[17],
            word=row[19],
            ipa=row[20],
            pos=row[21],
            definition=row[22],
            synonyms=load_list(row[23]),
            example=row[24],
            contexts=tuple(load_json(row[28])),
            syllables=row[25],
            in_source=bool(row[26]),
            cards=tuple(cards),
            spans=(),
            example_spans=load_spans(row[27]),
        )
    except (KeyError, ValueError, TypeError):
        # A value edited by hand: the row read the long way names the column (BadValue).
        card_record(conn, row[0])
        load_note(conn, row[1])
        raise
    from flashcards.store.parameters import weights_of_values

    return record, note, row[18], weights_of_values(row[30], row[31], kind)


#: The C scanner of `json.loads` (typeshed does not name it): text, start -> value, end.
_SCAN: Callable[[str, int], tuple[Any, int]] = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009


def load_json(text: str) -> Any:
    """`json.loads` of a value that SQLite's JSON functions made: straight to the C scanner,
    without `json.loads`' Python steps around it (a third of the time of these short texts).
    Anything the scanner does not take whole goes the long way, and raises there."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


_T = TypeVar("_T")
#: Each frozen dataclass's fields, which `_made` checked it was given.
_FIELDS: dict[type, frozenset[str]] = {}


def _made(cls: type[_T], **values: Any) -> _T:
    """An instance of the frozen dataclass `cls` from every one of its fields, without the
    generated `__init__`, which sets each field through `object.__setattr__`: for a card
    record that is most of the cost of reading it, and a review reads one a card. (None of
    these classes has a `__post_init__`.)"""
    made = object.__new__(cls)
    made.__dict__.update(values)
    if cls not in _FIELDS:  # each class is made at one place here: checked the first time
        _FIELDS[cls] = _field_names(cls)
        assert values.keys() == _FIELDS[cls], f"{cls.__name__}: give every field"
    return made


def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _kind_order(card: NoteCard) -> int:
    return _KIND_ORDER[card.kind]


def _note_card(c: list[Any]) -> NoteCard:
    state = _STATES[c[2]]
    return _made(
        NoteCard,
        id=c[0],
        kind=_KINDS[c[1]],
        state=state,
        due=from_db_time(c[3]) if state != CardState.NEW else None,
        suspended=bool(c[4]),
        lapses=c[5],
        reps=c[6],
    )
