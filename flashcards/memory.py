"""What the scheduler knows of the learner's memory: the parameter set in use, one card's
history and memory state, the desired retention and rescheduling to it.

A service over `store.parameters` and `flashcards.scheduling`; no SQL and no UI here, and no
fsrs-rs-python (fitting is `flashcards.optimizer`'s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flashcards.domain import CardKind, CardState, Rating
from flashcards.errors import FlashcardsError
from flashcards.scheduling import Replayed, Schedule, scheduler_for
from flashcards.store import Store
from flashcards.store import parameters as stored
from flashcards.store.parameters import CardAnswer

__all__ = [
    "RETENTION_RANGE",
    "CardInfo",
    "HistoryLine",
    "card_info",
    "memory_reader",
    "parameters_summary",
    "reschedule",
    "set_retention",
]

RETENTION_RANGE = (0.70, 0.99)


def parameters_summary(store: Store, deck_id: int | None) -> dict[str, Any]:
    """The set in use, for `stats --json`: whether fitted, when, on how many reviews, per
    kind or one set, and its weights. For every deck: the one deck's set when there is one
    deck, else the collection's (the set of every deck without its own)."""
    if deck_id is None:
        from flashcards.store.reports import sole_deck

        deck_id = sole_deck(store)
    with store.work() as work:
        if deck_id is None:
            chosen, owner = work.parameters(None).current, None
        else:
            chosen, owner = work.parameters_in_use(deck_id)
    if chosen is None:
        from flashcards.scheduling import DEFAULT_PARAMETERS

        return {
            "fitted": False,
            "fitted_at": None,
            "reviews": 0,
            "per_kind": False,
            "scope": None,
            "weights": {stored.ALL: list(DEFAULT_PARAMETERS)},
        }
    return {
        "fitted": True,
        "fitted_at": chosen.fitted_at.isoformat().replace("+00:00", "Z"),
        "reviews": chosen.reviews,
        "per_kind": chosen.per_kind,
        "scope": "collection" if owner is None else "deck",
        "weights": {k: list(v) for k, v in chosen.weights.items()},
    }


@dataclass(frozen=True)
class HistoryLine:
    """One answer as the card-info dialog lists it."""

    reviewed_at: datetime
    rating: Rating
    interval: timedelta | None  # until the due this answer gave
    duration_ms: int | None
    source: str  # where it was given: here, or anki
    state: CardState


@dataclass(frozen=True)
class CardInfo:
    """A card's history and memory state now."""

    card_id: int
    word: str
    kind: CardKind
    state: CardState
    history: tuple[HistoryLine, ...]
    stability: float | None  # days until recall falls to 90%
    difficulty: float | None  # 1 (easy) to 10 (hard)
    retrievability: float | None  # probability of recall now
    due: datetime | None
    fitted: bool  # scheduled with a fitted parameter set
    reps: int
    lapses: int


def _line(answer: CardAnswer) -> HistoryLine:
    interval = answer.due - answer.reviewed_at if answer.due else None
    return HistoryLine(
        answer.reviewed_at, answer.rating, interval, answer.duration_ms, answer.source, answer.state
    )


def card_info(store: Store, card_id: int, now: datetime) -> CardInfo:
    """Card `card_id`'s answers, stability, difficulty, retrievability at `now` and due."""
    with store.work() as work:
        record = work.card_record(card_id)
        note, _title = work.note(record.note_id)
        answers = work.card_answers(card_id)
        weights = work.weights_for(record.deck_id, record.kind)
    scheduler = scheduler_for(record.desired_retention, False, weights)
    return CardInfo(
        card_id=card_id,
        word=note.word,
        kind=record.kind,
        state=record.state,
        history=tuple(_line(a) for a in answers),
        stability=record.stability,
        difficulty=record.difficulty,
        retrievability=scheduler.retrievability(record.id, record, now),
        due=record.due if record.state is not CardState.NEW else None,
        fitted=weights is not None,
        reps=record.reps,
        lapses=record.lapses,
    )


def memory_reader(
    store: Store, now: datetime
) -> Callable[[Iterable[stored.CardMemory]], dict[int, dict[str, Any]]]:
    """Each answered card's stability, difficulty and retrievability at `now`, by card id,
    for the cards handed to it a batch at a time (`list` streams every note): each deck's
    parameter set is read once, on its first card."""
    weights: dict[tuple[int, str], tuple[float, ...] | None] = {}

    def memory(cards: Iterable[stored.CardMemory]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for card in cards:
            key = (card.deck_id, stored.group_of(card.kind))
            if key not in weights:
                with store.work() as work:
                    weights[key] = work.weights_for(card.deck_id, card.kind)
            scheduler = scheduler_for(card.desired_retention, False, weights[key])
            out[card.id] = {
                "stability": card.stability,
                "difficulty": card.difficulty,
                "retrievability": scheduler.retrievability(card.id, card, now),
            }
        return out

    return memory


def check_retention(value: float) -> float:
    """A desired retention from 0.70 to 0.99, or a FlashcardsError."""
    low, high = RETENTION_RANGE
    if not low <= value <= high:
        raise FlashcardsError(f"desired retention is from {low:.2f} to {high:.2f}, not {value}")
    return value


def set_retention(store: Store, deck_ids: list[int], value: float) -> None:
    """Set the desired retention of the decks."""
    check_retention(value)
    for deck_id in deck_ids:
        store.update_deck_settings(deck_id, desired_retention=round(value, 4))


def reschedule(store: Store, deck_id: int | None) -> int:
    """Replay every answered card's history (the log is the truth) with the deck's parameter
    set and desired retention, and write the schedules back in one transaction; the review
    log is unchanged. Returns how many cards were rescheduled."""
    with store.work(write=True) as work:
        schedules: list[tuple[int, Schedule]] = []
        for card in work.answered_cards(deck_id, logged=True):
            log = [Replayed(a.rating, a.reviewed_at, None) for a in work.card_answers(card.id)]
            if not log:
                continue
            weights = work.weights_for(card.deck_id, card.kind)
            scheduler = scheduler_for(card.desired_retention, False, weights)
            replayed = scheduler.replay(card.id, log)
            schedules.append((card.id, replayed))
        return work.write_schedules(schedules)
