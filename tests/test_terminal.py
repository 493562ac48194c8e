"""The installed `flashcards` in a real terminal (tmux): first run, a review, Ctrl+Q.

What a pilot test cannot show: the entry point, the real database file, real key handling
and the exit status. Each test uses its own tmux server (-L) and kills it at the end. The
screen is polled for the text expected next; nothing waits a fixed time.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import flashcards_exe
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


def test_first_run_review_three_cards_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "learner.db"
    env = terminal_env(tmp_path, db)
    exe = flashcards_exe()

    # First run: the bundled deck is loaded and shown.
    status = tmp_path / "first.status"
    terminal.run([exe], env, status)
    shown = terminal.wait_for("Making AI accessible with Andrej Karpathy")
    assert "Review" in shown and "Quiz" in shown
    terminal.wait_for("10 cards waiting")
    terminal.keys("C-q")
    assert wait_for_file(status) == "EXIT=0"
    assert db.exists()

    # Then a review: three cards answered with Enter (show) and 3 (Good).
    terminal.kill()
    status = tmp_path / "review.status"
    terminal.run([exe, "review"], env, status)
    terminal.wait_for("Done 0")
    for done in range(1, 4):
        terminal.wait_for("Answer")  # the front, with its footer key
        terminal.keys("Enter")
        terminal.wait_for("1 Again ·")  # the back, with the rating buttons
        terminal.keys("3")
        terminal.wait_for(f"Done {done}")
    terminal.keys("C-q")
    assert wait_for_file(status) == "EXIT=0"

    conn = sqlite3.connect(db)
    try:
        answers = conn.execute("SELECT rating, undone FROM review_log ORDER BY id").fetchall()
        cards = conn.execute("SELECT count(*) FROM card WHERE state != 'new'").fetchone()
    finally:
        conn.close()
    assert answers == [(3, 0), (3, 0), (3, 0)]
    assert cards == (3,)
