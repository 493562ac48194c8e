"""The learner's world as plain data: entries, notes, cards, ratings. Imports nothing else."""

from flashcards.domain.models import (
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
