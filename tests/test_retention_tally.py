"""The young/mature split of retention comes from the log's tally, kept by triggers: after a
history of months (answers, undos, answers merged from Anki older than the ones here, a
middle answer undone and put back, rows deleted) it equals the window-function definition
over the log, for every deck and for each one; the migration's fill gives the same tally;
the triggers seek the card's neighbouring answers through an index."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from flashcards.domain import CardState, Rating
from flashcards.importing import import_file
from flashcards.stats import MATURE_DAYS, retention_figures
from flashcards.store import Store, tables
from flashcards.store.anki_sync import AnkiAnswer, add_anki_answers
from flashcards.store.sqlite import from_db_time, to_db_time

from study_support import AGAIN, EASY, GOOD, HARD, Clock, session
from support import SEED, T0

#: The definition the tally must equal: each answer in force, how long its card waited since
#: the card's previous answer in force (by time, then id), young under MATURE_DAYS.
ORACLE = (
    "WITH answer AS (SELECT id, rating, prior_state,"
    " julianday(reviewed_at) - julianday(lag(reviewed_at)"
    " OVER (PARTITION BY card_id ORDER BY reviewed_at, id)) AS waited"
    " FROM review_log WHERE undone = 0{deck})"
    " SELECT count(*), coalesce(sum(rating != 1), 0),"
    " coalesce(sum(prior_state = 'review' AND waited < :mature), 0),"
    " coalesce(sum(prior_state = 'review' AND waited < :mature AND rating != 1), 0),"
    " coalesce(sum(prior_state = 'review' AND waited >= :mature), 0),"
    " coalesce(sum(prior_state = 'review' AND waited >= :mature AND rating != 1), 0)"
    " FROM answer"
)
ROW_GROUPS = (
    "SELECT id, CASE WHEN prior_state = 'review' AND waited < :mature THEN 'young'"
    " WHEN prior_state = 'review' AND waited >= :mature THEN 'mature' END FROM"
    " (SELECT id, prior_state, julianday(reviewed_at) - julianday(lag(reviewed_at)"
    " OVER (PARTITION BY card_id ORDER BY reviewed_at, id)) AS waited"
    " FROM review_log WHERE undone = 0) ORDER BY id"
)
RATINGS = (AGAIN, HARD, GOOD, GOOD, GOOD, EASY)


def oracle(path: Path, deck_id: int | None) -> tuple[int, ...]:
    deck = "" if deck_id is None else " AND card_id IN (SELECT id FROM card WHERE deck_id = :deck)"
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(ORACLE.format(deck=deck), {"mature": MATURE_DAYS, "deck": deck_id})
        return tuple(int(x) for x in row.fetchone())
    finally:
        conn.close()


def figures(store: Store, deck_id: int | None) -> tuple[int, ...]:
    detail = retention_figures(store, deck_id)
    young, mature = detail["young_reviews"], detail["mature_reviews"]
    young_passed = round((detail["young_retention"] or 0) * young)
    mature_passed = round((detail["mature_retention"] or 0) * mature)
    return detail["answers"], detail["answers_passed"], young, young_passed, mature, mature_passed


def raw(path: Path, text: str, params: Any = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(text, params).fetchall()
    finally:
        conn.close()


def tally(path: Path) -> list[tuple[Any, ...]]:
    return raw(path, "SELECT * FROM review_tally WHERE answers != 0 ORDER BY 1, 2")


def months_of_answers(store: Store, clock: Clock, rng: random.Random, days: int) -> None:
    """Sessions on irregular days (gaps of a day to a month), every eleventh answer or so
    undone."""
    start = clock()
    day = 0
    while day < days:
        clock.now = start + timedelta(days=day, hours=rng.randint(0, 10))
        study = session(store, clock, zone=UTC, day_hour=4)
        for _ in range(30):
            card = study.next_card()
            if card is None:
                break
            study.answer(card, rng.choice(RATINGS), duration_ms=2000)
            clock.advance(seconds=45)
            if rng.random() < 0.09:
                study.undo()
        day += rng.choice((1, 1, 2, 4, 9, 17, 26))


def merge_from_anki(store: Store, rng: random.Random) -> int:
    """Answers given in Anki, as the merge adds them: older than answers here, in no order."""
    with store.reading() as conn:
        spans = conn.execute(
            "SELECT card_id, min(reviewed_at), max(reviewed_at) FROM review_log"
            " WHERE undone = 0 GROUP BY card_id HAVING count(*) > 2 ORDER BY card_id"
        ).fetchall()
    added = 0
    with store.writing() as conn:
        for card_id, first, last in rng.sample(spans, min(40, len(spans))):
            low = from_db_time(first)
            high = from_db_time(last)
            assert low is not None and high is not None
            answers = []
            for n in range(rng.randint(1, 3)):
                at = low + (high - low) * rng.random() - timedelta(days=rng.choice((0, 0, 30)))
                answers.append(
                    AnkiAnswer(
                        anki_id=int(at.timestamp() * 1000) + n,
                        rating=rng.choice(RATINGS),
                        reviewed_at=at,
                        duration_ms=4000,
                        prior_state=CardState.REVIEW,
                        state=CardState.REVIEW,
                        due=at + timedelta(days=5),
                        stability=5.0,
                        difficulty=5.0,
                    )
                )
            added += add_anki_answers(conn, card_id, answers)
    return added


def test_the_split_equals_the_window_definition_after_a_mixed_history(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    import_file(store, SEED, T0, deck="second")
    rng = random.Random(11)
    clock = Clock(T0)
    decks = [None, *(d.id for d in store.decks())]

    def agrees() -> tuple[int, ...]:
        for deck in decks:
            assert figures(store, deck) == oracle(db_path, deck), deck
        assert raw(
            db_path, "SELECT id, counted_as FROM review_log WHERE undone = 0 ORDER BY id"
        ) == (raw(db_path, ROW_GROUPS, {"mature": MATURE_DAYS}))
        assert not raw(
            db_path, "SELECT id FROM review_log WHERE undone = 1 AND counted_as NOT NULL"
        )
        return oracle(db_path, None)

    months_of_answers(store, clock, rng, 150)
    answers, _, young, _, mature, _ = agrees()
    assert young > 20 and mature > 20, (young, mature)
    assert raw(db_path, "SELECT count(*) FROM review_log WHERE undone = 1")[0][0] > 5

    # Older answers from Anki: each becomes the previous answer of a later one here.
    assert merge_from_anki(store, rng) > 40
    assert agrees()[0] > answers
    # A middle answer undone and put back, and rows deleted (the tally follows each row).
    ids = [row[0] for row in raw(db_path, "SELECT id FROM review_log WHERE undone = 0")]
    middle = rng.sample(ids, 30)
    with store.writing() as conn:
        conn.execute(
            "UPDATE review_log SET undone = 1 WHERE id IN (SELECT value FROM json_each(?))",
            (str(middle),),
        )
    agrees()
    with store.writing() as conn:
        conn.execute(
            "UPDATE review_log SET undone = 0 WHERE id IN (SELECT value FROM json_each(?))",
            (str(middle[:15]),),
        )
        conn.execute(
            "DELETE FROM review_log WHERE id IN (SELECT value FROM json_each(?))",
            (str([*middle[10:20], *rng.sample(ids, 10)]),),
        )
    agrees()
    # Answers go on after the merge.
    months_of_answers(store, clock, rng, 60)
    agrees()

    # The migration's fill, run on the same log, gives the tally the triggers kept.
    kept = tally(db_path)
    copy = db_path.with_name("refilled.db")
    store.close()
    shutil.copy(db_path, copy)
    raw(copy, "UPDATE review_log SET counted_as = NULL")
    raw(copy, "DELETE FROM review_tally")
    raw(copy, tables.GROUP_FILL)
    raw(copy, tables.TALLY_FILL)
    assert tally(copy) == kept


def test_an_answer_and_its_undo_leave_the_tally_as_it_was(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    clock = Clock(T0)
    months_of_answers(store, clock, random.Random(3), 70)
    before = tally(db_path)
    clock.now += timedelta(days=40)
    study = session(store, clock, zone=UTC, day_hour=4)
    changed = 0
    for _ in range(8):
        card = study.next_card()
        assert card is not None
        study.answer(card, Rating.GOOD)
        changed += tally(db_path) != before
        study.undo()
        assert tally(db_path) == before
    store.close()
    assert changed == 8


def test_the_triggers_seek_the_neighbouring_answers_through_the_card_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh.db"
    Store.open(path).close()
    for text in (
        "SELECT " + tables.NEXT_ANSWER.format(row="r") + " FROM review_log AS r WHERE r.id = 1",
        "SELECT " + tables.GROUP_OF_ROW + " FROM review_log WHERE id = 1",
    ):
        plan = [row[3] for row in raw(path, f"EXPLAIN QUERY PLAN {text}")]
        seek = [s for s in plan if "USING INDEX ix_review_log_card (card_id=? AND reviewed_at" in s]
        assert seek, plan
        assert not [s for s in plan if s.startswith("SCAN") or "TEMP B-TREE" in s], plan


def test_the_figures_read_no_log(tmp_path: Path) -> None:
    from flashcards.store.sqlite import STATEMENTS

    path = tmp_path / "fresh.db"
    Store.open(path).close()
    for name in ("retention.answers", "retention.answers.deck"):
        plan = " ".join(
            row[3] for row in raw(path, f"EXPLAIN QUERY PLAN {STATEMENTS[name]}", {"deck": 1})
        )
        assert "review_log" not in plan and "review_tally" in plan, plan
    for name in ("retention.mature_from", "retention.mature_from.deck"):
        steps = [
            row[3]
            for row in raw(
                path, f"EXPLAIN QUERY PLAN {STATEMENTS[name]}", {"deck": 1, "mature": MATURE_DAYS}
            )
        ]
        assert all("USING INDEX ix_card_counts" in step for step in steps), steps


def test_a_merge_from_a_real_anki_keeps_the_split_equal_to_the_definition(
    db_path: Path, tmp_path: Path
) -> None:
    from datetime import datetime

    from test_roundtrip import (
        Clock as WallClock,
    )
    from test_roundtrip import (
        answer_here,
        answer_in_anki,
        export_from_anki,
        fresh_collection,
        import_into,
    )

    from flashcards.export import export_deck
    from flashcards.roundtrip.inbound import import_package

    start = datetime.now(UTC) - timedelta(days=60)
    clock = WallClock(start)
    store = Store.open(db_path)
    import_file(store, SEED, start)
    for day in (0, 1, 3, 7, 15, 40):
        clock.now = start + timedelta(days=day)
        answer_here(store, clock, 25, timedelta(minutes=2))
    package = tmp_path / "deck.apkg"
    export_deck(store, package, now=clock.now + timedelta(hours=1))
    col = fresh_collection(tmp_path / "anki")
    try:
        import_into(col, package)
        given = answer_in_anki(col, 15)  # answered now, in Anki
        # Meanwhile, later answers here (an hour ahead): Anki's come in before them.
        clock.now = datetime.now(UTC) + timedelta(hours=1)
        answer_here(store, clock, 10, timedelta(minutes=1))
        merged = import_package(store, export_from_anki(col, "apkg", False, tmp_path), clock.now)
    finally:
        col.close()
    assert given and merged.reviews_added == given
    with store.reading() as conn:
        # Some of Anki's answers went in before a later answer here of the same card.
        before_ours = conn.execute(
            "SELECT count(*) FROM review_log AS a WHERE a.source = 'anki' AND EXISTS (SELECT 1"
            " FROM review_log AS o WHERE o.card_id = a.card_id AND o.source IS NULL"
            " AND o.undone = 0 AND o.reviewed_at > a.reviewed_at AND o.id < a.id)"
        ).fetchone()[0]
    assert before_ours > 0
    for deck in (None, *(d.id for d in store.decks())):
        assert figures(store, deck) == oracle(db_path, deck), deck
    store.close()
    assert raw(db_path, "SELECT id, counted_as FROM review_log WHERE undone = 0 ORDER BY id") == (
        raw(db_path, ROW_GROUPS, {"mature": MATURE_DAYS})
    )


def _vm_steps(path: Path, text: str, params: tuple[Any, ...]) -> tuple[int, list[Any]]:
    """The VM steps of one statement (its triggers' included), and the tally it leaves; then
    rolled back."""
    conn = sqlite3.connect(path, isolation_level=None)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the schema, read
        conn.set_progress_handler(count, 1)
        conn.execute(text, params)
        conn.set_progress_handler(None, 1)
        kept = conn.execute("SELECT * FROM review_tally ORDER BY 1, 2").fetchall()
        groups = conn.execute("SELECT id, counted_as FROM review_log ORDER BY id").fetchall()
        conn.execute("ROLLBACK")
        return steps[0], [kept, groups]
    finally:
        conn.close()


def test_the_split_insert_triggers_count_as_the_one_before_them_for_less_work(
    db_path: Path,
) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    clock = Clock(T0)
    months_of_answers(store, clock, random.Random(5), 60)
    store.close()
    names = {r[0] for r in raw(db_path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"review_tally_insert_count", "review_tally_insert_group"} <= names
    assert "review_tally_insert" not in names
    # The same database with the one insert trigger of schema 7.
    old = db_path.with_name("schema7-trigger.db")
    shutil.copy(db_path, old)
    for name in (name for name in names if name.startswith("review_tally_insert_")):
        raw(old, f"DROP TRIGGER {name}")
    raw(old, tables.TALLY_TRIGGERS[0])
    bare = db_path.with_name("no-insert-trigger.db")  # the insert's own work
    shutil.copy(old, bare)
    raw(bare, "DROP TRIGGER review_tally_insert")
    card, deck, latest = raw(
        db_path,
        "SELECT card_id, deck_id, max(reviewed_at) FROM review_log"
        " WHERE undone = 0 AND state = 'review' GROUP BY card_id ORDER BY count(*) DESC LIMIT 1",
    )[0]
    at = from_db_time(latest)
    assert at is not None
    insert = (
        "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, state_before,"
        " prior_state, state, counted_as, undone) VALUES (?, ?, ?, ?, '{}', ?, 'review', ?, 0)"
    )
    cases = [
        (at + timedelta(days=30), "review", None),  # a review at the end of its history
        (at + timedelta(minutes=5), "learning", None),  # not a review: no group
        (at + timedelta(minutes=5), "learning", "young"),  # a group given: cleared
        (at - timedelta(days=400), "review", None),  # older than all: the next regrouped
    ]
    for when, prior, group in cases:
        params = (card, deck, 3, to_db_time(when), prior, group)
        new_steps, new_result = _vm_steps(db_path, insert, params)
        old_steps, old_result = _vm_steps(old, insert, params)
        assert new_result == old_result, (prior, group)
        if when > at:  # the end of the card's history: less work, most where no group
            own = _vm_steps(bare, insert, params)[0]
            share = 0.8 if prior == "learning" else 1
            assert new_steps - own < (old_steps - own) * share, (prior, new_steps, old_steps)
