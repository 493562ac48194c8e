"""The review log behind a session: undo, rebuilding a card from its log, and durability."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from flashcards.domain import CardState, Rating
from flashcards.errors import StoreError
from flashcards.scheduling import Replayed, Scheduler
from flashcards.stats import collection_stats
from flashcards.store import Store
from flashcards.study import QueueCounts

from study_support import AGAIN, GOOD, NY, Clock, rows, session, utc


def test_undo_goes_back_several_steps(seeded_store: Store, clock: Clock, db_path: Path) -> None:
    original = rows(db_path)
    study = session(seeded_store, clock)
    assert not study.can_undo and study.undo() is None
    agi = study.next_card()
    assert agi is not None
    study.answer(agi, GOOD)  # buries agi's recall and context cards
    after_first = rows(db_path)
    intimidating = study.next_card()
    assert intimidating is not None and intimidating.note.word == "intimidating"
    study.answer(intimidating, AGAIN)
    after_second = rows(db_path)
    clock.advance(minutes=2)
    again = study.next_card()
    assert again is not None and again.card_id == intimidating.card_id
    study.answer(again, GOOD, typed=None, duration_ms=2500)
    assert study.summary().answered == 3

    back = study.undo()
    assert back is not None and back.card_id == intimidating.card_id
    assert back.state == CardState.LEARNING
    assert rows(db_path) == after_second
    back = study.undo()
    assert back is not None and back.card_id == intimidating.card_id
    assert back.state == CardState.NEW
    assert rows(db_path) == after_first
    assert study.can_undo
    back = study.undo()
    assert back is not None and back.card_id == agi.card_id and back.state == CardState.NEW
    assert rows(db_path) == original  # states, dues and the siblings' burying
    assert not study.can_undo and study.undo() is None

    log = list(rows(db_path, "review_log").values())
    assert [(r["card_id"], r["rating"], r["undone"]) for r in log] == [
        (agi.card_id, 3, 1),
        (intimidating.card_id, 1, 1),
        (intimidating.card_id, 3, 1),
    ]
    assert json.loads(log[0]["state_before"])["siblings"] == {
        str(c.id): None for c in agi.note.cards if c.id != agi.card_id
    }
    assert study.counts() == QueueCounts(new=10, learning=0, review=0)
    assert study.summary().answered == 0
    stats = collection_stats(seeded_store, clock(), zone=NY)
    assert (stats["reviews_total"], stats["reviews_today"], stats["new"]) == (0, 0, 28)
    first = study.next_card()
    assert first is not None and first.card_id == agi.card_id


def test_summary_of_a_session(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    for rating, ms in [(GOOD, 3000), (AGAIN, 5000), (Rating.EASY, 1500)]:
        card = study.next_card()
        assert card is not None
        study.answer(card, rating, duration_ms=ms)
    summary = study.summary()
    assert (summary.answered, summary.correct, summary.seconds) == (3, 2, 9.5)
    assert summary.accuracy == 2 / 3
    # Tomorrow (3 March, 04:00 EST to 4 March 04:00 EST): both learning cards, still due.
    # The Easy one is due in 8 days.
    assert summary.due_tomorrow == 2
    study.undo()
    assert study.summary().answered == 2


def test_undo_takes_back_buries_and_suspends_too(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    original = rows(db_path)
    study = session(seeded_store, clock)
    assert study.last_action is None
    agi = study.next_card()
    assert agi is not None
    study.answer(agi, GOOD)
    after_answer = rows(db_path)
    assert study.last_action == "answer"
    meaning = study.next_card()
    assert meaning is not None and meaning.note.word == "intimidating"
    study.suspend(meaning)
    assert study.can_undo and study.last_action == "suspend"
    after_suspend = rows(db_path)
    assert after_suspend[meaning.card_id]["suspended"] == 1
    recall = study.next_card()  # only that card was suspended, not its note
    assert recall is not None and recall.note.word == "intimidating"
    assert recall.card_id != meaning.card_id
    study.bury(recall)
    assert study.last_action == "bury"
    assert rows(db_path)[recall.card_id]["buried_until"] == "2026-03-03 09:00:00.000000"
    assert study.summary().answered == 1  # a bury or a suspend is no answer

    back = study.undo()  # the bury, not the answer before it
    assert back is not None and back.card_id == recall.card_id
    assert rows(db_path) == after_suspend
    assert study.last_action == "suspend"
    back = study.undo()
    assert back is not None and back.card_id == meaning.card_id
    assert back.state == CardState.NEW
    assert rows(db_path) == after_answer
    assert study.last_action == "answer"
    shown = study.next_card()
    assert shown is not None and shown.card_id == meaning.card_id
    back = study.undo()
    assert back is not None and back.card_id == agi.card_id
    assert rows(db_path) == original
    assert not study.can_undo and study.last_action is None and study.undo() is None
    log = list(rows(db_path, "review_log").values())
    assert [(r["card_id"], r["undone"]) for r in log] == [(agi.card_id, 1)]


def test_undoing_a_bury_restores_an_earlier_burying(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    with seeded_store.writing() as conn:
        conn.execute(
            "UPDATE card SET buried_until = '2026-03-02 08:00:00.000000' WHERE id = ?",
            (card.card_id,),
        )
    before = rows(db_path)
    study.bury(card)
    assert rows(db_path)[card.card_id]["buried_until"] == "2026-03-03 09:00:00.000000"
    study.undo()
    assert rows(db_path) == before


def test_a_bury_or_suspend_is_not_undone_once_the_card_changed(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.bury(card)
    session(seeded_store, clock).answer(card, GOOD)  # answered in another session meanwhile
    changed = rows(db_path)
    with pytest.raises(StoreError, match="changed since"):
        study.undo()
    assert rows(db_path) == changed  # nothing taken back
    assert study.can_undo and study.last_action == "bury"

    other = session(seeded_store, clock)
    card = other.next_card()
    assert card is not None and card.note.word == "intimidating"
    other.suspend(card)
    session(seeded_store, clock).set_note_suspended(card.note.id, False)  # unsuspended in Browse
    changed = rows(db_path)
    with pytest.raises(StoreError, match="changed since"):
        other.undo()
    assert rows(db_path) == changed
    assert other.last_action == "suspend"


def test_a_cards_state_is_rebuilt_from_its_log(seeded_store: Store, db_path: Path) -> None:
    rng = random.Random(3)
    clock = Clock(utc(2026, 3, 2, 14, 0))
    study = session(seeded_store, clock, fuzz=True)
    for _day in range(60):
        done = 0
        while (card := study.next_card()) is not None and done < 30:
            rating = Rating(rng.choices([1, 2, 3, 4], weights=[2, 1, 6, 1])[0])
            study.answer(card, rating)
            if rng.random() < 0.05:
                study.undo()
            clock.advance(minutes=rng.randint(1, 4))
            done += 1
        clock.now = clock.now.replace(hour=14, minute=0) + timedelta(days=1)

    scheduler = Scheduler(fuzz=False)
    rebuilt = 0
    for card_id in rows(db_path):
        stored = seeded_store.card_record(card_id)
        history = seeded_store.review_history(card_id)
        replay = scheduler.rebuild(
            card_id, [Replayed(a.rating, a.reviewed_at, a.due) for a in history]
        )
        assert (
            replay.state,
            replay.step,
            replay.stability,
            replay.difficulty,
            replay.due,
            replay.last_review,
            replay.reps,
            replay.lapses,
        ) == (
            stored.state,
            stored.step,
            stored.stability,
            stored.difficulty,
            stored.due,
            stored.last_review,
            stored.reps,
            stored.lapses,
        )
        if history:
            rebuilt += 1
            last = history[-1]
            assert (last.state, last.due, last.stability, last.difficulty) == (
                stored.state,
                stored.due,
                stored.stability,
                stored.difficulty,
            )
    assert rebuilt >= 20
    undone = [r for r in rows(db_path, "review_log").values() if r["undone"]]
    assert undone  # the replay left them out


KILLER = """
import os, signal, sys
from datetime import UTC, datetime
from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.study import Study

store = Store.open(sys.argv[1])
study = Study(store, clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC), fuzz=False,
              day_hour=4, zone=UTC)
for rating in (Rating.GOOD, Rating.AGAIN):
    card = study.next_card()
    study.answer(card, rating, typed="agi", duration_ms=1200)
    print(card.card_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_process_loses_no_answer(
    seeded_store: Store, db_path: Path, tmp_path: Path
) -> None:
    seeded_store.close()
    env = {k: v for k, v in os.environ.items() if k != "FLASHCARDS_DAY_START"}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    first, second = (int(line) for line in done.stdout.split())
    log = list(rows(db_path, "review_log").values())
    assert [(r["card_id"], r["rating"], r["undone"]) for r in log] == [
        (first, 3, 0),
        (second, 1, 0),
    ]
    cards = rows(db_path)
    assert (cards[first]["state"], cards[first]["due"]) == (
        "learning",
        "2026-03-02 09:10:00.000000",
    )
    assert (cards[second]["state"], cards[second]["due"]) == (
        "learning",
        "2026-03-02 09:01:00.000000",
    )
    reopened = Store.open(db_path)
    with reopened.reading() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    study = session(reopened, Clock(utc(2026, 3, 2, 9, 0)))
    assert study.counts().learning == 2
    reopened.close()
