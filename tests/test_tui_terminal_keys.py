"""The review's typing keys in a real terminal (tmux): ctrl+s and ctrl+z are flow control and
suspend in a cooked terminal, so only a real one shows that they reach the app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashcards.domain import CardKind
from flashcards.store import Store

from support import flashcards_exe, keep_kinds, schedules
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


def test_typing_keys_reach_the_review(
    terminal: Terminal, tmp_path: Path, bundled_store: Store, db_path: Path
) -> None:
    keep_kinds(bundled_store, CardKind.RECALL, CardKind.CONTEXT)  # typed cards only

    status = tmp_path / "review.status"
    terminal.run([flashcards_exe(), "review"], terminal_env(tmp_path, db_path), status)
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

    records = schedules(bundled_store).values()
    counts = (
        sum(r.buried_until is not None for r in records),
        sum(r.suspended for r in records),
    )
    # One buried, with its context card (the same word's: it waits too); the suspend undone
    # (the 10 meaning cards).
    assert counts == (2, 10)
