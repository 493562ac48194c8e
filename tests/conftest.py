"""Shared fixtures: the real seed document, fixture documents, temporary databases."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from flashcards.store import Store

from study_support import Clock, seeded
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

    def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [flashcards_exe(), *args],
            env=env,
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


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A database with the seed deck imported at T0 (test modules may override it)."""
    opened = seeded(db_path)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)
