"""Conversions between stored rows and domain objects.

A value that cannot be read (a hand-edited `due='garbage'`, synonyms that are not JSON, an
unknown state) is a :class:`BadValue`: one line naming the table, the row and the column.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from flashcards.domain import CardKind, CardRecord, CardState, Deck, Note, NoteCard
from flashcards.errors import StoreError
from flashcards.store.sqlite import from_db_time
from flashcards.text.forms import remember_forms

_KIND_ORDER = {kind: i for i, kind in enumerate(CardKind)}

T = TypeVar("T")


class BadValue(StoreError):
    """A stored value that cannot be read."""


def read(row: sqlite3.Row, table: str, column: str, parse: Callable[[Any], T]) -> T:
    """`parse(row[column])`, or a BadValue naming the row."""
    raw = row[column]
    try:
        return parse(raw)
    except (ValueError, TypeError, KeyError):
        shown = repr(raw)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        raise BadValue(
            f"the database has a bad value in table {table}, id {row['id']}, column {column}: "
            f"{shown}; fix or delete that row"
        ) from None


def dump_list(items: Iterable[str]) -> str:
    """A list of strings as stored (JSON, non-ASCII kept readable)."""
    return json.dumps(list(items), ensure_ascii=False)


def load_list(raw: str | None) -> tuple[str, ...]:
    """A stored list of strings."""
    if not raw:
        return ()
    items = json.loads(raw)
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("not a list of strings")
    return tuple(items)


def time_or_none(raw: str | None) -> datetime | None:
    """A stored time or NULL."""
    return from_db_time(raw)


def time_required(raw: str) -> datetime:
    """A stored time that may not be NULL."""
    value = from_db_time(raw)
    if value is None:
        raise ValueError("no time")
    return value


def deck_from_row(row: sqlite3.Row) -> Deck:
    return Deck(
        id=row["id"],
        name=row["name"],
        title=row["title"],
        source=row["source"],
        tags=read(row, "deck", "tags", load_list),
        new_per_day=row["new_per_day"],
        reviews_per_day=row["reviews_per_day"],
        desired_retention=row["desired_retention"],
    )


def card_from_row(row: sqlite3.Row) -> NoteCard:
    try:
        state = CardState(row["state"])
        return NoteCard(
            id=row["id"],
            kind=CardKind(row["kind"]),
            state=state,
            due=from_db_time(row["due"]) if state != CardState.NEW else None,
            suspended=bool(row["suspended"]),
            lapses=row["lapses"],
            reps=row["reps"],
        )
    except ValueError:  # say which column: read them again one by one
        _check(row, "card", {"state": CardState, "kind": CardKind, "due": time_or_none})
        raise


def record_from_row(row: sqlite3.Row) -> CardRecord:
    try:
        return CardRecord(
            id=row["id"],
            note_id=row["note_id"],
            deck_id=row["deck_id"],
            kind=CardKind(row["kind"]),
            state=CardState(row["state"]),
            step=row["step"],
            stability=row["stability"],
            difficulty=row["difficulty"],
            due=from_db_time(row["due"]),
            last_review=from_db_time(row["last_review"]),
            reps=row["reps"],
            lapses=row["lapses"],
            suspended=bool(row["suspended"]),
            leech=bool(row["leech"]),
            buried_until=from_db_time(row["buried_until"]),
            context_turn=row["context_turn"],
            desired_retention=row["desired_retention"],
        )
    except ValueError:  # say which column: read them again one by one
        _check(
            row,
            "card",
            {"state": CardState, "kind": CardKind, **dict.fromkeys(_TIMES, time_or_none)},
        )
        raise


_TIMES = ("due", "last_review", "buried_until")


def _check(row: sqlite3.Row, table: str, parsers: dict[str, Callable[[Any], object]]) -> None:
    """A BadValue for the first column that does not parse (the reads above failed)."""
    for column, parse in parsers.items():
        read(row, table, column, parse)


def note_from_row(
    row: sqlite3.Row,
    deck: str,
    contexts: Sequence[str],
    cards: Sequence[NoteCard],
    *,
    remember: bool = True,
) -> Note:
    # The forms found at import: finding the word's uses in this note's sentences (review,
    # grading, export) then needs no lemminflect. A stream of every note (`list`) never
    # looks for uses, and must not keep a million of them (`remember=False`).
    if remember:
        remember_forms(row["word"], row["pos"], row["forms"])
    return Note(
        id=row["id"],
        deck=deck,
        word=row["word"],
        ipa=row["ipa"],
        pos=row["pos"],
        definition=row["definition"],
        synonyms=read(row, "note", "synonyms", load_list),
        example=row["example"],
        contexts=tuple(contexts),
        syllables=row["syllables"],
        in_source=bool(row["in_source"]),
        cards=tuple(sorted(cards, key=lambda c: _KIND_ORDER[c.kind])),
    )
