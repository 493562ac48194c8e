"""Constants and helpers shared by the tests (importable as `support`)."""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "making-ai-accessible-karpathy-zhan.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_WORDS = [
    "agi",
    "intimidating",
    "niche",
    "poached",
    "inspire",
    "oligopoly",
    "autonomous",
    "vibrant",
    "amplifier",
    "co-design",
]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def flashcards_exe() -> str:
    """The installed `flashcards` command of the environment running the tests."""
    beside = Path(sys.executable).parent / "flashcards"
    if beside.exists():
        return str(beside)
    found = shutil.which("flashcards")
    if not found:
        pytest.fail("the flashcards command is not installed in this environment")
    return found
