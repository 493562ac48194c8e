"""Helpers shared by the study, stats and history tests: a hand-moved clock, a session."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flashcards.domain import CardKind, Rating
from flashcards.store import Store
from flashcards.study import Study

NY = ZoneInfo("America/New_York")
MEANING, RECALL, CONTEXT = CardKind.MEANING, CardKind.RECALL, CardKind.CONTEXT
AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def session(store: Store, clock: Clock, **kwargs: Any) -> Study:
    kwargs.setdefault("fuzz", False)
    kwargs.setdefault("zone", NY)
    return Study(store, clock=clock, **kwargs)


def card_ids(store: Store) -> dict[tuple[str, CardKind], int]:
    return {(n.word, c.kind): c.id for n in store.notes() for c in n.cards}


def rows(db_path: Path, table: str = "card") -> dict[int, dict[str, Any]]:
    raw = sqlite3.connect(db_path)
    raw.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in raw.execute(f"SELECT * FROM {table} ORDER BY id")}
    finally:
        raw.close()


def deck_id(store: Store) -> int:
    return store.decks()[0].id


def only(store: Store, *ids: int) -> None:
    """Suspend every card but these."""
    marks = ",".join(str(i) for i in ids)
    with store.writing() as conn:
        conn.execute(f"UPDATE card SET suspended = (id NOT IN ({marks}))")
