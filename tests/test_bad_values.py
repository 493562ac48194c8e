"""Values edited by hand into the database (a `due` that is not a time, synonyms that are not
JSON, an unknown state): one line naming the table, the row and the column, or the command
goes on — never a traceback, and the database is left as it is."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from flashcards.errors import StoreError
from flashcards.store import Store
from flashcards.study import Study

from study_support import NY, Clock, utc
from support import SEED

BAD = {
    "due": ("card", "UPDATE card SET state = 'review', due = 'garbage' WHERE id = {card}", "due"),
    "state": ("card", "UPDATE card SET state = 'bogus' WHERE id = {card}", "state"),
    "synonyms": ("note", "UPDATE note SET synonyms = 'not json [' WHERE id = {note}", "synonyms"),
    "synonyms-not-a-list": (
        "note",
        "UPDATE note SET synonyms = '{{}}' WHERE id = {note}",
        "synonyms",
    ),
}


def spoil(db_path: Path, statement: str) -> tuple[int, int]:
    raw = sqlite3.connect(db_path)
    note, card = raw.execute("SELECT note_id, id FROM card ORDER BY id LIMIT 1").fetchone()
    raw.execute(statement.format(card=card, note=note))
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return note, card


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settled_digest(path: Path) -> str:
    """`digest` once whatever the write-ahead log holds is in the file."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return digest(path)


@pytest.mark.parametrize("case", sorted(BAD))
def test_list_names_the_bad_row_in_one_line(case: str, db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    table, statement, column = BAD[case]
    note, card = spoil(db_path, statement)
    row = card if table == "card" else note
    before = digest(db_path)
    done = cli("list", "--json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert f"table {table}, id {row}, column {column}" in done.stderr
    stats = cli("stats", "--json")  # counting needs no parsing: it goes on
    assert stats.returncode == 0, stats.stderr
    assert digest(db_path) == before


def test_a_review_refuses_a_bad_due_in_one_line(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    _, card = spoil(
        db_path, "UPDATE card SET state = 'learning', due = '2026-0X' WHERE id = {card}"
    )
    store = Store.open(db_path)
    study = Study(store, clock=Clock(utc(2026, 12, 1, 12, 0)), fuzz=False, zone=NY)
    with pytest.raises(StoreError, match=f"table card, id {card}, column due"):
        study.next_card()
    store.close()


def test_an_answer_refuses_a_sibling_buried_until_a_bad_time_in_one_line(
    db_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    """The siblings an answer buries are read by its update: a sibling whose burial time is
    not a time names its row and column, and the answer writes nothing."""
    assert cli("import", str(SEED)).returncode == 0
    raw = sqlite3.connect(db_path)
    note, card = raw.execute(
        "SELECT note_id, id FROM card WHERE state = 'new' ORDER BY id LIMIT 1"
    ).fetchone()
    sibling = raw.execute(
        "SELECT max(id) FROM card WHERE note_id = ? AND id != ?", (note, card)
    ).fetchone()[0]
    raw.close()
    spoil(db_path, f"UPDATE card SET buried_until = '2026-0X' WHERE id = {sibling}")
    before = digest(db_path)
    store = Store.open(db_path)
    try:
        study = Study(store, clock=Clock(utc(2026, 12, 1, 12, 0)), fuzz=False, zone=NY)
        shown = study.next_card()
        assert shown is not None and shown.card_id == card
        with pytest.raises(StoreError, match=f"table card, id {sibling}, column buried_until"):
            study.answer(shown, 3)
    finally:
        store.close()
    assert settled_digest(db_path) == before


@pytest.mark.parametrize(
    ("column", "spoilt"),
    [
        ("stability", "state = 'review', stability = 'abc', difficulty = 5"),
        ("step", "state = 'learning', step = 'x', stability = 3, difficulty = 5"),
        ("difficulty", "state = 'review', stability = 3, difficulty = 'hard'"),
    ],
)
def test_a_review_refuses_a_schedule_number_that_is_not_a_number_in_one_line(
    column: str, spoilt: str, db_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    """A card due with a hand-edited stability, step or difficulty: the review names the row
    and the column (was a TypeError out of the scheduler at its intervals or its answer),
    and writes nothing."""
    assert cli("import", str(SEED)).returncode == 0
    _, card = spoil(
        db_path,
        f"UPDATE card SET {spoilt}, due = '2026-11-30 10:00:00.000000',"
        " last_review = '2026-11-20 10:00:00.000000' WHERE id = {card}",
    )
    before = digest(db_path)
    store = Store.open(db_path)
    try:
        study = Study(store, clock=Clock(utc(2026, 12, 1, 12, 0)), fuzz=False, zone=NY)
        with pytest.raises(StoreError, match=f"table card, id {card}, column {column}"):
            study.next_card()  # the card due first, refused as a bad due is
    finally:
        store.close()
    assert settled_digest(db_path) == before
