"""Read-only queries behind the home, browse and statistics screens."""

from __future__ import annotations

from datetime import datetime

from flashcards.store.convert import read, time_required
from flashcards.store.repository import Store
from flashcards.store.sqlite import sql, to_db_time

_NOTE_COUNTS = sql("browse.note_counts", "SELECT deck_id, count(*) FROM note GROUP BY deck_id")
_TIMES = (
    "SELECT review_log.id, review_log.reviewed_at FROM review_log{join}"
    " WHERE review_log.undone = 0 AND review_log.reviewed_at >= :since{deck}"
    " ORDER BY review_log.reviewed_at"
)
_REVIEW_TIMES = sql("browse.review_times", _TIMES.format(join="", deck=""))
_REVIEW_TIMES_IN_DECK = sql(
    "browse.review_times.deck",
    _TIMES.format(
        join=" JOIN card ON card.id = review_log.card_id JOIN note ON note.id = card.note_id",
        deck=" AND note.deck_id = :deck",
    ),
)


def note_counts(store: Store) -> dict[int, int]:
    """The number of notes of each deck, by deck id."""
    with store.reading() as conn:
        return {int(deck_id): int(count) for deck_id, count in conn.execute(_NOTE_COUNTS)}


def review_times(store: Store, since: datetime, deck_id: int | None = None) -> list[datetime]:
    """When each answer since `since` was given (undone answers left out), oldest first."""
    statement = _REVIEW_TIMES if deck_id is None else _REVIEW_TIMES_IN_DECK
    with store.reading() as conn:
        rows = conn.execute(statement, {"since": to_db_time(since), "deck": deck_id})
        return [read(row, "review_log", "reviewed_at", time_required) for row in rows]
