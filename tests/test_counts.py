"""The queue counts without scans: every count is answered from a covering index, Home's
counts of every deck come from one query, and a session keeps its counts up to date from
its own answers, agreeing with a fresh count after every one of them."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flashcards.domain import CardState, Rating
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.store.queues import ReviewSnapshot, Scope
from flashcards.store.sqlite import STATEMENTS, to_db_time
from flashcards.study import Study

from study_support import AGAIN, EASY, GOOD, HARD, Clock, deck_id, session
from support import SEED, T0

FIXTURES = Path(__file__).parent / "fixtures" / "schema"


def _plan(path: Path, text: str) -> list[str]:
    names = re.findall(r":([a-z_]+)", text)
    params = dict.fromkeys(names) if names else (None,) * text.count("?")
    conn = sqlite3.connect(path)
    try:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {text}", params)]
    finally:
        conn.close()


@pytest.fixture
def store(seeded_store: Store) -> Store:
    """The seed deck imported at T0."""
    return seeded_store


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A new database: the schema SQLModel creates."""
    path = tmp_path / "fresh.db"
    Store.open(path).close()
    return path


def _queue_statements(prefix: str) -> dict[str, str]:
    found = {name: text for name, text in STATEMENTS.items() if name.startswith(prefix)}
    assert found, prefix
    return found


@pytest.mark.parametrize("prefix", ["queue.count.", "queue.deck_sizes"])
def test_every_count_reads_a_covering_index_and_never_the_card_table(
    fresh: Path, prefix: str
) -> None:
    for name, text in _queue_statements(prefix).items():
        plan = _plan(fresh, text)
        on_cards = [step for step in plan if " card " in f"{step} "]
        assert on_cards, (name, plan)
        assert all("USING COVERING INDEX ix_card_counts" in step for step in on_cards), (
            name,
            plan,
        )
        assert not [step for step in plan if step.startswith("SCAN card")], (name, plan)


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("queue.learning_due", "ix_card_due"),
        ("queue.new_with_due", "ix_card_due"),
        ("queue.buried_at", "ix_card_buried_at"),
    ],
)
def test_what_the_counts_take_off_is_a_range_of_one_index(
    fresh: Path, name: str, index: str
) -> None:
    # The index alone: a partial index's plan says "USING INDEX" when the query names a
    # column of its WHERE, so the test is that no column of the table's row is read.
    plan = _plan(fresh, STATEMENTS[name])
    assert plan and all(s.startswith(f"SEARCH card USING INDEX {index} (") for s in plan), plan
    assert not _reads_of(fresh, STATEMENTS[name], "card"), plan


def test_every_decks_sizes_seek_their_tallies(fresh: Path) -> None:
    for name, text in _queue_statements("queue.deck_sizes").items():
        plan = " | ".join(_plan(fresh, text))
        assert "SEARCH due_tally USING PRIMARY KEY (deck_id=? AND day<?)" in plan, (name, plan)
        assert "SEARCH card_tally USING " in plan, (name, plan)
        assert "SCAN due_tally" not in plan and "SCAN card_tally" not in plan, (name, plan)


def test_todays_answers_are_a_range_of_the_day_index(fresh: Path) -> None:
    for name, text in _queue_statements("queue.answered_since").items():
        plan = " ".join(_plan(fresh, text))
        assert "COVERING INDEX ix_review_log_day (reviewed_at>? AND reviewed_at<?)" in plan, name


def test_the_next_card_walks_an_index_in_order(fresh: Path) -> None:
    for name, text in _queue_statements("queue.first.").items():
        plan = _plan(fresh, text)
        assert not [step for step in plan if step.startswith("SCAN card")], (name, plan)
        if ".learning." not in name:  # learning: two rows, one from each state, sorted
            assert not [step for step in plan if "TEMP B-TREE" in step], (name, plan)


def _objects(path: Path) -> dict[str, str]:
    """The indexes, triggers and the tally table of a database, by name."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND (type IN ('index', 'trigger') OR name = 'review_tally')"
        )
        return dict(rows.fetchall())
    finally:
        conn.close()


def _tally(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The tally as kept, and as counted from the log."""
    conn = sqlite3.connect(path)
    try:
        kept = conn.execute(
            "SELECT deck_id, prior_state, answers, passed FROM review_tally"
            " WHERE answers != 0 ORDER BY 1, 2"
        ).fetchall()
        counted = conn.execute(
            "SELECT coalesce(deck_id, 0), coalesce(prior_state, ''), count(*), sum(rating != 1)"
            " FROM review_log WHERE undone = 0 GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        return kept, counted
    finally:
        conn.close()


def test_a_migrated_database_has_the_indexes_of_a_new_one(fresh: Path, tmp_path: Path) -> None:
    indexes = _objects

    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "v4.db", old)
    assert "ix_card_deck_queue" in indexes(old)
    Store.open(old).close()
    assert indexes(old) == indexes(fresh)
    for gone in ("ix_card_queue", "ix_card_deck_queue", "ix_note_deck_id", "ix_card_note_id"):
        assert gone not in indexes(old)
    kept, counted = _tally(old)
    assert kept == counted and kept  # the log's tally, filled from the log


def test_the_tally_follows_answers_undos_and_answers_from_elsewhere(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    for rating in (GOOD, AGAIN, EASY, HARD, AGAIN, GOOD):
        card = study.next_card()
        assert card is not None
        study.answer(card, rating)
        clock.advance(minutes=15)
    study.undo()
    study.undo()
    with seeded_store.writing() as conn:  # as a merge from Anki writes: a plain insert
        conn.execute(
            "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, state_before,"
            " prior_state, state, undone, source) SELECT id, deck_id, 1,"
            " '2026-03-01 10:00:00.000000', '{}', 'review', 'review', 0, 'anki' FROM card LIMIT 2"
        )
    kept, counted = _tally(db_path)
    assert kept == counted
    assert sum(row[2] for row in kept) == 6  # four answers in force, two from Anki


# -- Home: every deck at once ----------------------------------------------------------------


def test_home_counts_every_deck_in_one_read_as_a_session_of_each_deck_would(
    seeded_store: Store, clock: Clock
) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    first, second = seeded_store.decks()
    seeded_store.update_deck_settings(second.id, new_per_day=3, reviews_per_day=1)
    study = session(seeded_store, clock, deck_id=first.id)
    for rating in (EASY, EASY, EASY, AGAIN):
        card = study.next_card()
        assert card is not None
        study.answer(card, rating)
    clock.advance(days=30)  # reviews come due in the first deck
    one = session(seeded_store, Clock(clock.now), deck_id=second.id)
    card = one.next_card()
    assert card is not None
    one.answer(card, GOOD)

    everything = session(seeded_store, clock).deck_counts(clock.now)
    assert set(everything) == {first.id, second.id}
    for deck in (first, second):
        assert everything[deck.id] == session(seeded_store, clock, deck_id=deck.id).counts()
    assert everything[first.id].review > 0
    assert everything[second.id].new == 2  # three a day, one answered


def _each_deck(
    snap: ReviewSnapshot, now: datetime, before: datetime, by: datetime, caps: tuple[int, int]
) -> dict[int, tuple[int, int, int]]:
    """Every deck's sizes, counted deck by deck along the index (the definition)."""
    out = {}
    for deck in snap.deck_limits(None):
        scope = Scope(deck=deck.id)
        out[deck.id] = (
            snap.count_new(now, scope, caps[0]),
            snap.count_reviews(before, now, scope, caps[1]),
            snap.count_learning(by, now, scope),
        )
    return out


def test_every_decks_sizes_from_the_tallies_are_each_decks_own_count(
    seeded_store: Store, clock: Clock
) -> None:
    """Reviews from the due tally and the edge of their day, new notes from the card tally
    or the index, buried cards taken off: the counts deck by deck, whatever the time of
    the day's end, the caps, the burials and the odd card a file may hold."""
    import random

    from test_retention_tally import months_of_answers

    import_file(seeded_store, SEED, T0, deck="second")
    import_file(seeded_store, SEED, T0, deck="third")
    months_of_answers(seeded_store, clock, random.Random(3), 45)
    study = session(seeded_store, clock, zone=UTC, day_hour=4)
    for _ in range(9):  # answers that bury their siblings, and buried cards
        card = study.next_card()
        if card is None:
            break
        study.answer(card, GOOD) if card.state == CardState.NEW else study.bury(card)
    # A deck all new but one note, whose answer buried its other new cards: the new cards'
    # tally is then more than its notes can show (the caps below go through that edge).
    fresh = import_file(seeded_store, SEED, clock.now, deck="fourth")
    assert fresh is not None
    fourth = next(d.id for d in seeded_store.decks() if d.name == "fourth")
    card = session(seeded_store, clock, zone=UTC, day_hour=4, deck_id=fourth).next_card()
    assert card is not None and card.state == CardState.NEW
    session(seeded_store, clock, zone=UTC, day_hour=4, deck_id=fourth).answer(card, GOOD)
    import_file(seeded_store, SEED, clock.now, deck="fifth")
    with seeded_store.writing() as conn:  # what no screen writes, but a file can hold
        conn.execute(  # new cards with a due: two notes of a fresh deck, every card of them
            "UPDATE card SET due = '2026-03-01 10:00:00.000000' WHERE note_id IN (SELECT id"
            " FROM note WHERE deck_id = (SELECT id FROM deck WHERE name = 'fifth')"
            " ORDER BY id LIMIT 2)"
        )
        conn.execute("UPDATE card SET suspended = 1 WHERE state = 'review' AND id % 5 = 0")
        conn.execute(  # learning cards buried too (a bury of one on screen)
            "UPDATE card SET buried_until = ? WHERE state IN ('learning', 'relearning')"
            " AND id % 2 = 0",
            (to_db_time(clock.now + timedelta(days=2)),),
        )
    with seeded_store.reading() as conn:
        buried = conn.execute(
            "SELECT count(*) FROM card WHERE buried_until > ?", (to_db_time(clock.now),)
        ).fetchone()[0]
    assert buried > 0
    checked = set()
    for hours in range(-30, 24 * 20, 7):
        now = clock.now + timedelta(hours=hours)
        for before in (now + timedelta(minutes=1), now + timedelta(hours=20, minutes=30)):
            by = now + timedelta(minutes=20)
            for caps in ((0, 0), *((n, 2) for n in range(1, 12)), (5, 40), (60, 500)):
                with seeded_store.snapshot() as snap:
                    got = snap.deck_sizes(now, before, by, *caps)
                    want = _each_deck(snap, now, before, by, caps)
                    total = snap.learning_due(by, now)
                    alone = snap.deck_sizes(now, before, by, *caps, learning_by_deck=False)
                assert got == want, (now, before, caps)
                assert total == sum(s[2] for s in want.values())
                assert alone == {d: (s[0], s[1], 0) for d, s in want.items()}
                checked.update((s[0] == caps[0] > 0, s[1] > 0, s[2] > 0) for s in got.values())
    # Decks at their new cap and under it, with reviews and with learning cards due.
    assert {(True, True, True), (False, True, True), (True, False, False)} <= checked, checked


def test_home_reads_no_deck_twice(
    seeded_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    calls: list[str] = []
    for name in ("count_new", "count_reviews", "count_learning", "deck_sizes"):
        real = getattr(ReviewSnapshot, name)

        def spy(self: ReviewSnapshot, *args: object, _real=real, _name=name) -> object:  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(ReviewSnapshot, name, spy)
    session(seeded_store, clock).deck_counts(clock.now)
    assert calls == ["deck_sizes"]


# -- a session's counts follow its answers ---------------------------------------------------


def _fresh_counts(store: Store, clock: Clock, deck: int | None) -> object:
    return session(store, Clock(clock.now), deck_id=deck).counts()


@pytest.mark.parametrize("every_deck", [False, True])
def test_the_counts_a_session_keeps_agree_with_a_fresh_count_after_every_answer(
    seeded_store: Store, clock: Clock, every_deck: bool
) -> None:
    import_file(seeded_store, SEED, T0, deck="second")
    first = deck_id(seeded_store)
    seeded_store.update_deck_settings(first, new_per_day=6, reviews_per_day=4)
    deck = None if every_deck else first
    ratings = [GOOD, AGAIN, EASY, HARD, GOOD, GOOD, AGAIN, EASY]
    answered = 0
    for day in range(4):
        clock.now = T0 + timedelta(days=day)
        study = session(seeded_store, clock, deck_id=deck)
        assert study.counts() == _fresh_counts(seeded_store, clock, deck)
        for i in range(14):
            card = study.next_card()
            if card is None:
                break
            study.answer(card, ratings[(i + day) % len(ratings)])
            answered += 1
            clock.advance(seconds=2)  # within a minute: the session's own counts
            assert study.counts() == _fresh_counts(seeded_store, clock, deck), (day, i, card)
    assert answered > 30


def test_an_answer_updates_the_counts_without_counting(
    seeded_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = session(seeded_store, clock)
    before = study.counts()
    card = study.next_card()
    assert card is not None and card.state == CardState.NEW
    counted: list[str] = []
    for name in ("count_new", "count_reviews", "count_learning", "deck_sizes", "deck_limits"):
        real = getattr(ReviewSnapshot, name)

        def spy(self: ReviewSnapshot, *args: object, _real=real, _name=name) -> object:  # type: ignore[no-untyped-def]
            counted.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(ReviewSnapshot, name, spy)
    study.answer(card, Rating.AGAIN)
    after = study.counts()
    assert (after.new, after.learning) == (before.new - 1, before.learning + 1)
    assert counted == []
    clock.advance(minutes=2)  # a minute later the session counts again
    study.counts()
    assert counted


def test_an_undo_counts_again(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    before = study.counts()
    card = study.next_card()
    assert card is not None
    study.answer(card, GOOD)
    assert study.counts() != before
    study.undo()
    assert study.counts() == before


def test_a_study_reads_nothing_when_made(
    seeded_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the constructor read the database")

    monkeypatch.setattr(seeded_store, "reading", refuse)
    monkeypatch.setattr(seeded_store, "snapshot", refuse)
    monkeypatch.setattr(seeded_store, "setting", refuse)
    Study(seeded_store, None, clock=clock)


# -- statistics ------------------------------------------------------------------------------


def _reads_of(path: Path, text: str, table: str) -> list[str]:
    """The opcodes of `text` that read a column or the row of `table` itself (a partial
    index's plan says "USING INDEX" when the query names a column of its WHERE, but the row
    is only sought when one of its columns is read)."""
    names = re.findall(r":([a-z_]+)", text)
    params = dict.fromkeys(names) if names else (None,) * text.count("?")
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        root = found.fetchone()
        program = conn.execute(f"EXPLAIN {text}", params).fetchall()
    finally:
        conn.close()
    cursors = {p1 for _, op, p1, p2, *_ in program if op == "OpenRead" and p2 == root[0]}
    return [op for _, op, p1, *_ in program if p1 in cursors and op in ("Column", "Rowid")]


def test_statistics_read_indexes_and_ranges_never_the_tables(fresh: Path) -> None:
    import flashcards.store.reports  # noqa: F401  (registers the statements)

    for name, text in _queue_statements("report.").items():
        plan = _plan(fresh, text)
        for step in plan:
            if re.search(r" (card|review_log)( |$)", step):  # the tables, not their tallies
                assert "COVERING INDEX" in step or "USING INDEX" in step, (name, plan)
                assert not _reads_of(fresh, text, step.split()[1]), (name, plan)
        if name.startswith(("report.card_counts", "report.notes")):
            assert not re.search(r" (card|note)( |$)", " ".join(plan)), (name, plan)
        if name.startswith(("report.forecast", "report.retention", "report.reviews.between")):
            scans = [step for step in plan if step.startswith(("SCAN card", "SCAN review_log"))]
            assert not scans, (name, plan)
        if name.startswith("report.reviews.between"):
            assert "ix_review_log_day (reviewed_at>? AND reviewed_at<?)" in " ".join(plan)


# -- the review path loads only what the first card needs ------------------------------------

REVIEW_PATH = """
import json, sys
from datetime import UTC, datetime
from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.study import Study
from flashcards.tui import render
from flashcards.tui.screens.review_jobs import draw_back

now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
store = Store.open(sys.argv[1])
study = Study(store, fuzz=False)
card = study.next_card(now)
assert card is not None
study.counts(now)
study.intervals(card, now)
render.front(card.kind, card.note, card.blanked)
draw_back(card)
study.answer(card, Rating.GOOD, now=now)
store.close()
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""
HEAVY = ("fsrs_rs_python", "numpy", "lemminflect", "pyphen", "genanki", "rapidfuzz", "torch")


def test_the_review_path_imports_nothing_heavy(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0  # the database at the current version
    done = subprocess.run(
        [sys.executable, "-c", REVIEW_PATH, str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert {"flashcards", "fsrs", "textual"} <= loaded  # the probe sees what it loads
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
