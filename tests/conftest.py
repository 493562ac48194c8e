"""Shared fixtures: the real seed document, fixture documents, temporary databases.

The databases, each a real SQLite file at `db_path` in the test's own folder:

- `empty_store`: a new database, no deck yet;
- `seeded_store`: the seed document imported at T0 (`flashcards import`, no corrections);
- `bundled_store`: the bundled deck loaded at T0 (the seed document with the corrections of
  `decks/`, as the first start of the app loads it).

The seeded and bundled databases are built once per test session and copied for each test.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from flashcards.importing import import_file, load_bundled
from flashcards.store import Store

from study_support import Clock
from support import SEED, T0, flashcards_exe


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "flashcards.db"


@pytest.fixture
def cli(tmp_path: Path, db_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed program as a subprocess on a temporary database."""
    env = dict(os.environ, FLASHCARDS_DB=str(db_path), NO_COLOR="1")
    env.pop("FLASHCARDS_DAY_START", None)

    def run(
        *args: str, extra_env: dict[str, str] | None = None, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [flashcards_exe(), *args],
            env=env | (extra_env or {}),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
            timeout=120,
            **kwargs,  # type: ignore[arg-type]
        )

    return run


@pytest.fixture(autouse=True)
def _no_day_start_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The learner's day-start hour comes from the tests, never from the environment."""
    monkeypatch.delenv("FLASHCARDS_DAY_START", raising=False)


def _template(folder: Path, fill: Callable[[Store, datetime], object]) -> Path:
    """A database filled once, checkpointed into its main file so that a copy is complete."""
    path = folder / "flashcards.db"
    opened = Store.open(path)
    try:
        fill(opened, T0)
    finally:
        opened.close()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("seeded"), lambda s, now: import_file(s, SEED, now))


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("bundled"), load_bundled)


def _opened_copy(template: Path, db_path: Path) -> Iterator[Store]:
    shutil.copyfile(template, db_path)
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def empty_store(db_path: Path) -> Iterator[Store]:
    """A new database at `db_path`: no deck yet."""
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def seeded_store(_seeded_template: Path, db_path: Path) -> Iterator[Store]:
    """The seed document imported at T0, at `db_path`."""
    yield from _opened_copy(_seeded_template, db_path)


@pytest.fixture
def bundled_store(_bundled_template: Path, db_path: Path) -> Iterator[Store]:
    """The bundled deck loaded at T0 (the seed document with its corrections), at `db_path`."""
    yield from _opened_copy(_bundled_template, db_path)


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)
