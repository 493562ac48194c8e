"""Read-only counting queries behind statistics."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime

from flashcards.store.queues import DUE_BEFORE
from flashcards.store.repository import Store
from flashcards.store.sqlite import sql, to_db_time

# Every query reads an index or a tally: the queue indexes for the live, unsuspended cards
# (every deck's, or SEARCH one deck's), a small partial index for the suspended cards and
# leeches, the log's (reviewed_at, ...) index for today, and the log's tally by deck and
# prior state for the totals and true retention.
_DECK = {False: "", True: " AND deck_id = :deck"}

_QUEUED = (
    "SELECT count(*), sum(state = 'new'), sum(state IN ('learning', 'relearning')),"
    f" sum(state = 'review'), sum({DUE_BEFORE})"
    " FROM card WHERE suspended = 0 AND retired = 0{deck}"
)
_QUEUED_COUNTS = {
    one: sql(f"report.card_counts{'.deck' if one else ''}", _QUEUED.format(deck=_DECK[one]))
    for one in (False, True)
}
_ASIDE = (
    "SELECT coalesce(sum(suspended = 1), 0), coalesce(sum(leech = 1), 0)"
    " FROM card WHERE (suspended = 1 OR leech = 1) AND retired = 0{deck}"
)
_ASIDE_COUNTS = {
    one: sql(f"report.aside{'.deck' if one else ''}", _ASIDE.format(deck=_DECK[one]))
    for one in (False, True)
}
_NOTES = {
    False: sql("report.notes", "SELECT count(*) FROM note"),
    True: sql("report.notes.deck", "SELECT count(*) FROM note WHERE deck_id = :deck"),
}
# A range of the day index (named: the planner, with no statistics, would take another).
_BY_DAY = "review_log INDEXED BY ix_review_log_day"
_BETWEEN = (
    f"SELECT count(*) FROM {_BY_DAY}"
    " WHERE reviewed_at >= :since AND reviewed_at < :until AND undone = 0{deck}"
)
_LATER = f"SELECT count(*) FROM {_BY_DAY} WHERE reviewed_at > :now AND undone = 0{{deck}}"
# Every answer in force, and true retention: the log's tally (store.tables.ReviewTallyRow).
_TOTAL = "SELECT coalesce(sum(answers), 0) FROM review_tally WHERE 1{deck}"
_REVIEWS = {
    (what, one): sql(f"report.reviews.{what}{'.deck' if one else ''}", text.format(deck=_DECK[one]))
    for what, text in (("total", _TOTAL), ("between", _BETWEEN), ("later", _LATER))
    for one in (False, True)
}
# When a card can next be shown: its due, or later when it is buried past it; by the
# minute (day ends fall on whole minutes), overdue cards in one group.
_SHOWN = "max(due, coalesce(buried_until, due))"
# Deck by deck (CROSS JOIN: the decks outside) along the counts index, which holds every
# column read here.
_FORECAST = (
    f"SELECT CASE WHEN {_SHOWN} < :first THEN '' ELSE substr({_SHOWN}, 1, 16) END AS minute,"
    " count(*) FROM deck CROSS JOIN card INDEXED BY ix_card_counts ON card.deck_id = deck.id"
    " WHERE state IN ('learning', 'relearning', 'review') AND due < :last"
    " AND suspended = 0 AND retired = 0{deck} GROUP BY minute"
)
_FORECASTS = {
    one: sql(
        f"report.forecast{'.deck' if one else ''}",
        _FORECAST.format(deck=" AND deck.id = :deck" if one else ""),
    )
    for one in (False, True)
}
_RETENTION = "SELECT sum(answers), sum(passed) FROM review_tally WHERE prior_state = 'review'{deck}"
_RETENTIONS = {
    one: sql(f"report.retention{'.deck' if one else ''}", _RETENTION.format(deck=_DECK[one]))
    for one in (False, True)
}


def card_counts(store: Store, deck_id: int | None, due_before: datetime) -> dict[str, int]:
    """Notes and live cards by state; `due_today` counts learning and review cards due
    before `due_before` that can be shown before it (not suspended, not buried until then);
    `leeches` counts cards tagged leech."""
    params = {"before": to_db_time(due_before), "deck": deck_id}
    one = deck_id is not None
    with store.reading() as conn:
        queued, new, learning, review, due = conn.execute(_QUEUED_COUNTS[one], params).fetchone()
        suspended, leeches = conn.execute(_ASIDE_COUNTS[one], params).fetchone()
        note_count = conn.execute(_NOTES[one], params).fetchone()[0]
    return {
        "notes": int(note_count),
        "cards": int(queued or 0) + int(suspended),
        "new": int(new or 0),
        "learning": int(learning or 0),
        "review": int(review or 0),
        "suspended": int(suspended),
        "due_today": int(due or 0),
        "leeches": int(leeches),
    }


def review_counts(
    store: Store, deck_id: int | None, since: datetime, until: datetime, now: datetime
) -> dict[str, int]:
    """Answers ever recorded, from `since` to before `until` (today), and recorded later than
    `now` (under a clock set to the future); undone answers excluded."""
    params = {
        "since": to_db_time(since),
        "until": to_db_time(until),
        "now": to_db_time(now),
        "deck": deck_id,
    }
    one = deck_id is not None
    with store.reading() as conn:
        total, today, future = (
            int(conn.execute(_REVIEWS[what, one], params).fetchone()[0])
            for what in ("total", "between", "later")
        )
    return {"reviews_total": total, "reviews_today": today, "reviews_in_future": future}


def due_forecast(store: Store, deck_id: int | None, day_ends: Sequence[datetime]) -> list[int]:
    """Learning and review cards due on each day, given the instants at which the days end:
    day 0 takes everything overdue. A buried card counts on the day it comes back, a
    suspended one not at all (so day 0 agrees with `due_today`)."""
    if not day_ends:
        return []
    if any(end.second or end.microsecond for end in day_ends):
        raise ValueError("days end on whole minutes")
    ends = [to_db_time(end) for end in day_ends]
    counts = [0] * len(ends)
    params = {"first": ends[0], "last": ends[-1], "deck": deck_id}
    with store.reading() as conn:
        for minute, count in conn.execute(_FORECASTS[deck_id is not None], params):
            if not minute:  # shown before the end of today
                counts[0] += int(count)
                continue
            day = bisect_right(ends, f"{minute}:00.000000")  # the first day ending after it
            if day < len(ends):
                counts[day] += int(count)
    return counts


def true_retention(store: Store, deck_id: int | None) -> float | None:
    """The share of answers to cards in review state that were not Again (undone answers
    left out); None when there are none. Read from the log's tally, not the log."""
    with store.reading() as conn:
        total, passed = conn.execute(_RETENTIONS[deck_id is not None], {"deck": deck_id}).fetchone()
    return int(passed or 0) / total if total else None
