"""The SQLite the program needs (an answer's update returns what it buries: RETURNING, 3.35),
checked when a database is opened, with one clear line instead of a failure mid-review."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from flashcards.errors import StoreError
from flashcards.store import sqlite as store_sqlite

#: Makes the program's Python report an older SQLite than the one it has.
_OLD_SQLITE = (
    "import sqlite3\nsqlite3.sqlite_version_info = (3, 34, 1)\nsqlite3.sqlite_version = '3.34.1'\n"
)


def test_this_python_has_the_sqlite_needed() -> None:
    assert sqlite3.sqlite_version_info >= store_sqlite.MIN_SQLITE
    store_sqlite.check_sqlite(sqlite3.sqlite_version_info)


def test_an_older_sqlite_is_refused_by_name() -> None:
    with pytest.raises(StoreError, match=r"SQLite 3\.35\.5 or newer.*3\.34\.1"):
        store_sqlite.check_sqlite((3, 34, 1))
    store_sqlite.check_sqlite((3, 35, 5))


def test_the_program_on_an_older_sqlite_says_so_and_leaves_the_file(
    tmp_path: Path, db_path: Path, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    made = cli("stats")
    assert made.returncode == 0, made.stderr
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_OLD_SQLITE)
    ran = cli("stats", extra_env={"PYTHONPATH": str(site)})
    assert ran.returncode != 0
    assert "Traceback" not in ran.stderr
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    assert "SQLite 3.35.5 or newer" in lines[0] and "3.34.1" in lines[0]
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
