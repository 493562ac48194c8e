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


LIST = "Key Vocabularies and Common Phrases:\n\n"
EVIL_DEF = "<b>bold</b> & AT&T [red]markup[/red] \x1b[31mred\x1b[0m <script>x</script>"


def evil_document(entries: int = 3) -> str:
    parts = [LIST]
    for i in range(1, entries + 1):
        parts.append(
            f"{i}. w{i}x [w] - (n.) - {EVIL_DEF} {i}. - Synonyms: ([b]a[/b], <i>b</i>)\n\n"
            f"The w{i}x & <b>friends</b>.\n\n"
        )
    parts.append("The [bold]Talk[/bold] <title>\n\n")
    parts.append(" ".join(f"Say w{i}x [link]now[/link]." for i in range(1, entries + 1)))
    return "".join(parts) + "\n"
