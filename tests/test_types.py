"""The package type-checks: mypy, with the settings of pyproject.toml, finds nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import ROOT


@pytest.mark.slow
def test_mypy_finds_no_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "flashcards"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy failed:\n{result.stdout}{result.stderr}"
