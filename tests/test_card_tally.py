"""The statistics' counts by state come from tallies of the cards and notes, kept by
triggers: after imports, answers, undos, burials, suspensions, retirements, deletions and a
merge from a real Anki they equal their definition (a count over the tables); the
migration's fill gives the same; only a card's first answer (of all its answers) writes
the tally; and the counts and the forecast read no card row."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from test_retention_tally import RATINGS, merge_from_anki, months_of_answers, raw

from flashcards.domain import Rating
from flashcards.importing import import_file
from flashcards.stats import collection_stats, day_ends
from flashcards.store import Store, tables
from flashcards.store.reports import due_forecast
from flashcards.store.sqlite import to_db_time

from study_support import Clock, session
from support import SEED, T0

#: The definitions the tallies must equal.
CARDS = (
    "SELECT deck_id, state != 'new', suspended, retired, leech, count(*) FROM card"
    " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
)
NOTES = "SELECT deck_id, count(*) FROM note GROUP BY 1 ORDER BY 1"
#: The live, unsuspended review cards by deck and the UTC date of their due.
DUE = (
    "SELECT deck_id, substr(due, 1, 10), count(*) FROM card WHERE state = 'review'"
    " AND suspended = 0 AND retired = 0 AND due IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
)
#: The live, unsuspended learning and review cards of every deck, by whether learning and
#: the UTC date, and the ten minutes, of their due ('' without a due).
FORECAST = (
    "SELECT {grain}, state != 'review', {slot}, count(*) FROM card WHERE state IN"
    " ('learning', 'relearning', 'review') AND suspended = 0 AND retired = 0"
    " GROUP BY 2, 3 ORDER BY 2, 3"
)
DAYS = FORECAST.format(grain=0, slot="coalesce(substr(due, 1, 10), '')")
TENS = FORECAST.format(grain=1, slot="coalesce(substr(due, 1, 15), '')")
#: The forecast's definition: each learning or review card, live and not suspended, on the
#: first day that ends after it can be shown (its due, or its burial's end when later).
SHOWN = (
    "SELECT max(due, coalesce(buried_until, due)) FROM card WHERE suspended = 0"
    " AND retired = 0 AND state IN ('learning', 'relearning', 'review'){deck}"
)


def card_tally(path: Path) -> list[tuple[Any, ...]]:
    return raw(
        path,
        "SELECT deck_id, answered, suspended, retired, leech, cards FROM card_tally"
        " WHERE cards != 0 ORDER BY 1, 2, 3, 4, 5",
    )


def note_tally(path: Path) -> list[tuple[Any, ...]]:
    return raw(path, "SELECT deck_id, notes FROM note_tally WHERE notes != 0 ORDER BY 1")


def due_tally(path: Path) -> list[tuple[Any, ...]]:
    return raw(path, "SELECT deck_id, day, cards FROM due_tally ORDER BY 1, 2")


def forecast_tally(path: Path) -> list[tuple[Any, ...]]:
    return raw(
        path,
        "SELECT grain, learning, slot, cards FROM forecast_tally WHERE cards != 0 ORDER BY 1, 2, 3",
    )


def assert_tallies_hold(path: Path) -> None:
    assert card_tally(path) == raw(path, CARDS)
    assert note_tally(path) == raw(path, NOTES)
    # No row of a day without cards is left behind (the counts add up every day's row).
    assert due_tally(path) == raw(path, DUE)
    assert forecast_tally(path) == raw(path, DAYS) + raw(path, TENS)
    # No row left at 0 either (a day or ten minutes that no card is due in any more).
    assert raw(path, "SELECT count(*) FROM forecast_tally WHERE cards = 0") == [(0,)]


def forecast_by_definition(path: Path, deck_id: int | None, ends: list[datetime]) -> list[int]:
    from bisect import bisect_right

    from flashcards.store.sqlite import to_db_time

    texts = [to_db_time(end) for end in ends]
    counts = [0] * len(ends)
    deck = "" if deck_id is None else " AND deck_id = :deck"
    for (shown,) in raw(path, SHOWN.format(deck=deck), {"deck": deck_id}):
        day = bisect_right(texts, shown)
        if day < len(ends) and shown is not None:
            counts[day] += 1
    return counts


def test_the_tallies_equal_the_tables_after_a_mixed_history(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    other = db_path.parent / "other.txt"
    other.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    import_file(store, other, T0, deck="Second")  # a second deck
    assert_tallies_hold(db_path)
    assert sum(row[-1] for row in card_tally(db_path)) > 40

    clock = Clock(T0)
    rng = random.Random(5)
    months_of_answers(store, clock, rng, 90)  # answers and undos
    assert_tallies_hold(db_path)

    # Burials, suspensions and their undos, then answers again.
    study = session(store, clock, zone=UTC, day_hour=4)
    for step in range(12):
        card = study.next_card()
        if card is None:
            break
        if step % 3 == 0:
            study.suspend(card)
        elif step % 3 == 1:
            study.bury(card)
        else:
            study.answer(card, rng.choice(RATINGS))
        if step % 4 == 3:
            study.undo()
        assert_tallies_hold(db_path)
    assert merge_from_anki(store, rng) > 0  # answers from elsewhere
    store.close()
    assert_tallies_hold(db_path)

    # What no screen does yet, but a file can hold: leeches, retired cards, cards and notes
    # deleted, a card moved to another deck.
    raw(db_path, "UPDATE card SET leech = 1 WHERE id % 7 = 0")
    raw(db_path, "UPDATE card SET retired = 1 WHERE id % 11 = 0")
    raw(db_path, "UPDATE card SET retired = 0 WHERE id % 22 = 0")  # back again
    raw(db_path, "UPDATE card SET deck_id = 2 WHERE id = 3")
    # Review cards moved to other days, to one day, to no due, and suspended then not.
    raw(
        db_path,
        "UPDATE card SET due = datetime(due, '+3 days') WHERE state = 'review' AND id % 3 = 0",
    )
    raw(
        db_path,
        "UPDATE card SET due = '2026-04-01 10:00:00.000000' WHERE state = 'review' AND id % 5 = 1",
    )
    raw(db_path, "UPDATE card SET due = NULL WHERE state = 'review' AND id % 17 = 2")
    raw(db_path, "UPDATE card SET suspended = 1 WHERE state = 'review' AND id % 4 = 1")
    raw(db_path, "UPDATE card SET suspended = 0 WHERE state = 'review' AND id % 8 = 1")
    raw(db_path, "UPDATE card SET deck_id = 2 WHERE state = 'review' AND id % 9 = 4")
    raw(db_path, "UPDATE note SET deck_id = 2, key = key || ' moved' WHERE id = 4")
    raw(db_path, "PRAGMA foreign_keys = OFF")
    raw(db_path, "DELETE FROM card WHERE id % 13 = 0")
    raw(db_path, "DELETE FROM note WHERE id = 5")
    assert_tallies_hold(db_path)
    # Cards back to relearning, one of them without a due; one learning card suspended.
    raw(
        db_path,
        "UPDATE card SET state = 'relearning' WHERE id IN (SELECT id FROM card WHERE"
        " state = 'review' AND suspended = 0 AND retired = 0 ORDER BY id LIMIT 3)",
    )
    raw(
        db_path,
        "UPDATE card SET due = NULL WHERE id = (SELECT min(id) FROM card"
        " WHERE state = 'relearning')",
    )
    raw(
        db_path,
        "UPDATE card SET suspended = 1 WHERE id = (SELECT max(id) FROM card"
        " WHERE state = 'relearning')",
    )
    assert_tallies_hold(db_path)

    # The migration's fill, run on the same tables, gives the tallies the triggers kept.
    kept = card_tally(db_path), note_tally(db_path), due_tally(db_path), forecast_tally(db_path)
    assert kept[2], "no review card left to count"
    assert {row[:2] for row in kept[3]} == {(0, 0), (0, 1), (1, 0), (1, 1)}
    copy = db_path.parent / "copy.db"
    shutil.copy(db_path, copy)
    raw(copy, "UPDATE card_tally SET cards = 99")
    raw(copy, "DELETE FROM note_tally")
    raw(copy, "UPDATE due_tally SET cards = 99")
    raw(copy, "UPDATE forecast_tally SET cards = 99")
    for statement in (*tables.COUNT_FILL, *tables.DUE_FILL, *tables.FORECAST_FILL):
        raw(copy, statement)
    assert (card_tally(copy), note_tally(copy), due_tally(copy), forecast_tally(copy)) == kept


def test_the_counts_and_the_forecast_agree_with_their_definitions(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    clock = Clock(T0)
    months_of_answers(store, clock, random.Random(8), 40)
    clock.now += timedelta(days=12)
    study = session(store, clock, zone=UTC, day_hour=4)
    buried = 0
    for _ in range(10):  # cards buried past their due, to come back on a later day
        card = study.next_card()
        if card is None:
            break
        study.bury(card)
        buried += 1
    assert buried
    # Siblings buried by answers, and one card buried for longer than a day.
    card = study.next_card()
    if card is not None:
        study.answer(card, Rating.GOOD)
    raw(
        db_path,
        "UPDATE card SET buried_until = strftime('%Y-%m-%d %H:%M:%f', due, '+3 days')"
        " WHERE id = (SELECT min(id) FROM card WHERE state = 'review' AND due IS NOT NULL)",
    )
    moved = raw(db_path, "SELECT count(*) FROM card WHERE buried_until > due")[0][0]
    assert moved >= 2
    for now in (clock(), clock() + timedelta(days=2)):
        ends = day_ends(now, 4, UTC)
        for deck in (None, 1):
            stats = collection_stats(store, now, deck, 4, UTC)
            expected = forecast_by_definition(db_path, deck, ends)
            assert stats["forecast"] == expected == due_forecast(store, deck, ends)
            assert stats["due_today"] == expected[0]
            where = "" if deck is None else f" WHERE deck_id = {deck}"
            rows = raw(db_path, f"SELECT state, suspended, retired, leech FROM card{where}")
            live = [r for r in rows if not r[2]]
            queued = [r for r in live if not r[1]]
            assert stats["cards"] == len(live)
            assert stats["suspended"] == sum(1 for r in live if r[1])
            assert stats["leeches"] == sum(1 for r in live if r[3])
            assert stats["new"] == sum(1 for r in queued if r[0] == "new")
            assert stats["review"] == sum(1 for r in queued if r[0] == "review")
            learning = sum(1 for r in queued if r[0] in ("learning", "relearning"))
            assert stats["learning"] == learning
            assert stats["notes"] == raw(db_path, f"SELECT count(*) FROM note{where}")[0][0]
    store.close()


def test_only_a_cards_first_answer_writes_its_tally(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    clock = Clock(T0)
    first = later = 0
    conn = sqlite3.connect(db_path)
    try:
        for days in (0, 45):  # new cards on the first day; reviews and relearning later
            if days:
                months_of_answers(store, clock, random.Random(2), days)
                clock.now += timedelta(days=30)
            study = session(store, clock, zone=UTC, day_hour=4)
            for n in range(16):
                card = study.next_card()
                if card is None:
                    break
                before = card_tally(db_path)
                study.answer(card, RATINGS[n % len(RATINGS)])
                (leech,) = conn.execute("SELECT leech FROM card WHERE id = ?", (card.card_id,))
                if card.state == "new":
                    first += 1
                    assert card_tally(db_path) != before
                elif not leech[0]:
                    later += 1
                    assert card_tally(db_path) == before, card.state
    finally:
        conn.close()
        store.close()
    assert first and later
    assert_tallies_hold(db_path)


@pytest.mark.parametrize("name", ["card_tally_update", "card_tally_insert", "note_tally_insert"])
def test_the_triggers_write_nothing_but_their_tally(tmp_path: Path, name: str) -> None:
    path = tmp_path / "fresh.db"
    Store.open(path).close()
    (body,) = raw(path, "SELECT sql FROM sqlite_master WHERE name = ?", (name,))[0]
    statements = [s for s in body.split(" BEGIN ", 1)[1].split(";") if s.strip() != "END"]
    assert statements and all(
        s.strip().startswith(("INSERT INTO card_tally", "INSERT INTO note_tally"))
        for s in statements
    ), statements
    if name == "card_tally_update":  # only when a counted column changes value
        assert " WHEN (OLD.deck_id) IS NOT (NEW.deck_id) OR (OLD.state != 'new') IS NOT" in body


def test_a_migrated_database_has_the_tallies_of_its_tables(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "schema" / "v5.db"
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    Store.open(path).close()
    assert raw(path, "PRAGMA user_version")[0][0] == tables.SCHEMA_VERSION
    assert card_tally(path) and card_tally(path) == raw(path, CARDS)
    assert note_tally(path) and note_tally(path) == raw(path, NOTES)
    names = {r[0] for r in raw(path, "SELECT name FROM sqlite_master")}
    assert {"card_tally", "note_tally", "ix_card_buried", "card_tally_update"} <= names


@pytest.mark.parametrize(
    "zone",
    [
        UTC,
        ZoneInfo("America/Los_Angeles"),  # day ends at noon UTC or later: a day less quarters
        ZoneInfo("Asia/Kolkata"),  # on a half hour
        ZoneInfo("Asia/Kathmandu"),  # on a quarter to the hour: minutes along the index
        timezone(timedelta(hours=-3, minutes=-7)),  # on no ten minutes either
    ],
    ids=str,
)
def test_every_decks_forecast_from_the_tally_equals_its_definition(
    db_path: Path, zone: tzinfo
) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    clock = Clock(T0)
    months_of_answers(store, clock, random.Random(3), 50)
    # Learning cards due at every few minutes of two days around now, so that each day's
    # edge cuts through tens of minutes that hold cards.
    raw(
        db_path,
        "UPDATE card SET state = 'learning', due = strftime('%Y-%m-%d %H:%M:%f000', :now,"
        " '-' || (id * 37 % 2880) || ' minutes') WHERE id % 3 = 0",
        {"now": to_db_time(clock() + timedelta(days=1))},
    )
    assert_tallies_hold(db_path)
    learning = raw(
        db_path,
        "SELECT count(*) FROM card WHERE state IN ('learning', 'relearning')"
        " AND suspended = 0 AND retired = 0",
    )[0][0]
    for now in (clock(), clock() + timedelta(hours=9, minutes=31)):
        for hour in (0, 4, 13, 23):
            ends = day_ends(now, hour, zone)
            stats = collection_stats(store, now, None, hour, zone)
            expected = forecast_by_definition(db_path, None, ends)
            assert stats["forecast"] == expected and stats["due_today"] == expected[0]
            assert sum(expected[1:3]) > 0
            assert stats["learning"] == learning > 0
    store.close()


def test_the_forecast_triggers_seek_their_rows(tmp_path: Path) -> None:
    """Each statement of the forecast tally's triggers finds its rows by the primary key: an
    answer costs a few seeks, whatever the size of the tally."""
    import re

    path = tmp_path / "fresh.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    try:
        for name in (
            "forecast_tally_update_old",
            "forecast_tally_update_new",
            "forecast_tally_delete",
            "forecast_tally_insert",
        ):
            query = "SELECT sql FROM sqlite_master WHERE name = ?"
            (body,) = conn.execute(query, (name,)).fetchone()
            # No IN list: a trigger would build its lookup table again at every firing.
            assert " IN (" not in body, body
            statements = [s for s in body.split(" BEGIN ", 1)[1].split(";") if s.strip() != "END"]
            assert statements
            for statement in statements:
                bound = re.sub(r"\b(OLD|NEW)\.(\w+)", r":\1_\2", statement)
                params = {
                    f"{row}_{column}": value
                    for row in ("OLD", "NEW")
                    for column, value in (
                        ("state", "review"),
                        ("due", "2026-03-02 09:00:00.000000"),
                        ("suspended", 0),
                        ("retired", 0),
                    )
                }
                plan = " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {bound}", params))
                assert "SCAN forecast_tally" not in plan, (name, statement, plan)
                if statement.lstrip().startswith("DELETE"):
                    assert "SEARCH forecast_tally USING PRIMARY KEY" in plan, plan
    finally:
        conn.close()
