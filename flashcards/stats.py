"""Statistics of a deck or of the whole collection: counts, today, forecast, retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flashcards.clock import day_start, next_day_start
from flashcards.store import Store
from flashcards.store.reports import card_counts, review_counts


def collection_stats(
    store: Store, now: datetime, deck_id: int | None = None, day_hour: int = 4
) -> dict[str, Any]:
    """Counts by state, answers in total and today, cards due before the next day begins."""
    stats: dict[str, Any] = {}
    stats.update(card_counts(store, deck_id, next_day_start(now, day_hour)))
    stats.update(review_counts(store, deck_id, day_start(now, day_hour)))
    order = ["notes", "cards", "new", "learning", "review", "suspended"]
    order += ["reviews_total", "reviews_today", "due_today"]
    return {k: stats[k] for k in order} | {k: v for k, v in stats.items() if k not in order}
