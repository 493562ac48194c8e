"""FSRS scheduling: the one module that imports `fsrs`.

It speaks the domain's types. A card's schedule is the domain's :class:`Schedule` (our
states, with "new" for a card never answered, which fsrs does not have); :class:`Scheduler`
answers one card, previews the interval of each rating and rebuilds a schedule from a log.
Every datetime is UTC-aware (fsrs refuses anything else).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs

from flashcards.domain import CardState, Rating, Schedule

__all__ = [
    "DEFAULT_PARAMETERS",
    "LEARNING_STEPS",
    "RELEARNING_STEPS",
    "Replayed",
    "Schedule",
    "Scheduler",
    "scheduler_for",
]

#: fsrs' defaults, spelled out so that a change of fsrs' defaults cannot move our cards.
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
#: FSRS-6's default parameters (21 weights), the set every card uses until one is fitted.
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)

_TO_FSRS = {
    CardState.NEW: fsrs.State.Learning,
    CardState.LEARNING: fsrs.State.Learning,
    CardState.REVIEW: fsrs.State.Review,
    CardState.RELEARNING: fsrs.State.Relearning,
}
_FROM_FSRS = {
    fsrs.State.Learning: CardState.LEARNING,
    fsrs.State.Review: CardState.REVIEW,
    fsrs.State.Relearning: CardState.RELEARNING,
}

_FSRS_RATING = {rating: fsrs.Rating(rating) for rating in Rating}


@dataclass(frozen=True)
class Replayed:
    """One answer of a review log, as needed to replay it."""

    rating: Rating
    reviewed_at: datetime
    due: datetime | None  # the due the answer gave (fuzzed, when fuzzing was on)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is UTC:  # the usual case: nothing to convert
        return moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the scheduler; use UTC-aware times")
    return moment.astimezone(UTC)


class _Card(fsrs.Card):
    """fsrs' card, made with every field given and copied field by field: fsrs copies the
    card it answers (with `copy.copy`, several times slower than this), and our cards come
    with every value its constructor would otherwise default."""

    def __copy__(self) -> _Card:
        copied = object.__new__(_Card)
        copied.__dict__.update(self.__dict__)
        return copied


def _fsrs_card(
    card_id: int,
    state: fsrs.State,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    due: datetime,
    last_review: datetime | None,
) -> fsrs.Card:
    """`fsrs.Card(...)` with every field given (as its constructor sets them)."""
    card = object.__new__(_Card)
    if step is None and state == fsrs.State.Learning:
        step = 0
    card.__dict__.update(
        card_id=card_id,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=due,
        last_review=last_review,
    )
    return card


def to_fsrs(card_id: int, schedule: Schedule, now: datetime) -> fsrs.Card:
    """The fsrs card of a schedule. A new card is fsrs' fresh learning card, due `now`."""
    if schedule.state == CardState.NEW:
        return _fsrs_card(card_id, fsrs.State.Learning, 0, None, None, _utc(now), None)
    return _fsrs_card(
        card_id,
        _TO_FSRS[schedule.state],
        schedule.step,
        schedule.stability,
        schedule.difficulty,
        _utc(schedule.due or now),
        _utc(schedule.last_review) if schedule.last_review else None,
    )


def from_fsrs(card: fsrs.Card, reps: int, lapses: int) -> Schedule:
    """Our schedule of an fsrs card that has been answered at least once."""
    return Schedule(
        state=_FROM_FSRS[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=reps,
        lapses=lapses,
    )


class Scheduler:
    """FSRS with a desired retention and a parameter set (FSRS' defaults unless given);
    fuzzing of review intervals on unless turned off."""

    def __init__(
        self,
        desired_retention: float = 0.9,
        *,
        fuzz: bool = True,
        parameters: Sequence[float] | None = None,
    ) -> None:
        self.desired_retention = desired_retention
        self.fuzz = fuzz
        self.parameters = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
        if len(self.parameters) != len(DEFAULT_PARAMETERS):
            raise ValueError(
                f"an FSRS parameter set has {len(DEFAULT_PARAMETERS)} numbers, "
                f"not {len(self.parameters)}"
            )
        self._fsrs = self._make(fuzz)
        self._exact = self._fsrs if not fuzz else self._make(False)

    def _make(self, fuzz: bool) -> fsrs.Scheduler:
        return fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            enable_fuzzing=fuzz,
        )

    def review(self, card_id: int, schedule: Schedule, rating: Rating, now: datetime) -> Schedule:
        """The schedule after answering `rating` at `now`."""
        return self._review(self._fsrs, card_id, schedule, rating, _utc(now))

    def preview(self, card_id: int, schedule: Schedule, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give if answered at `now` (without fuzz, as Anki
        shows them)."""
        now = _utc(now)
        card = to_fsrs(card_id, schedule, now)  # fsrs answers a copy: one card serves all four
        review = self._exact.review_card
        return {rating: review(card, _FSRS_RATING[rating], now)[0].due - now for rating in Rating}

    def rebuild(self, card_id: int, log: Iterable[Replayed]) -> Schedule:
        """A card's schedule replayed from its answers (oldest first, undone ones left out).

        Fuzz only moves a due date, and the log keeps the due each answer gave, so the replay
        runs without fuzz and takes each due from the log: the result is the stored state.
        """
        schedule = Schedule()
        for answer in sorted(log, key=lambda a: a.reviewed_at):
            after = self._review(
                self._exact, card_id, schedule, answer.rating, _utc(answer.reviewed_at)
            )
            if answer.due is not None:
                after = Schedule(**{**after.__dict__, "due": _utc(answer.due)})
            schedule = after
        return schedule

    def replay(self, card_id: int, log: Iterable[Replayed]) -> Schedule:
        """A card's schedule replayed from its answers with this scheduler's parameters and
        retention, every interval computed afresh (the logged dues are ignored): what
        rescheduling to a new parameter set or retention gives."""
        schedule = Schedule()
        for answer in sorted(log, key=lambda a: a.reviewed_at):
            schedule = self._review(
                self._exact, card_id, schedule, answer.rating, _utc(answer.reviewed_at)
            )
        return schedule

    def retrievability(self, card_id: int, schedule: Schedule, now: datetime) -> float | None:
        """The probability of recalling the card at `now` (None for a card never answered)."""
        if schedule.state == CardState.NEW or schedule.stability is None:
            return None
        card = to_fsrs(card_id, schedule, now)
        return float(self._exact.get_card_retrievability(card, _utc(now)))

    @staticmethod
    def _review(
        engine: fsrs.Scheduler,
        card_id: int,
        schedule: Schedule,
        rating: Rating,
        now: datetime,
    ) -> Schedule:
        card, _log = engine.review_card(to_fsrs(card_id, schedule, now), _FSRS_RATING[rating], now)
        lapse = schedule.state == CardState.REVIEW and rating == Rating.AGAIN
        return from_fsrs(card, schedule.reps + 1, schedule.lapses + int(lapse))


@lru_cache(maxsize=32)
def scheduler_for(
    desired_retention: float, fuzz: bool, parameters: tuple[float, ...] | None = None
) -> Scheduler:
    """A shared scheduler for a deck's desired retention and parameter set (None: the
    defaults)."""
    return Scheduler(desired_retention, fuzz=fuzz, parameters=parameters)
