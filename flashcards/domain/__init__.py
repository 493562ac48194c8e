"""The learner's world as plain data: entries, notes, cards, ratings. Imports nothing else."""

from flashcards.domain.editing import EDITABLE_FIELDS
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
    Spans,
    normalise_pos,
    note_key,
)
from flashcards.domain.reviews import Answer, CardChange, CardMark, CardRecord, LogEntry

__all__ = [
    "EDITABLE_FIELDS",
    "POS_NAMES",
    "Answer",
    "CardChange",
    "CardKind",
    "CardMark",
    "CardRecord",
    "CardState",
    "Deck",
    "Document",
    "Entry",
    "Issue",
    "LogEntry",
    "Note",
    "NoteCard",
    "Rating",
    "Spans",
    "normalise_pos",
    "note_key",
]
