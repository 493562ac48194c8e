"""A card under review as plain data: its schedule as stored, what an answer changes, and
what undoing a bury or a suspend needs. The store reads and writes these; the services
compute them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from flashcards.domain.models import CardKind, CardState, Rating


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


@dataclass(frozen=True)
class CardChange:
    """What an answer does to its card: the new schedule, and whether it becomes a leech
    (tagged and suspended)."""

    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    context_turn: int
    leech: bool = False


@dataclass(frozen=True)
class Answer:
    """An answer as the review log keeps it (besides the card's schedule)."""

    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None = None
    typed: str | None = None
    grade: str | None = None  # right / near / wrong
    shown: str | None = None  # the context sentence shown


@dataclass(frozen=True)
class CardMark:
    """A bury or a suspend of one card, as its undo needs it: what the action changed, the
    value before it, and the card as the action left it (for the undo to check that nothing
    changed the card since). Opaque to the services."""

    card_id: int
    deck_id: int
    action: Literal["bury", "suspend"]
    before: object  # the stored value before the action
    after: tuple[object, ...]


@dataclass(frozen=True)
class LogEntry:
    """One non-undone answer of a card's review log."""

    id: int
    rating: Rating
    reviewed_at: datetime
    state: CardState
    due: datetime | None
    stability: float | None
    difficulty: float | None


@dataclass(frozen=True)
class BuriedSibling:
    """A sibling an answer buried, as it was just before: what the queue counts lose."""

    id: int
    state: CardState
    due: datetime | None
    suspended: bool
    buried_until: datetime | None


@dataclass(frozen=True)
class Recorded:
    """An answer written: its log row, the card before it, its change and the siblings it
    buried."""

    log_id: int
    before: CardRecord
    change: CardChange
    buried: tuple[BuriedSibling, ...]
