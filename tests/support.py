"""Constants and helpers shared by the tests (importable as `support`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
