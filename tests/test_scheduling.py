"""FSRS scheduling (flashcards.scheduling) with fixed UTC times and fuzzing off.

Expected intervals come from FSRS-6's published default parameters and formulas (as
documented by py-fsrs), worked out here by hand, not from our own code.
"""

from __future__ import annotations

import copy
import math
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS as W

from flashcards.domain import CardState, Rating
from flashcards.scheduling import Replayed, Schedule, Scheduler, scheduler_for, to_fsrs

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW = Schedule()
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


def interval_days(stability: float, retention: float = 0.9) -> int:
    """FSRS: the interval at which recall falls to `retention`, in whole days (at least 1)."""
    return max(1, round(stability / FACTOR * (retention ** (1 / DECAY) - 1)))


def test_a_new_card_previews_the_learning_steps_and_the_easy_interval() -> None:
    preview = Scheduler(fuzz=False).preview(1, NEW, T0)
    assert preview == {
        Rating.AGAIN: timedelta(minutes=1),  # first learning step
        Rating.HARD: timedelta(minutes=5, seconds=30),  # halfway between 1 and 10 minutes
        Rating.GOOD: timedelta(minutes=10),  # second learning step
        Rating.EASY: timedelta(days=interval_days(W[3])),  # straight to review: S0 = w3
    }
    assert preview[Rating.EASY] == timedelta(days=8)


def test_good_good_then_good_on_the_due_day() -> None:
    scheduler = Scheduler(fuzz=False)
    first = scheduler.review(1, NEW, Rating.GOOD, T0)
    assert (first.state, first.step, first.due) == (
        CardState.LEARNING,
        1,
        T0 + timedelta(minutes=10),
    )
    assert first.stability == pytest.approx(W[2])  # S0(Good) = w2
    assert first.difficulty == pytest.approx(W[4] - math.exp(W[5] * 2) + 1)  # D0(Good)

    t1 = T0 + timedelta(minutes=10)
    second = scheduler.review(1, first, Rating.GOOD, t1)
    # Same-day review: short-term stability S * e^(w17 * (G - 3 + w18)) * S^-w19, at least S.
    assert second.state == CardState.REVIEW and second.step is None
    assert second.stability == pytest.approx(W[2])
    # Difficulty after Good: mean reversion towards D0(Easy), w7 D0(4) + (1 - w7) D.
    d0_easy = W[4] - math.exp(W[5] * 3) + 1
    assert second.difficulty == pytest.approx(W[7] * d0_easy + (1 - W[7]) * first.difficulty)
    assert second.due == datetime(2026, 3, 4, 9, 10, tzinfo=UTC)  # round(2.31) = 2 days
    assert (second.reps, second.lapses) == (2, 0)

    # On the due day: recall stability S' = S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1))
    # with R = (1 + FACTOR t / S)^DECAY after t = 2 days.
    d = second.difficulty
    r = (1 + FACTOR * 2 / W[2]) ** DECAY
    s = W[2] * (1 + math.exp(W[8]) * (11 - d) * W[2] ** -W[9] * (math.exp(W[10] * (1 - r)) - 1))
    assert second.due is not None
    third = scheduler.review(1, second, Rating.GOOD, second.due)
    assert third.stability == pytest.approx(s)
    assert third.due == second.due + timedelta(days=interval_days(s))
    assert third.due == datetime(2026, 3, 15, 9, 10, tzinfo=UTC)


def test_again_on_a_review_card_is_a_lapse_into_relearning() -> None:
    scheduler = Scheduler(fuzz=False)
    review = scheduler.review(1, NEW, Rating.EASY, T0)
    assert review.state == CardState.REVIEW and review.due == T0 + timedelta(days=8)
    assert review.due is not None
    lapse = scheduler.review(1, review, Rating.AGAIN, review.due)
    assert lapse.state == CardState.RELEARNING and lapse.step == 0
    assert lapse.due == review.due + timedelta(minutes=10)  # the relearning step
    assert (lapse.reps, lapse.lapses) == (2, 1)
    assert lapse.due is not None
    back = scheduler.review(1, lapse, Rating.GOOD, lapse.due)
    assert back.state == CardState.REVIEW and back.lapses == 1
    # Again in learning or relearning is not a lapse.
    assert scheduler.review(1, lapse, Rating.AGAIN, lapse.due).lapses == 1


@pytest.mark.parametrize(("retention", "days"), [(0.8, 28), (0.9, 8), (0.95, 3)])
def test_desired_retention_sets_the_interval(retention: float, days: int) -> None:
    assert interval_days(W[3], retention) == days
    after = Scheduler(retention, fuzz=False).review(1, NEW, Rating.EASY, T0)
    assert after.due == T0 + timedelta(days=days)


def test_fuzz_moves_long_intervals_only_within_fsrs_range() -> None:
    scheduler = Scheduler(fuzz=True)
    review = Scheduler(fuzz=False).review(1, NEW, Rating.EASY, T0)
    assert review.due is not None
    later = review.due + timedelta(days=30)
    dues = {scheduler.review(1, review, Rating.EASY, later).due for _ in range(60)}
    assert len(dues) > 1  # fuzz is on in use
    exact = Scheduler(fuzz=False).review(1, review, Rating.EASY, later).due
    assert exact is not None
    assert all(
        d is not None and abs((d - exact).days) <= 0.1 * (exact - later).days + 2 for d in dues
    )
    # Previews are never fuzzed (as Anki shows them).
    assert scheduler.preview(1, review, later) == Scheduler(fuzz=False).preview(1, review, later)


def test_rebuild_replays_the_log_with_its_fuzzed_dues() -> None:
    scheduler = Scheduler(fuzz=True)
    schedule, log, now = NEW, [], T0
    for rating in [Rating.GOOD, Rating.GOOD, Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.HARD]:
        schedule = scheduler.review(7, schedule, rating, now)
        log.append(Replayed(rating, now, schedule.due))
        assert schedule.due is not None
        now = schedule.due + timedelta(hours=3)
    assert Scheduler(fuzz=False).rebuild(7, reversed(log)) == schedule
    assert Scheduler().rebuild(7, []) == NEW


def test_times_must_be_utc_aware() -> None:
    scheduler = Scheduler(fuzz=False)
    with pytest.raises(ValueError, match="naive"):
        scheduler.review(1, NEW, Rating.GOOD, datetime(2026, 3, 2, 9, 0))
    # Another zone is converted to UTC (fsrs itself accepts UTC only).
    eastern = T0.astimezone(timezone(timedelta(hours=-5)))
    assert scheduler.review(1, NEW, Rating.GOOD, eastern).due == T0 + timedelta(minutes=10)


def test_schedulers_are_shared_per_retention_and_fuzz() -> None:
    assert scheduler_for(0.9, False) is scheduler_for(0.9, False)
    assert scheduler_for(0.9, False) is not scheduler_for(0.9, True)
    assert scheduler_for(0.85, True).desired_retention == 0.85


@pytest.mark.parametrize("state", list(CardState))
def test_a_preview_is_each_ratings_answer(state: CardState) -> None:
    # The four previews share one fsrs card: each is what answering that rating gives.
    scheduler = Scheduler(fuzz=False)
    schedule = NEW
    for rating in (Rating.GOOD, Rating.GOOD, Rating.EASY, Rating.AGAIN):
        if schedule.state == state:
            break
        schedule = scheduler.review(1, schedule, rating, T0 + timedelta(days=schedule.reps * 9))
    later = T0 + timedelta(days=40)
    preview = scheduler.preview(1, schedule, later)
    assert list(preview) == list(Rating)
    for rating, interval in preview.items():
        after = scheduler.review(1, schedule, rating, later)
        assert after.due is not None and interval == after.due - later


@pytest.mark.parametrize("state", list(CardState))
@pytest.mark.parametrize("step", [None, 0, 1])
def test_the_fsrs_card_made_and_answered_is_fsrs_own_card(
    state: CardState, step: int | None
) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    schedule = Schedule(
        state=state,
        step=step,
        stability=None if state == CardState.NEW else 3.2,
        difficulty=None if state == CardState.NEW else 6.1,
        due=None if state == CardState.NEW else now - timedelta(hours=30),
        last_review=None if state == CardState.NEW else now - timedelta(days=4),
        reps=0 if state == CardState.NEW else 3,
        lapses=0 if state == CardState.NEW else 1,
    )
    made = to_fsrs(7, schedule, now)
    own = (
        fsrs.Card(card_id=7, state=fsrs.State.Learning, step=0, due=now)
        if state == CardState.NEW
        else fsrs.Card(
            card_id=7,
            state=made.state,
            step=step,
            stability=3.2,
            difficulty=6.1,
            due=now - timedelta(hours=30),
            last_review=now - timedelta(days=4),
        )
    )
    assert vars(made) == vars(own)
    engine = fsrs.Scheduler(enable_fuzzing=False)

    def answered(card: fsrs.Card, rating: fsrs.Rating) -> object:
        try:
            return vars(engine.review_card(card, rating, now)[0])
        except AssertionError:  # a relearning card without its step: fsrs refuses either
            return AssertionError

    for rating in fsrs.Rating:
        assert answered(made, rating) == answered(own, rating)
        assert vars(made) == vars(own)  # fsrs answered a copy
    assert vars(copy.copy(made)) == vars(made) and copy.copy(made) is not made
