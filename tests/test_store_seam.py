"""The seam between the services and the store: the daily path on the standard sqlite3 driver
(no ORM loaded), the command line's quick answers loading no database code, and every
hand-written statement checked against the schema SQLModel creates."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import SEED

ORM = ("sqlalchemy", "sqlmodel", "pydantic")

REVIEW_SESSION = """
import json, sys
from datetime import UTC, datetime
from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.study import Study

store = Store.open(sys.argv[1])
study = Study(store, clock=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC), fuzz=False)
card = study.next_card()
assert card is not None
study.intervals(card)
study.answer(card, Rating.GOOD)
counts = study.counts()
study.undo()
store.close()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"sqlalchemy", "sqlmodel", "pydantic"})
print(json.dumps({"loaded": loaded, "new": counts.new}))
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_a_review_session_loads_no_orm(db_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0  # the database at the current version
    done = _run(REVIEW_SESSION, str(db_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["new"] > 0  # the session really ran
    assert result["loaded"] == []


def test_migrating_a_database_does_load_the_orm(tmp_path: Path) -> None:
    # The check above would pass vacuously if the probe could not see SQLAlchemy at all.
    # (A new database is made without it: see test_schema_snapshot.py.)
    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema" / "v3.db", old)
    code = (
        "import sys; from flashcards.store import Store; Store.open(sys.argv[1]).close();"
        "print('sqlmodel' in sys.modules)"
    )
    done = _run(code, str(old))
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_load_no_database_code(flag: str, tmp_path: Path) -> None:
    code = (
        "import json, sys, runpy\n"
        f"sys.argv = ['flashcards', {flag!r}]\n"
        "from flashcards import cli\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = dict(os.environ, FLASHCARDS_DB=str(tmp_path / "never.db"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert "flashcards.cli" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ORM]
    assert "_sqlite3" not in loaded and "sqlite3" not in loaded
    assert not [m for m in loaded if m.startswith("flashcards.store.")]
    assert not (tmp_path / "never.db").exists()


def test_every_statement_runs_against_the_schema_sqlmodel_creates(tmp_path: Path) -> None:
    import importlib
    import pkgutil

    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import flashcards.store
    from flashcards.store import db

    # Every module of the store registers its statements when imported; the repository
    # imports some only when a method needs them, so all are imported here.
    for module in pkgutil.iter_modules(flashcards.store.__path__):
        importlib.import_module(f"flashcards.store.{module.name}")
    from flashcards.store.sqlite import STATEMENTS

    path = tmp_path / "schema.db"
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine, tables=db._our_tables())
    engine.dispose()
    assert len(STATEMENTS) > 60
    conn = sqlite3.connect(path)
    try:
        for name, text in STATEMENTS.items():
            try:
                conn.execute(f"EXPLAIN {text}", _nulls(text))
            except sqlite3.Error as exc:
                pytest.fail(f"{name}: {exc}: {text}")
    finally:
        conn.close()


def test_the_contract_check_fails_on_a_statement_the_schema_lacks(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE card (id INTEGER PRIMARY KEY)")
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        conn.execute("EXPLAIN SELECT due FROM card WHERE id = ?", (None,))
    conn.close()


def _nulls(text: str) -> object:
    """NULL for every parameter of a statement (named or positional)."""
    import re

    names = re.findall(r":([a-z_]+)", text)
    if names:
        return dict.fromkeys(names)
    return (None,) * text.count("?")
