"""The learner's world as plain data: entries, notes, cards, ratings. Imports nothing else."""

from flashcards.domain.editing import EDITABLE_FIELDS
from flashcards.domain.imports import ImportReport, IssueGroup, grouped_issues, short_name
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
from flashcards.domain.reviews import (
    Answer,
    BuriedSibling,
    CardChange,
    CardMark,
    CardRecord,
    LogEntry,
    Recorded,
    Schedule,
)

__all__ = [
    "EDITABLE_FIELDS",
    "POS_NAMES",
    "Answer",
    "BuriedSibling",
    "CardChange",
    "CardKind",
    "CardMark",
    "CardRecord",
    "CardState",
    "Deck",
    "Document",
    "Entry",
    "ImportReport",
    "Issue",
    "IssueGroup",
    "LogEntry",
    "Note",
    "NoteCard",
    "Rating",
    "Recorded",
    "Schedule",
    "Spans",
    "grouped_issues",
    "normalise_pos",
    "note_key",
    "short_name",
]
