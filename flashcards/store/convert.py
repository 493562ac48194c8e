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

from flashcards.domain import CardKind, CardRecord, CardState, Deck, Note, NoteCard, Spans
from flashcards.errors import StoreError
from flashcards.store.sqlite import from_db_time

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


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("not a whole number")
    return int(value)


def _whole_or_none(value: Any) -> int | None:
    return None if value is None else _whole(value)


def _number_or_none(value: Any) -> float | None:
    if value is not None and type(value) not in (int, float):
        raise ValueError("not a number")
    return None if value is None else float(value)


#: A card's schedule numbers and what each must be (a value edited by hand can be text).
_SCHEDULE_NUMBERS: dict[str, Callable[[Any], object]] = {
    "step": _whole_or_none,
    "stability": _number_or_none,
    "difficulty": _number_or_none,
    "reps": _whole,
    "lapses": _whole,
    "context_turn": _whole,
}
_WHOLE_OR_NONE = frozenset({int, type(None)})
_NUMBER_OR_NONE = frozenset({int, float, type(None)})


def schedule_numbers_fit(
    step: Any, stability: Any, difficulty: Any, reps: Any, lapses: Any, turn: Any
) -> bool:
    """Whether a card's schedule numbers are of their types (cheap: a few type lookups)."""
    return (
        type(step) in _WHOLE_OR_NONE
        and type(stability) in _NUMBER_OR_NONE
        and type(difficulty) in _NUMBER_OR_NONE
        and type(reps) is int
        and type(lapses) is int
        and type(turn) is int
    )


def record_from_row(row: sqlite3.Row) -> CardRecord:
    if not schedule_numbers_fit(
        row["step"],
        row["stability"],
        row["difficulty"],
        row["reps"],
        row["lapses"],
        row["context_turn"],
    ):
        _check(row, "card", _SCHEDULE_NUMBERS)
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
    spans: Sequence[Spans | None] = (),
) -> Note:
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
        spans=tuple(spans),
        example_spans=load_spans(row["example_spans"]),
    )


def load_spans(raw: str | None) -> Spans | None:
    """Stored spans (JSON [[start, end], ...]); None when not stored or not readable (they
    are found again)."""
    if raw is None:
        return None
    try:
        return tuple((int(start), int(end)) for start, end in json.loads(raw))
    except (ValueError, TypeError):
        return None
