"""The learner's world as plain data: entries, notes, cards, ratings. Imports nothing else."""

from flashcards.domain.models import (
    POS_NAMES,
    CardKind,
    CardState,
    Deck,
    Document,
    Entry,
    Issue,
    Note,
    NoteCard,
    Rating,
    normalise_pos,
    note_key,
)

__all__ = [
    "POS_NAMES",
    "CardKind",
    "CardState",
    "Deck",
    "Document",
    "Entry",
    "Issue",
    "Note",
    "NoteCard",
    "Rating",
    "normalise_pos",
    "note_key",
]
