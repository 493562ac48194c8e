"""Read-only counting queries behind statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, case, func, select

from flashcards.store.repository import CARD, NOTE, Store
from flashcards.store.tables import ReviewRow, table_of

REVIEW = table_of(ReviewRow)


def card_counts(store: Store, deck_id: int | None, due_before: datetime) -> dict[str, int]:
    """Notes and live cards by state; `due_today` counts learning and review cards due
    before `due_before` that can be shown before it (not suspended, not buried until then);
    `leeches` counts cards tagged leech."""
    scheduled = CARD.c.state != "new"
    active = and_(
        CARD.c.suspended.is_(False),
        (CARD.c.buried_until.is_(None)) | (CARD.c.buried_until < due_before),
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
        func.sum(case((CARD.c.leech.is_(True), 1), else_=0)),
    ).where(CARD.c.retired.is_(False))
    notes = select(func.count()).select_from(NOTE)
    if deck_id is not None:
        query = query.join(NOTE, NOTE.c.id == CARD.c.note_id).where(NOTE.c.deck_id == deck_id)
        notes = notes.where(NOTE.c.deck_id == deck_id)
    with store.reading() as conn:
        total, new, learning, review, suspended, due, leeches = conn.execute(query).one()
        note_count = conn.execute(notes).scalar_one()
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


def due_forecast(store: Store, deck_id: int | None, day_ends: Sequence[datetime]) -> list[int]:
    """Learning and review cards due on each day, given the instants at which the days end:
    day 0 takes everything overdue. A buried card counts on the day it comes back, a
    suspended one not at all (so day 0 agrees with `due_today`)."""
    if not day_ends:
        return []
    # When a card can next be shown: its due, or later when it is buried past it.
    shown = func.max(CARD.c.due, func.coalesce(CARD.c.buried_until, CARD.c.due))
    day = case(*((shown < end, i) for i, end in enumerate(day_ends)), else_=None)
    query = (
        select(day.label("day"), func.count())
        .where(
            CARD.c.retired.is_(False),
            CARD.c.suspended.is_(False),
            CARD.c.state != "new",
            CARD.c.due < day_ends[-1],
        )
        .group_by("day")
    )
    if deck_id is not None:
        query = query.join(NOTE, NOTE.c.id == CARD.c.note_id).where(NOTE.c.deck_id == deck_id)
    counts = [0] * len(day_ends)
    with store.reading() as conn:
        for index, count in conn.execute(query):
            if index is not None:
                counts[int(index)] = int(count)
    return counts


def true_retention(store: Store, deck_id: int | None) -> float | None:
    """The share of answers to cards in review state that were not Again (undone answers
    left out); None when there are none."""
    query = select(func.count(), func.sum(case((REVIEW.c.rating != 1, 1), else_=0))).where(
        REVIEW.c.undone.is_(False), REVIEW.c.prior_state == "review"
    )
    if deck_id is not None:
        query = (
            query.join(CARD, CARD.c.id == REVIEW.c.card_id)
            .join(NOTE, NOTE.c.id == CARD.c.note_id)
            .where(NOTE.c.deck_id == deck_id)
        )
    with store.reading() as conn:
        total, passed = conn.execute(query).one()
    return int(passed or 0) / total if total else None
