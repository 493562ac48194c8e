"""The benchmarks' synthetic collection: built directly with sqlite3 on the program's own
schema, in blocks, and a database the program reads like any other."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.collection import build_collection, cached_collection
from flashcards.store import Store


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
