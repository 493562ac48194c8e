"""Read-only counting queries behind statistics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, select

from flashcards.store.repository import CARD, NOTE, Store
from flashcards.store.tables import ReviewRow

REVIEW = ReviewRow.__table__


def card_counts(store: Store, deck_id: int | None, due_before: datetime) -> dict[str, int]:
    """Notes and live cards by state; `due_today` counts learning and review cards due
    before `due_before` that are neither suspended nor buried past it."""
    scheduled = CARD.c.state != "new"
    active = and_(
        CARD.c.suspended.is_(False),
        (CARD.c.buried_until.is_(None)) | (CARD.c.buried_until <= due_before),
    )
    query = select(
        func.count(),
        func.sum(case((and_(CARD.c.state == "new", CARD.c.suspended.is_(False)), 1), else_=0)),
        func.sum(
            case(
                (
                    and_(CARD.c.state.in_(["learning", "relearning"]), CARD.c.suspended.is_(False)),
                    1,
                ),
                else_=0,
            )
        ),
        func.sum(case((and_(CARD.c.state == "review", CARD.c.suspended.is_(False)), 1), else_=0)),
        func.sum(case((CARD.c.suspended.is_(True), 1), else_=0)),
        func.sum(case((and_(scheduled, active, CARD.c.due < due_before), 1), else_=0)),
    ).where(CARD.c.retired.is_(False))
    notes = select(func.count()).select_from(NOTE)
    if deck_id is not None:
        query = query.join(NOTE, NOTE.c.id == CARD.c.note_id).where(NOTE.c.deck_id == deck_id)
        notes = notes.where(NOTE.c.deck_id == deck_id)
    with store.reading() as conn:
        total, new, learning, review, suspended, due = conn.execute(query).one()
        note_count = conn.execute(notes).scalar_one()
    return {
        "notes": int(note_count),
        "cards": int(total or 0),
        "new": int(new or 0),
        "learning": int(learning or 0),
        "review": int(review or 0),
        "suspended": int(suspended or 0),
        "due_today": int(due or 0),
    }


def review_counts(store: Store, deck_id: int | None, since: datetime) -> dict[str, int]:
    """Answers ever recorded, and since `since` (undone answers excluded)."""
    query = select(func.count(), func.sum(case((REVIEW.c.reviewed_at >= since, 1), else_=0))).where(
        REVIEW.c.undone.is_(False)
    )
    if deck_id is not None:
        query = (
            query.join(CARD, CARD.c.id == REVIEW.c.card_id)
            .join(NOTE, NOTE.c.id == CARD.c.note_id)
            .where(NOTE.c.deck_id == deck_id)
        )
    with store.reading() as conn:
        total, today = conn.execute(query).one()
    return {"reviews_total": int(total or 0), "reviews_today": int(today or 0)}
