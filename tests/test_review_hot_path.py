"""The review's hot path: the card shown read in one statement, the answer's log row and its
snapshot written by hand, stored times remembered. Each gives exactly what the long way gives."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from flashcards.clock import next_day_start
from flashcards.domain import CardKind
from flashcards.scheduling import DEFAULT_PARAMETERS
from flashcards.store import Store, cards, parameters
from flashcards.store.answers import SNAPSHOT_COLUMNS
from flashcards.store.parameters import (
    ALL,
    PRODUCTION,
    RECOGNITION,
    ParameterSet,
    StoredParameters,
)
from flashcards.store.queues import Scope
from flashcards.store.sqlite import from_db_time, to_db_time
from flashcards.study_queues import LEARN_AHEAD

from study_support import AGAIN, EASY, GOOD, NY, Clock, rows, session


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


def test_the_learning_card_due_first_is_chosen_and_read_as_the_pick_and_the_read_give(
    seeded_store: Store, clock: Clock
) -> None:
    study = session(seeded_store, clock)
    for _ in range(5):  # learning cards, due a minute or ten after their answer
        card = study.next_card()
        assert card is not None
        study.answer(card, GOOD)
    deck = seeded_store.decks()[0].id
    scopes = [Scope(), Scope(deck=deck), Scope(exclude=(deck,)), Scope(deck=deck, exclude=(0,))]
    found = missed = 0
    for minutes in (0, 2, 11, 30):
        now = clock() + timedelta(minutes=minutes)
        with seeded_store.snapshot() as snap:
            for scope in scopes:
                for by in (now, now + LEARN_AHEAD):
                    picked = snap.first_learning(by, now, scope)
                    expected = None if picked is None else snap.shown_weighted(picked)
                    assert snap.shown_first_learning(by, now, scope) == expected
                    found, missed = found + (picked is not None), missed + (picked is None)
    assert found and missed


def _parameter_set(offset: float) -> ParameterSet:
    weights = tuple(w + offset for w in DEFAULT_PARAMETERS)
    return ParameterSet({ALL: weights}, datetime(2026, 1, 1, tzinfo=UTC), 100)


def test_the_card_shown_comes_with_the_weights_its_deck_schedules_it_with(
    seeded_store: Store,
) -> None:
    with seeded_store.reading() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM card ORDER BY id")]
        deck = cards.card_record(conn, ids[0]).deck_id

    def check(expected_some: bool) -> None:
        with seeded_store.reading() as conn:
            for card_id in ids:
                record, _note, _title, weights = cards.shown_weighted(conn, card_id)
                assert weights == parameters.weights_for(conn, record.deck_id, record.kind)
                assert (weights is not None) == expected_some

    check(False)  # nothing fitted: FSRS' defaults
    with seeded_store.writing() as conn:  # the collection's set
        parameters.save(conn, None, StoredParameters(_parameter_set(0.01)))
    check(True)
    own = ParameterSet(
        {
            RECOGNITION: _parameter_set(0.02).weights[ALL],
            PRODUCTION: _parameter_set(0.03).weights[ALL],
        },
        datetime(2026, 1, 2, tzinfo=UTC),
        50,
    )
    with seeded_store.writing() as conn:  # the deck's own, one set a kind of card
        parameters.save(conn, deck, StoredParameters(own, None))
    check(True)
    with seeded_store.reading() as conn:
        kinds = {
            cards.shown_weighted(conn, i)[0].kind: cards.shown_weighted(conn, i)[3] for i in ids
        }
    assert kinds[CardKind.MEANING] == own.weights[RECOGNITION]
    assert kinds[CardKind.RECALL] == kinds[CardKind.CONTEXT] == own.weights[PRODUCTION]


#: The siblings an answer buries, as the answer read them before: new and review cards of
#: the note, live, not buried until the next day already.
_SIBLINGS_BEFORE = (
    "SELECT id, buried_until FROM card WHERE note_id = ? AND id != ? AND retired = 0"
    " AND state IN ('new', 'review') AND (buried_until IS NULL OR buried_until < ?)"
)


@pytest.mark.parametrize(
    ("first", "second", "changed"),
    [
        ("state = 'new'", "state = 'review', buried_until = '2020-01-01 04:00:00.000000'", False),
        ("state = 'new'", "state = 'review', buried_until = '2020-01-01 04:00:00.000000'", True),
        (
            "state = 'learning'",
            "state = 'review', buried_until = '2099-01-01 04:00:00.000000'",
            False,
        ),
        ("suspended = 1", "retired = 1", False),
        ("suspended = 1", "retired = 1", True),
    ],
)
def test_an_answer_buries_exactly_the_siblings_that_wait_and_undo_puts_them_back(
    seeded_store: Store, clock: Clock, db_path: Path, first: str, second: str, changed: bool
) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    raw = sqlite3.connect(db_path)
    siblings = [
        row[0]
        for row in raw.execute(
            "SELECT id FROM card WHERE note_id = ? AND id != ? ORDER BY id",
            (card.note.id, card.card_id),
        )
    ]
    assert len(siblings) == 2
    for sibling, change in zip(siblings, (first, second), strict=True):
        raw.execute(f"UPDATE card SET {change} WHERE id = ?", (sibling,))
    if changed:  # changed since it was shown: read again and decided again
        raw.execute("UPDATE card SET context_turn = 2 WHERE id = ?", (card.card_id,))
    raw.commit()
    before = rows(db_path)
    tomorrow = to_db_time(next_day_start(clock(), study.day_hour, NY))
    study.answer(card, GOOD)
    log = raw.execute("SELECT buried_note_until, state_before FROM review_log ORDER BY id DESC")
    buried_until, state_before = log.fetchone()
    after = rows(db_path)
    expected = {
        sibling: before[sibling]["buried_until"]
        for sibling in siblings
        if before[sibling]["retired"] == 0
        and before[sibling]["state"] in ("new", "review")
        and (before[sibling]["buried_until"] or "") < tomorrow
    }
    assert json.loads(state_before)["siblings"] == {str(i): t for i, t in expected.items()}
    assert buried_until == (tomorrow if expected else None)
    assert not raw.execute(_SIBLINGS_BEFORE, (card.note.id, card.card_id, tomorrow)).fetchall()
    for sibling in siblings:  # those buried wait until tomorrow; nothing else changed
        wanted = dict(before[sibling], buried_until=tomorrow)
        assert after[sibling] == (wanted if sibling in expected else before[sibling])
    turn = before[card.card_id]["context_turn"] + (card.kind == CardKind.CONTEXT)
    assert after[card.card_id]["context_turn"] == turn  # decided on the card as it is
    assert study.counts() == session(seeded_store, clock).counts()
    study.undo()
    assert rows(db_path) == before
    raw.close()


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '["naïve “quoted”", "a\\"b", "\\\\", "\\u0000", "tab\\there"]',
        '[[1,"recall","review","2026-12-01 04:00:00.000000",0,2,5],[2,"meaning","new",null,1,0,0]]',
        " [1, 2] ",
        "[1, 2]\n",
        '{"a": [1.5, -0.0, 1e300]}',
    ],
)
def test_json_made_by_sqlite_reads_as_json_loads_reads_it(text: str) -> None:
    assert cards.load_json(text) == json.loads(text)
    with sqlite3.connect(":memory:") as db:  # as SQLite's JSON functions write it
        made = db.execute("SELECT json(?)", (text.strip(),)).fetchone()[0]
    assert cards.load_json(made) == json.loads(made)


@pytest.mark.parametrize("text", ["", "[1, 2", "[1] [2]", "nul", "[1,]", "{'a': 1}"])
def test_json_that_is_not_json_is_refused_as_json_loads_refuses_it(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        cards.load_json(text)


def test_parameters_fitted_during_a_session_schedule_the_next_card_shown(
    seeded_store: Store, clock: Clock
) -> None:
    """The weights are read with each card shown: a set saved mid-session (an optimize run
    meanwhile) schedules the very next card, and the card on screen keeps the set it was
    shown with through its answer."""
    study = session(seeded_store, clock)

    def stability(card_id: int) -> float:
        with seeded_store.reading() as conn:
            row = conn.execute("SELECT stability FROM card WHERE id = ?", (card_id,)).fetchone()
            return float(row[0])

    first = study.next_card()
    assert first is not None and first.state.value == "new"
    study.answer(first, GOOD)
    assert stability(first.card_id) == pytest.approx(DEFAULT_PARAMETERS[2])
    weights = list(DEFAULT_PARAMETERS)
    weights[2] *= 2  # a Good first answer's stability
    fitted = ParameterSet({ALL: tuple(weights)}, datetime(2026, 1, 3, tzinfo=UTC), 80)
    shown = study.next_card()  # shown before the set is saved: answered with the defaults
    assert shown is not None and shown.state.value == "new"
    with seeded_store.writing() as conn:
        parameters.save(conn, None, StoredParameters(fitted))
    study.answer(shown, GOOD)
    assert stability(shown.card_id) == pytest.approx(DEFAULT_PARAMETERS[2])
    after = study.next_card()  # the same minute: the session's queues are not read again
    assert after is not None and after.state.value == "new"
    study.answer(after, GOOD)
    assert stability(after.card_id) == pytest.approx(fitted.weights[ALL][2])


def test_an_answer_names_in_its_update_only_the_columns_it_may_change(
    seeded_store: Store, clock: Clock
) -> None:
    """A column named in an UPDATE rewrites its index entries and runs its triggers whatever
    its value: an answer leaves out buried_until, the leech's columns, and the state when
    it stays."""
    statements: list[str] = []
    with seeded_store.reading() as conn:  # the pool's one connection, traced from now on
        conn.set_trace_callback(statements.append)
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None and card.state == "new"
    study.answer(card, EASY)
    clock.advance(days=100)
    study = session(seeded_store, clock)
    again = study.next_card()
    assert again is not None and again.card_id == card.card_id and again.state == "review"
    study.answer(again, GOOD)
    with seeded_store.reading() as conn:
        conn.set_trace_callback(None)
        after = cards.card_record(conn, card.card_id)
    assert after.state == "review" and after.reps == 2
    # (the trace repeats a statement for each trigger it runs)
    sets = list(
        dict.fromkeys(
            s.split(" WHERE ")[0]
            for s in statements
            if s.startswith("UPDATE card SET") and "RETURNING" in s
        )
    )
    assert len(sets) == 2
    assert "state = " in sets[0] and "state = " not in sets[1]
    for named in ("buried_until", "suspended", "leech"):
        assert all(named not in s for s in sets), named


def test_the_next_card_needs_no_transaction_while_the_queues_are_kept(
    seeded_store: Store, clock: Clock
) -> None:
    statements: list[str] = []
    with seeded_store.reading() as conn:  # the pool's one connection, traced from now on
        conn.set_trace_callback(statements.append)
    del statements[:]  # (that block's COMMIT)
    study = session(seeded_store, clock)
    card = study.next_card()  # the queues are read: one snapshot
    assert statements[0] == "BEGIN"
    assert card is not None
    study.answer(card, GOOD)
    clock.advance(seconds=10)
    del statements[:]
    shown = study.next_card()
    assert shown is not None and shown.card_id != card.card_id
    assert not [s for s in statements if s in ("BEGIN", "COMMIT")], statements
    # No learning card due; the next new card chosen, then read.
    assert [s.split()[0] for s in statements] == ["SELECT"] * 3
    clock.advance(minutes=2)  # a minute after the count: read again, in one snapshot
    del statements[:]
    study.answer(shown, GOOD)
    study.next_card()
    assert statements.count("BEGIN") == 1  # the counts', read again
    with seeded_store.reading() as conn:
        conn.set_trace_callback(None)
