"""The installed program in a real terminal (tmux): a subtitle file mined and imported from
the app, then the new deck reviewed from the command line's database."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import FIXTURES, flashcards_exe
from terminal_support import Terminal, terminal_env, wait_for_file

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.slow,
]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    yield term
    term.kill()


def test_mine_subtitles_in_the_app_then_list_the_deck(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "learner.db"
    env = terminal_env(tmp_path, db)
    status = tmp_path / "mine.status"
    terminal.run([flashcards_exe()], env, status)
    terminal.wait_for("10 cards waiting")
    terminal.keys("m")
    terminal.wait_for("File")
    terminal.keys("-l", str(FIXTURES / "mining" / "lesson.vtt"))
    terminal.keys("Enter")
    terminal.wait_for("worth learning in lesson.vtt", timeout=60)
    terminal.keys("C-r")
    terminal.wait_for("Imported", timeout=60)
    terminal.keys("C-q")
    assert wait_for_file(status) == "EXIT=0"

    listed = subprocess.run(
        [flashcards_exe(), "--db", str(db), "list", "--deck", "Words from lesson.vtt", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    words = {n["word"]: n for n in json.loads(listed.stdout)}
    assert {"resilient", "withstand", "robustness"} <= set(words)
    assert words["resilient"]["contexts"] == [
        "Today we talk about resilient cities.",
        "A resilient city can withstand a flood and recover quickly.",
    ]
