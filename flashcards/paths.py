"""Where the learner's database lives and where the bundled decks are."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "FLASHCARDS_DB"
APP_NAME = "flashcards"


def database_path(explicit: str | None = None) -> Path:
    """`--db PATH`, else $FLASHCARDS_DB, else `flashcards.db` in the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DB)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "flashcards.db"


def bundled_root() -> Path:
    """The folder holding `decks/` and `data/`: inside the installed package for a wheel,
    the repository's top level for a source checkout."""
    packaged = Path(__file__).resolve().parent / "_bundled"
    if (packaged / "decks").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def bundled_decks_dir() -> Path:
    return bundled_root() / "decks"
