"""Read-only counting queries behind statistics."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime

from flashcards.store.queues import DUE_BEFORE
from flashcards.store.repository import Store
from flashcards.store.sqlite import sql, to_db_time

# One deck: the cards (or answers) of its notes.
_CARD_IN_DECK = " AND card.note_id IN (SELECT id FROM note WHERE deck_id = :deck)"
_ANSWER_IN_DECK = (
    " AND review_log.card_id IN (SELECT card.id FROM card JOIN note ON note.id = card.note_id"
    " WHERE note.deck_id = :deck)"
)

_CARD_COUNTS = (
    "SELECT count(*),"
    " sum(state = 'new' AND suspended = 0),"
    " sum(state IN ('learning', 'relearning') AND suspended = 0),"
    " sum(state = 'review' AND suspended = 0),"
    " sum(suspended = 1),"
    f" sum({DUE_BEFORE}),"
    " sum(leech = 1)"
    " FROM card WHERE retired = 0{deck}"
)
_COUNTS = {
    False: sql("report.card_counts", _CARD_COUNTS.format(deck="")),
    True: sql("report.card_counts.deck", _CARD_COUNTS.format(deck=_CARD_IN_DECK)),
}
_NOTES = {
    False: sql("report.notes", "SELECT count(*) FROM note"),
    True: sql("report.notes.deck", "SELECT count(*) FROM note WHERE deck_id = :deck"),
}
_REVIEW_COUNTS = (
    "SELECT count(*), sum(reviewed_at >= :since AND reviewed_at < :until),"
    " sum(reviewed_at > :now) FROM review_log WHERE undone = 0{deck}"
)
_REVIEWS = {
    False: sql("report.reviews", _REVIEW_COUNTS.format(deck="")),
    True: sql("report.reviews.deck", _REVIEW_COUNTS.format(deck=_ANSWER_IN_DECK)),
}
# When a card can next be shown: its due, or later when it is buried past it.
_FORECAST = (
    "SELECT max(due, coalesce(buried_until, due)) AS shown FROM card"
    " WHERE retired = 0 AND suspended = 0 AND state != 'new' AND due < :last{deck}"
)
_FORECASTS = {
    False: sql("report.forecast", _FORECAST.format(deck="")),
    True: sql("report.forecast.deck", _FORECAST.format(deck=_CARD_IN_DECK)),
}
_RETENTION = (
    "SELECT count(*), sum(rating != 1) FROM review_log"
    " WHERE undone = 0 AND prior_state = 'review'{deck}"
)
_RETENTIONS = {
    False: sql("report.retention", _RETENTION.format(deck="")),
    True: sql("report.retention.deck", _RETENTION.format(deck=_ANSWER_IN_DECK)),
}


def card_counts(store: Store, deck_id: int | None, due_before: datetime) -> dict[str, int]:
    """Notes and live cards by state; `due_today` counts learning and review cards due
    before `due_before` that can be shown before it (not suspended, not buried until then);
    `leeches` counts cards tagged leech."""
    params = {"before": to_db_time(due_before), "deck": deck_id}
    one = deck_id is not None
    with store.reading() as conn:
        total, new, learning, review, suspended, due, leeches = conn.execute(
            _COUNTS[one], params
        ).fetchone()
        note_count = conn.execute(_NOTES[one], params).fetchone()[0]
    return {
        "notes": int(note_count),
        "cards": int(total or 0),
        "new": int(new or 0),
        "learning": int(learning or 0),
        "review": int(review or 0),
        "suspended": int(suspended or 0),
        "due_today": int(due or 0),
        "leeches": int(leeches or 0),
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
    with store.reading() as conn:
        total, today, future = conn.execute(_REVIEWS[deck_id is not None], params).fetchone()
    return {
        "reviews_total": int(total or 0),
        "reviews_today": int(today or 0),
        "reviews_in_future": int(future or 0),
    }


def due_forecast(store: Store, deck_id: int | None, day_ends: Sequence[datetime]) -> list[int]:
    """Learning and review cards due on each day, given the instants at which the days end:
    day 0 takes everything overdue. A buried card counts on the day it comes back, a
    suspended one not at all (so day 0 agrees with `due_today`)."""
    if not day_ends:
        return []
    ends = [to_db_time(end) for end in day_ends]
    counts = [0] * len(ends)
    params = {"last": ends[-1], "deck": deck_id}
    with store.reading() as conn:
        for (shown,) in conn.execute(_FORECASTS[deck_id is not None], params):
            day = bisect_right(ends, shown)  # the first day that ends after it can be shown
            if day < len(ends):
                counts[day] += 1
    return counts


def true_retention(store: Store, deck_id: int | None) -> float | None:
    """The share of answers to cards in review state that were not Again (undone answers
    left out); None when there are none."""
    with store.reading() as conn:
        total, passed = conn.execute(_RETENTIONS[deck_id is not None], {"deck": deck_id}).fetchone()
    return int(passed or 0) / total if total else None
