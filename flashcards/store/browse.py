"""Read-only queries behind the home, browse and statistics screens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from flashcards.store.repository import CARD, NOTE, Store
from flashcards.store.tables import ReviewRow, table_of

REVIEW = table_of(ReviewRow)


def note_counts(store: Store) -> dict[int, int]:
    """The number of notes of each deck, by deck id."""
    query = select(NOTE.c.deck_id, func.count()).group_by(NOTE.c.deck_id)
    with store.reading() as conn:
        return {int(deck_id): int(count) for deck_id, count in conn.execute(query)}


def review_times(store: Store, since: datetime, deck_id: int | None = None) -> list[datetime]:
    """When each answer since `since` was given (undone answers left out), oldest first."""
    query = (
        select(REVIEW.c.reviewed_at)
        .where(REVIEW.c.undone.is_(False))
        .where(REVIEW.c.reviewed_at >= since)
        .order_by(REVIEW.c.reviewed_at)
    )
    if deck_id is not None:
        query = (
            query.join(CARD, CARD.c.id == REVIEW.c.card_id)
            .join(NOTE, NOTE.c.id == CARD.c.note_id)
            .where(NOTE.c.deck_id == deck_id)
        )
    with store.reading() as conn:
        return [row[0] for row in conn.execute(query)]
