"""The review's hot path: the card shown read in one statement, the answer's log row and its
snapshot written by hand, stored times remembered. Each gives exactly what the long way gives."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from flashcards.store import Store, cards
from flashcards.store.answers import SNAPSHOT_COLUMNS
from flashcards.store.sqlite import from_db_time, to_db_time

from study_support import AGAIN, GOOD, NY, Clock, rows, session


def test_the_card_shown_is_what_the_card_and_note_reads_give(
    seeded_store: Store, clock: Clock
) -> None:
    study = session(seeded_store, clock)
    for _ in range(6):  # cards in every state, siblings buried, a lapse: not only new ones
        card = study.next_card()
        assert card is not None
        study.answer(card, AGAIN if card.state == "review" else GOOD)
        clock.advance(minutes=11)
    with seeded_store.reading() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM card ORDER BY id")]
        assert len(ids) > 20
        for card_id in ids:
            record = cards.card_record(conn, card_id)
            note, title = cards.load_note(conn, record.note_id)
            assert cards.shown_card(conn, card_id) == (record, note, title)


def test_a_note_without_contexts_or_live_cards_reads_as_empty(
    seeded_store: Store, db_path: Path
) -> None:
    raw = sqlite3.connect(db_path)
    card_id, note_id = raw.execute("SELECT id, note_id FROM card ORDER BY id LIMIT 1").fetchone()
    raw.execute("DELETE FROM context WHERE note_id = ?", (note_id,))
    raw.execute("UPDATE card SET retired = 1 WHERE note_id = ?", (note_id,))
    raw.commit()
    raw.close()
    with seeded_store.reading() as conn:
        record, note, _ = cards.shown_card(conn, card_id)
    assert record.id == card_id and note.contexts == () and note.cards == ()


def test_the_log_keeps_the_card_as_it_was_stored_before_the_answer(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.answer(card, GOOD)
    clock.advance(minutes=11)
    again = study.next_card()
    assert again is not None and again.card_id == card.card_id  # a learning card: step, floats
    raw = sqlite3.connect(db_path)
    raw.execute(
        "UPDATE card SET buried_until = '2020-01-01 04:00:00.000000', context_turn = 3"
        " WHERE id = ?",
        (card.card_id,),
    )
    raw.commit()
    before = rows(db_path)[card.card_id]
    study.answer(again, AGAIN, typed="naïve “typed”")
    log = raw.execute(
        "SELECT state_before, answer FROM review_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    raw.close()
    snapshot = json.loads(log[0])
    assert snapshot["card"] == {column: before[column] for column in SNAPSHOT_COLUMNS}
    assert isinstance(snapshot["card"]["stability"], float)
    assert log[1] == "naïve “typed”"
    study.undo()
    assert rows(db_path)[card.card_id] == before


def test_stored_times_are_the_same_text_however_often_they_are_written() -> None:
    moment = datetime(2026, 12, 1, 12, 30, 5, 7, tzinfo=UTC)
    text = "2026-12-01 12:30:05.000007"
    assert to_db_time(moment) == to_db_time(moment) == text
    assert to_db_time(moment.astimezone(timezone(timedelta(hours=-5)))) == text
    # Read in another form of the same instant: written back in the one fixed form.
    assert to_db_time(from_db_time("2026-12-01 12:30:05") or moment) == "2026-12-01 12:30:05.000000"
    assert to_db_time(from_db_time("2026-12-01T12:30:05.000007") or moment) == text
    assert from_db_time(text) == moment
    for minutes in range(600):  # more times than are remembered: still right
        later = moment + timedelta(minutes=minutes)
        assert to_db_time(later) == later.strftime("%Y-%m-%d %H:%M:%S.%f")


def test_the_two_times_of_a_repeated_local_hour_are_stored_as_their_own_instants() -> None:
    # 01:30 in New York on the night clocks go back happens twice, an hour apart; the two
    # datetimes differ only in `fold` and compare equal, yet they are different instants.
    first = datetime(2026, 11, 1, 5, 30, 1, tzinfo=UTC).astimezone(NY)
    second = datetime(2026, 11, 1, 6, 30, 1, tzinfo=UTC).astimezone(NY)
    assert first == second and first.fold != second.fold
    assert to_db_time(first) == "2026-11-01 05:30:01.000000"
    assert to_db_time(second) == "2026-11-01 06:30:01.000000"
    assert to_db_time(first) == "2026-11-01 05:30:01.000000"
