"""The headless modules never import Textual; only the app does (and cli.py, lazily)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEADLESS = [
    "flashcards.domain",
    "flashcards.documents",
    "flashcards.store",
    "flashcards.study",
    "flashcards.review_session",
    "flashcards.quiz",
    "flashcards.library",
    "flashcards.importing",
    "flashcards.stats",
    "flashcards.cli",
    "flashcards.tui",
    "flashcards.tui.services",
]


def loaded_after_import(module: str) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module: str) -> None:
    loaded = loaded_after_import(module)
    assert module in loaded
    assert not [m for m in loaded if m == "textual" or m.startswith("textual.")]
    assert "rich" not in loaded


def test_the_app_module_does_import_textual() -> None:
    # The check above would pass vacuously if the probe could not see Textual at all.
    assert "textual.app" in loaded_after_import("flashcards.tui.app")
