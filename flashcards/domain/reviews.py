"""A card under review as plain data: its schedule, the card as stored, what an answer
changes, and what undoing a bury or a suspend needs. The store reads and writes these; the
services compute them.

A schedule's fields are declared once, in :class:`Schedule`; every type that carries a card's
schedule (here, and the store's views for the Anki round trip and for rescheduling) extends it
with what it needs besides, as keyword-only fields."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flashcards.domain.models import CardKind, CardState, Rating
from flashcards.domain.values import frozen


@frozen
class Schedule:
    """Where a card stands: its FSRS memory state, when it is due, how often it was answered
    (`reps`) and forgotten after it had been learnt (`lapses`: Again on a review card). The
    defaults are a new card's."""

    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


@frozen(kw_only=True)
class CardRecord(Schedule):
    """A stored card with its schedule, and the deck settings that apply to it."""

    id: int
    note_id: int
    deck_id: int
    kind: CardKind
    suspended: bool
    leech: bool
    buried_until: datetime | None
    context_turn: int
    desired_retention: float


@frozen(kw_only=True)
class CardChange(Schedule):
    """What an answer does to its card: the new schedule, and whether it becomes a leech
    (tagged and suspended)."""

    context_turn: int
    leech: bool = False


@frozen
class Answer:
    """An answer as the review log keeps it (besides the card's schedule)."""

    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None = None
    typed: str | None = None
    grade: str | None = None  # right / near / wrong
    shown: str | None = None  # the context sentence shown


@frozen
class CardMark:
    """A bury or a suspend of one card, as its undo needs it: what the action changed, the
    value before it, and the card as the action left it (for the undo to check that nothing
    changed the card since). Opaque to the services."""

    card_id: int
    deck_id: int
    action: Literal["bury", "suspend"]
    before: object  # the stored value before the action
    after: tuple[object, ...]


@frozen
class LogEntry:
    """One non-undone answer of a card's review log."""

    id: int
    rating: Rating
    reviewed_at: datetime
    state: CardState
    due: datetime | None
    stability: float | None
    difficulty: float | None


@frozen
class BuriedSibling:
    """A sibling an answer buried, as it was just before: what the queue counts lose."""

    id: int
    state: CardState
    due: datetime | None
    suspended: bool
    buried_until: datetime | None


@frozen
class Recorded:
    """An answer written: its log row, the card before it, its change and the siblings it
    buried."""

    log_id: int
    before: CardRecord
    change: CardChange
    buried: tuple[BuriedSibling, ...]
