"""Databases made by every released schema version open with nothing lost; newer and
corrupt databases are refused clearly and left as they are."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection

from flashcards.domain import Rating
from flashcards.errors import StoreError
from flashcards.store import Store
from flashcards.store import db as store_db
from flashcards.store import version as store_version
from flashcards.store.tables import SCHEMA_VERSION
from flashcards.study import Study

SCHEMAS = sorted((Path(__file__).parent / "fixtures" / "schema").glob("v*.db"))


def test_a_fixture_exists_for_the_current_version() -> None:
    assert Path(__file__).parent / "fixtures" / "schema" / f"v{SCHEMA_VERSION}.db" in SCHEMAS


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    raw = sqlite3.connect(path)
    try:
        return {
            "notes": raw.execute("SELECT id, word, definition FROM note ORDER BY id").fetchall(),
            "cards": raw.execute(
                "SELECT id, note_id, kind, state, due, stability, lapses, suspended FROM card "
                "ORDER BY id"
            ).fetchall(),
            "log": raw.execute(
                "SELECT id, card_id, rating, reviewed_at, undone FROM review_log ORDER BY id"
            ).fetchall(),
            "quiz": raw.execute(
                "SELECT id, note_id, correct FROM quiz_result ORDER BY id"
            ).fetchall(),
        }
    finally:
        raw.close()


@pytest.mark.parametrize("fixture", SCHEMAS, ids=lambda p: p.stem)
def test_old_versions_open_with_everything_intact(fixture: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    before = snapshot(path)
    assert before["log"] and before["quiz"] and before["cards"]
    store = Store.open(path)
    assert snapshot(path) == before
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    notes = store.notes()
    assert len(notes) == len(before["notes"])
    assert sum(len(n.cards) for n in notes) == len(before["cards"])
    # The history is still the history: the engine goes on from it.
    study = Study(store, fuzz=False)
    card = study.next_card()
    if card is not None:
        study.answer(card, Rating.GOOD)
    store.close()
    stats = json.loads(cli("--db", str(path), "stats", "--json").stdout)
    assert stats["reviews_total"] >= sum(1 for row in before["log"] if not row[4])


def test_migrations_run_in_order_and_keep_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(SCHEMAS[-1], path)
    before = snapshot(path)
    ran: list[int] = []

    def add_column(conn: Connection) -> None:
        ran.append(SCHEMA_VERSION)
        conn.exec_driver_sql("ALTER TABLE note ADD COLUMN example_translation TEXT")

    monkeypatch.setattr(store_version, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_db.MIGRATIONS, SCHEMA_VERSION, add_column)
    Store.open(path).close()
    assert ran == [SCHEMA_VERSION]
    assert snapshot(path) == before
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    raw.close()


def test_a_failed_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(SCHEMAS[-1], path)
    before = snapshot(path)

    def broken(conn: Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE note ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_version, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_db.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises((StoreError, sqlite3.OperationalError)):
        Store.open(path)
    assert snapshot(path) == before
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "half_done" not in [r[1] for r in raw.execute("PRAGMA table_info(note)")]
    raw.close()


def corrupt_files(tmp: Path) -> dict[str, Path]:
    good = tmp / "good.db"
    shutil.copy(SCHEMAS[-1], good)
    data = good.read_bytes()
    files = {
        "truncated": data[: len(data) // 3],
        "random": os.urandom(50_000),
        "text": b"word,definition\nniche,a small segment\n",
        "damaged pages": data[:4096] + os.urandom(len(data) - 4096),
    }
    out = {}
    for name, content in files.items():
        path = tmp / f"{name.replace(' ', '-')}.db"
        path.write_bytes(content)
        out[name] = path
    return out


@pytest.mark.parametrize("kind", ["truncated", "random", "text", "damaged pages"])
def test_corrupt_database_is_refused_and_kept(kind: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = corrupt_files(tmp_path)[kind]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["list", "--json"], ["stats", "--json"], ["import", "/dev/null"]):
        r = cli("--db", str(path), *args)
        assert r.returncode == 1, (kind, args, r.stdout[:200])
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert str(path) in r.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_the_schema_changed_only_with_a_new_version(tmp_path: Path) -> None:
    """A change to the tables needs a new SCHEMA_VERSION, a migration and a new fixture."""

    def schema(path: Path) -> list[tuple[str, str]]:
        raw = sqlite3.connect(path)
        try:
            return raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()
        finally:
            raw.close()

    fresh = tmp_path / "fresh.db"
    Store.open(fresh).close()
    current = Path(__file__).parent / "fixtures" / "schema" / f"v{SCHEMA_VERSION}.db"
    assert schema(fresh) == schema(current)
