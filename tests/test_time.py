"""Time trouble: reviews across a daylight-saving change, and a clock set backwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flashcards.clock import day_start, next_day_start
from flashcards.domain import Rating
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.study import Study

from support import SEED, T0

NEW_YORK = ZoneInfo("America/New_York")


def test_day_boundaries_across_daylight_saving() -> None:
    # 2026-03-08: clocks in New York jump from 2:00 to 3:00. The day still starts at 4:00 local.
    before = datetime(2026, 3, 8, 6, 0, tzinfo=UTC)  # 1:00 EST, still the 7th's day
    assert day_start(before, 4, NEW_YORK) == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert next_day_start(before, 4, NEW_YORK) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
    # That day is 23 hours long.
    assert next_day_start(before, 4, NEW_YORK) - day_start(before, 4, NEW_YORK) == timedelta(
        hours=23
    )
    autumn = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # 2:00 EST, in the 25-hour day of Oct 31
    assert next_day_start(autumn, 4, NEW_YORK) - day_start(autumn, 4, NEW_YORK) == timedelta(
        hours=25
    )


def study(tmp_path: Path, clock: list[datetime]) -> tuple[Store, Study]:
    store = Store.open(tmp_path / "t.db")
    import_file(store, SEED, T0)
    return store, Study(store, clock=lambda: clock[0], fuzz=False, zone=NEW_YORK, day_hour=4)


def answer_all(s: Study, clock: list[datetime], step: timedelta, rounds: int) -> int:
    done = 0
    for _ in range(rounds):
        card = s.next_card()
        if card is None:
            clock[0] += step
            continue
        before = clock[0]
        result = s.answer(card, Rating.GOOD)
        assert result.due >= before, (result, before)
        done += 1
        clock[0] += timedelta(minutes=1)
    return done


def test_reviews_across_a_daylight_saving_change(tmp_path: Path) -> None:
    clock = [datetime(2026, 3, 7, 23, 0, tzinfo=UTC)]  # evening before the change
    store, s = study(tmp_path, clock)
    done = answer_all(s, clock, timedelta(hours=3), 120)
    assert done > 20
    assert clock[0] > datetime(2026, 3, 9, tzinfo=UTC)
    _assert_schedules_valid(store)


def test_clock_set_backwards(tmp_path: Path) -> None:
    clock = [datetime(2026, 5, 1, 12, 0, tzinfo=UTC)]
    store, s = study(tmp_path, clock)
    assert answer_all(s, clock, timedelta(minutes=30), 15) > 5
    clock[0] -= timedelta(days=2)  # the machine's clock is put back two days
    s2 = Study(store, clock=lambda: clock[0], fuzz=False, zone=NEW_YORK, day_hour=4)
    answer_all(s2, clock, timedelta(hours=6), 40)
    clock[0] += timedelta(days=5)
    s3 = Study(store, clock=lambda: clock[0], fuzz=False, zone=NEW_YORK, day_hour=4)
    assert answer_all(s3, clock, timedelta(hours=6), 40) > 0
    _assert_schedules_valid(store)


def _assert_schedules_valid(store: Store) -> None:
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT state, due, last_review, stability, difficulty FROM card WHERE state != 'new'"
        ).fetchall()
    assert rows
    for state, due, last_review, stability, difficulty in rows:
        assert due is not None and last_review is not None
        assert due >= last_review, (state, due, last_review)  # no negative interval
        if stability is not None:
            assert stability > 0 and 1 <= difficulty <= 10


def test_answer_given_with_the_clock_before_the_last_review(tmp_path: Path) -> None:
    clock = [datetime(2026, 5, 1, 12, 0, tzinfo=UTC)]
    store, s = study(tmp_path, clock)
    card = s.next_card()
    assert card is not None
    for rating in (Rating.GOOD, Rating.GOOD, Rating.EASY):
        s.answer(card, rating)
        clock[0] += timedelta(days=3)
    clock[0] -= timedelta(days=30)  # the card on screen is answered after the clock went back
    result = s.answer(card, Rating.HARD)
    assert result.due >= clock[0]
    clock[0] += timedelta(days=60)
    result = s.answer(card, Rating.AGAIN)
    assert result.due >= clock[0]
    _assert_schedules_valid(store)


def test_stored_times_keep_their_fixed_format() -> None:
    # The fast paths give exactly the text and the times the strftime/replace forms gave.
    from flashcards.store.sqlite import from_db_time, to_db_time

    fmt = "%Y-%m-%d %H:%M:%S.%f"
    moments = [
        datetime(2026, 3, 8, 6, 0, tzinfo=UTC),  # no microseconds: still six digits
        datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 3, 8, 1, 30, 5, 42, tzinfo=NEW_YORK),  # another zone: stored as UTC
        datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),  # before year 1000: strftime's form
    ]
    for moment in moments:
        text = to_db_time(moment)
        assert text == moment.astimezone(UTC).strftime(fmt)
        if moment.year >= 1000:
            assert len(text) == 26
            parsed = from_db_time(text)
            assert parsed == moment and parsed is not None and parsed.tzinfo is UTC
    # Hand-edited text: an offset of its own is that instant, given in UTC; nonsense refuses.
    edited = from_db_time("2026-03-08 06:00:00+02:00")
    assert edited == datetime(2026, 3, 8, 4, 0, tzinfo=UTC)
    assert edited is not None and edited.tzinfo is UTC
    assert from_db_time("2026-03-08") == datetime(2026, 3, 8, tzinfo=UTC)
    import pytest

    with pytest.raises(ValueError):
        from_db_time("soon")
    with pytest.raises(ValueError):
        to_db_time(datetime(2026, 3, 8))
