"""Conversions between table rows and domain objects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flashcards.domain import CardKind, CardState, Deck, Note, NoteCard
from flashcards.text.forms import remember_forms

_KIND_ORDER = {kind: i for i, kind in enumerate(CardKind)}

#: A row read by column name: SQLAlchemy's RowMapping (keyed by names or columns) or a dict.
RowLike = Mapping[Any, Any]


def dump_list(items: Iterable[str]) -> str:
    """A list of strings as stored (JSON, non-ASCII kept readable)."""
    return json.dumps(list(items), ensure_ascii=False)


def load_list(raw: str | None) -> tuple[str, ...]:
    """A stored list of strings."""
    return tuple(json.loads(raw)) if raw else ()


def deck_from_row(row: RowLike) -> Deck:
    return Deck(
        id=row["id"],
        name=row["name"],
        title=row["title"],
        source=row["source"],
        tags=load_list(row["tags"]),
        new_per_day=row["new_per_day"],
        reviews_per_day=row["reviews_per_day"],
        desired_retention=row["desired_retention"],
    )


def card_from_row(row: RowLike) -> NoteCard:
    return NoteCard(
        id=row["id"],
        kind=CardKind(row["kind"]),
        state=CardState(row["state"]),
        due=row["due"] if row["state"] != CardState.NEW else None,
        suspended=bool(row["suspended"]),
        lapses=row["lapses"],
        reps=row["reps"],
    )


def note_from_row(
    row: RowLike,
    deck: str,
    contexts: Sequence[str],
    cards: Sequence[NoteCard],
) -> Note:
    # The forms found at import: finding the word's uses in this note's sentences (review,
    # grading, export) then needs no lemminflect.
    remember_forms(row["word"], row["pos"], row.get("forms"))
    return Note(
        id=row["id"],
        deck=deck,
        word=row["word"],
        ipa=row["ipa"],
        pos=row["pos"],
        definition=row["definition"],
        synonyms=load_list(row["synonyms"]),
        example=row["example"],
        contexts=tuple(contexts),
        syllables=row["syllables"],
        in_source=bool(row["in_source"]),
        cards=tuple(sorted(cards, key=lambda c: _KIND_ORDER[c.kind])),
    )
