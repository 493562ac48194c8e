"""A new database is made from `store/schema.sql` without SQLModel, and it is the database
SQLModel makes; an out-of-date snapshot is never used."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.store import Store, db, schema
from flashcards.store.version import SCHEMA_VERSION

from support import ROOT


def objects(path: Path) -> tuple[int, set[tuple[str, str, str, str]]]:
    raw = sqlite3.connect(path)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        rows = raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        return version, set(rows)
    finally:
        raw.close()


def test_the_snapshot_is_up_to_date() -> None:
    assert schema.statements() is not None, "run scripts/make_schema.py"


def test_the_snapshot_makes_what_sqlmodel_makes(tmp_path: Path) -> None:
    by_snapshot, by_sqlmodel = tmp_path / "snapshot.db", tmp_path / "sqlmodel.db"
    assert schema.create(by_snapshot)
    db.prepare(by_sqlmodel)
    assert objects(by_snapshot) == objects(by_sqlmodel)
    assert objects(by_snapshot)[0] == SCHEMA_VERSION


def test_an_out_of_date_snapshot_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "sources_digest", lambda: "something else")
    assert schema.statements() is None
    path = tmp_path / "new.db"
    assert not schema.create(path)
    assert not path.exists()
    Store.open(path).close()  # made by SQLModel instead
    assert objects(path)[0] == SCHEMA_VERSION


def test_a_database_already_made_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "made.db"
    Store.open(path).close()
    before = objects(path)
    assert not schema.create(path)
    assert objects(path) == before


def test_creating_a_database_loads_no_orm(tmp_path: Path) -> None:
    code = (
        "import sys; from flashcards.store import Store; "
        f"Store.open({str(tmp_path / 'new.db')!r}).close(); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
