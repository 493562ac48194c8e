"""The review's typing keys in a real terminal (tmux): ctrl+s and ctrl+z are flow control and
suspend in a cooked terminal, so only a real one shows that they reach the app."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashcards.importing import load_bundled_if_empty
from flashcards.store import Store

from support import T0, flashcards_exe
from terminal_support import Terminal, terminal_env, wait_for_file

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    yield term
    term.kill()


def test_typing_keys_reach_the_review(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "learner.db"
    store = Store.open(db)
    load_bundled_if_empty(store, T0)
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE card SET suspended = 1 WHERE kind = 'meaning'")  # typed cards only
    conn.commit()
    conn.close()

    status = tmp_path / "review.status"
    terminal.run([flashcards_exe(), "review"], terminal_env(tmp_path, db), status)
    terminal.wait_for("^b Bury")  # the answer box has the focus: the ctrl+ keys are shown
    terminal.keys("x", "b")  # letters are typed
    terminal.keys("C-b")
    terminal.wait_for("(recall card): buried until tomorrow")
    terminal.keys("C-s")
    terminal.wait_for("card): suspended")
    terminal.keys("C-z")
    terminal.wait_for("Undone: suspend of")
    terminal.keys("C-e")
    terminal.wait_for("Save (ctrl+s)")
    terminal.keys("Escape")
    terminal.keys("F1")
    terminal.wait_for("Help — Review")
    terminal.keys("Escape")
    terminal.wait_for("^b Bury")
    terminal.keys("C-q")
    assert wait_for_file(status) == "EXIT=0"

    conn = sqlite3.connect(db)
    try:
        buried = conn.execute("SELECT count(*) FROM card WHERE buried_until IS NOT NULL")
        suspended = conn.execute("SELECT count(*) FROM card WHERE suspended = 1")
        counts = (buried.fetchone()[0], suspended.fetchone()[0])
    finally:
        conn.close()
    # One buried, with its context card (the same word's: it waits too); the suspend undone
    # (the 10 meaning cards).
    assert counts == (2, 10)
