"""The benchmarks' synthetic collection: built directly with sqlite3 on the program's own
schema, in blocks, and a database the program reads like any other."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_card_tally import DAYS, DUE, TENS, due_tally, forecast_tally

from bench.collection import BLOCK, build_collection, cached_collection
from flashcards.domain import CardKind, Rating
from flashcards.store import Store, tables
from flashcards.study import Study
from flashcards.text.forms import find_uses


def schema(path: Path) -> list[tuple[str, str]]:
    raw = sqlite3.connect(path)
    try:
        return sorted(raw.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        raw.close()


def test_blocks_make_one_consistent_collection(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "built.db"
    held = build_collection(path, 1_200, logs_per_card=3, block=400)
    assert held == {"decks": 3, "notes": 3 * 134, "cards": 1_200, "review_log": 3_600}
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    assert schema(path) == schema(empty)  # exactly the program's schema, indexes included
    raw = sqlite3.connect(path)
    assert (
        raw.execute("PRAGMA user_version").fetchone()
        == sqlite3.connect(empty).execute("PRAGMA user_version").fetchone()
    )
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert raw.execute(  # every card in its note's deck, every log row on a scheduled card
        "SELECT count(*) FROM card c JOIN note n ON n.id = c.note_id WHERE n.deck_id != c.deck_id"
    ).fetchone() == (0,)
    assert raw.execute(
        "SELECT count(*) FROM review_log r JOIN card c ON c.id = r.card_id "
        "WHERE c.state = 'new' OR c.deck_id != r.deck_id"
    ).fetchone() == (0,)
    times = [t for (t,) in raw.execute("SELECT reviewed_at FROM review_log ORDER BY id")]
    assert times == sorted(times) and len(times[0]) == 26  # oldest first, stored time format
    assert raw.execute("SELECT count(DISTINCT name) FROM deck").fetchone() == (3,)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()
    done = cli("--db", str(path), "list", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 3 * 134
    stats = json.loads(cli("--db", str(path), "stats", "--json").stdout)
    assert stats["cards"] == 1_200 and stats["reviews_total"] == 3_600


def test_built_collections_are_cached_by_size(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FLASHCARDS_BENCH_CACHE", str(tmp_path))
    first = cached_collection(300, logs_per_card=1)
    stamp = first.stat().st_mtime_ns
    assert cached_collection(300, logs_per_card=1) == first
    assert first.stat().st_mtime_ns == stamp  # not built again
    assert cached_collection(600, logs_per_card=1) != first


def _defined_groups_and_tally(path: Path) -> tuple[list[tuple[object, ...]], list[object]]:
    """The log's groups and tally of a copy of `path`, filled as their definitions say
    (`tables.GROUP_FILL`, `tables.TALLY_FILL`, the migration's fill)."""
    raw = sqlite3.connect(path)
    try:
        raw.execute("UPDATE review_log SET counted_as = NULL")
        raw.execute(tables.GROUP_FILL)
        raw.execute("DELETE FROM review_tally")
        raw.execute(tables.TALLY_FILL)
        tally = raw.execute("SELECT * FROM review_tally ORDER BY 1, 2").fetchall()
        groups = [g for (g,) in raw.execute("SELECT counted_as FROM review_log ORDER BY id")]
        raw.rollback()
        return tally, groups
    finally:
        raw.close()


@pytest.mark.parametrize("block", [BLOCK, 250])  # the 1k collection, and the same in 4 blocks
def test_the_1k_collection_is_what_the_program_would_have_made(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    block: int,
) -> None:
    path = tmp_path / "1k.db"
    held = build_collection(path, 1_000, block=block)
    assert held["cards"] == 1_000 and held["review_log"] == 10_000
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    assert schema(path) == schema(empty)

    tally, groups = _defined_groups_and_tally(path)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT * FROM review_tally ORDER BY 1, 2").fetchall() == tally
        assert [g for (g,) in raw.execute("SELECT counted_as FROM review_log ORDER BY id")] == (
            groups
        )
        assert {"mature", None} <= set(groups)  # a group, and first answers (in neither)
        # The reviews by deck and day are filled as the triggers would have kept them.
        assert due_tally(path) == raw.execute(DUE).fetchall() != []
        assert forecast_tally(path) == raw.execute(DAYS).fetchall() + raw.execute(TENS).fetchall()
        assert {row[:2] for row in forecast_tally(path)} == {(0, 0), (0, 1), (1, 0), (1, 1)}
        # The search index holds every note, as the fill makes it, with nothing pending.
        assert raw.execute("SELECT count(*) FROM note_search_pending").fetchone() == (0,)
        raw.execute("INSERT INTO note_search (note_search) VALUES ('integrity-check')")
        config = "SELECT * FROM note_search_config ORDER BY 1"
        assert raw.execute(config).fetchall() == sqlite3.connect(empty).execute(config).fetchall()
        assert raw.execute("SELECT count(*) FROM note_search").fetchone() == (held["notes"],)
        word, note_id = raw.execute("SELECT word, id FROM note ORDER BY id DESC").fetchone()
        found = raw.execute(
            "SELECT rowid FROM note_search WHERE note_search MATCH ?", (f'"{word}"*',)
        ).fetchall()
        assert (note_id,) in found
        # Every note's example and every context carry their spans, found as an import does.
        rows = raw.execute(
            "SELECT n.word, n.pos, n.example, n.example_spans, c.sentence, c.spans"
            " FROM note n JOIN context c ON c.note_id = n.id"
        ).fetchall()
        assert len(rows) == 2 * held["notes"]
        for word, pos, example, example_spans, sentence, spans in rows:
            assert [tuple(s) for s in json.loads(example_spans)] == find_uses(example, word, pos)
            assert [tuple(s) for s in json.loads(spans)] == find_uses(sentence, word, pos)
            assert json.loads(spans) and json.loads(example_spans)  # each uses the word
    finally:
        raw.close()

    stats = cli("--db", str(path), "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["cards"] == 1_000 and figures["reviews_total"] == 10_000
    assert figures["retention_detail"]  # read from the tally

    store = Store.open(path)  # a review opens on it and shows each kind of card
    try:
        study = Study(store, None)
        kinds = set()
        for _ in range(40):
            card = study.next_card()
            assert card is not None
            kinds.add(card.kind)
            typed = card.expected if card.typed else None
            study.answer(card, Rating.GOOD, typed=typed, duration_ms=3_000)
        assert kinds == set(CardKind)
    finally:
        store.close()
    after = sqlite3.connect(path)
    assert due_tally(path) == after.execute(DUE).fetchall()  # triggers kept
    assert forecast_tally(path) == after.execute(DAYS).fetchall() + after.execute(TENS).fetchall()
    after.close()
