"""Figure 3: choosing the next card and recording an answer, against indexed raw SQLite.

Ours: `Study.next_card()` then `Study.answer()` over every deck of a synthetic collection
(warm: a session answers one card after another), each timed on its own, many times.
The baseline does the same kind of work in bare `sqlite3` on the same database with the
same pragmas: the most overdue learning card along the (state, due) index, then one
transaction that appends a review-log row and updates the card.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.collection import copy_collection
from bench.common import Figure, Measure
from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.store.sqlite import to_db_time
from flashcards.study import Study

_PICK = (
    "SELECT id FROM card WHERE state = 'learning' AND due <= ? AND suspended = 0 "
    "AND retired = 0 AND (buried_until IS NULL OR buried_until <= ?) ORDER BY due LIMIT 1"
)
_LOG = (
    "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, state_before, "
    "prior_state, state, due, stability, difficulty, undone) "
    "VALUES (?, ?, 3, ?, 4000, ?, 'learning', 'review', ?, 12.5, 5.1, 0)"
)
_UPDATE = (
    "UPDATE card SET state = 'review', step = NULL, stability = 12.5, difficulty = 5.1, due = ?, "
    "last_review = ?, reps = reps + 1 WHERE id = ?"
)


def _ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]


def ours(path: Path, answers: int) -> dict[str, list[float]]:
    """Next card and answer, timed apart, `answers` times (a warm session of every deck)."""
    store = Store.open(path)
    study = Study(store, None, fuzz=False, zone=ZoneInfo("UTC"))
    start = time.perf_counter()
    first = study.next_card()
    first_s = time.perf_counter() - start
    picks, records = [], []
    card = first
    for _ in range(answers):
        if card is None:
            break
        start = time.perf_counter()
        study.answer(card, Rating.GOOD, duration_ms=4000)
        records.append(time.perf_counter() - start)
        start = time.perf_counter()
        card = study.next_card()
        picks.append(time.perf_counter() - start)
    store.close()
    return {"next_card": _ms(picks), "answer": _ms(records), "first_next_card": _ms([first_s])}


def vm_steps(path: Path, answers: int) -> float:
    """SQLite's virtual-machine steps per next card + answer (their triggers' included), as
    `ours` runs them: a figure that does not move with the machine's load (a separate pass,
    since counting slows the statements)."""
    store = Store.open(path)
    study = Study(store, None, fuzz=False, zone=ZoneInfo("UTC"))
    card = study.next_card()
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    with store.reading() as conn:  # the pool's one connection (one thread), counted from now
        conn.set_progress_handler(count, 1)
    steps[0] = 0
    done = 0
    while done < answers and card is not None:
        study.answer(card, Rating.GOOD, duration_ms=4000)
        card = study.next_card()
        done += 1
    with store.reading() as conn:
        conn.set_progress_handler(None, 1)
    store.close()
    return steps[0] / max(1, done)


def raw(path: Path, answers: int) -> dict[str, list[float]]:
    """The same kind of work in bare sqlite3: an indexed pick and a two-statement answer."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    now = datetime.now(UTC)
    now_s, later = to_db_time(now), to_db_time(now + timedelta(days=12))
    snapshot = '{"card": {"state": "learning"}, "siblings": {}}'
    picks, records = [], []
    for _ in range(answers):
        start = time.perf_counter()
        row = db.execute(_PICK, (now_s, now_s)).fetchone()
        picks.append(time.perf_counter() - start)
        if row is None:
            break
        card_id = row[0]
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        deck = db.execute("SELECT deck_id FROM card WHERE id = ?", (card_id,)).fetchone()[0]
        db.execute(_LOG, (card_id, deck, now_s, snapshot, later))
        db.execute(_UPDATE, (later, now_s, card_id))
        db.execute("COMMIT")
        records.append(time.perf_counter() - start)
    db.close()
    return {"next_card": _ms(picks), "answer": _ms(records)}


def measure(work: Path, collections: dict[int, Path], answers: int) -> Figure:
    """The figure at the largest collection; the smaller ones are kept as details."""
    by_size: dict[str, dict[str, float]] = {}
    figure: Figure | None = None
    for cards, source in sorted(collections.items()):
        mine = ours(copy_collection(source, work / f"study-{cards}.db"), answers)
        floor = raw(copy_collection(source, work / f"study-raw-{cards}.db"), answers)
        pair = [a + b for a, b in zip(mine["next_card"], mine["answer"], strict=False)]
        raw_pair = [a + b for a, b in zip(floor["next_card"], floor["answer"], strict=False)]
        steps = vm_steps(copy_collection(source, work / f"study-steps-{cards}.db"), answers)
        by_size[str(cards)] = {
            "next_card_ms": statistics.median(mine["next_card"]),
            "answer_ms": statistics.median(mine["answer"]),
            "first_next_card_ms": mine["first_next_card"][0],
            "next_plus_answer_ms": statistics.median(pair),
            "raw_pick_ms": statistics.median(floor["next_card"]),
            "raw_answer_ms": statistics.median(floor["answer"]),
            "raw_pick_plus_answer_ms": statistics.median(raw_pair),
            "sqlite_vm_steps_per_card": round(steps, 1),
        }
        figure = Figure(
            key="study",
            title=f"next card + answer at {cards:,} cards",
            ours=Measure("Study.next_card() + Study.answer()", "ms", pair),
            baseline=Measure("indexed raw sqlite3 pick + answer", "ms", raw_pair),
            target=0.3,
            target_on="value",
        )
    assert figure is not None
    figure.details = {"answers": answers, "by_size": by_size}
    return figure
