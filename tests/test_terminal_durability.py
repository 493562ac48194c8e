"""The installed program in a real terminal, killed mid-review and sharing its database.

A SIGKILL in the middle of a session loses no answer already given, and the next start goes
on; an import and a second review session running beside an open review both succeed, and
no "database is locked" reaches the learner.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import FIXTURES, SEED, flashcards_exe
from terminal_support import Terminal, terminal_env, wait_for_file

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.slow,
]


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    made = [Terminal(tmp_path), Terminal(tmp_path)]
    yield made
    for term in made:
        term.kill()


def seeded_db(tmp_path: Path) -> Path:
    db = tmp_path / "learner.db"
    subprocess.run(
        [flashcards_exe(), "--db", str(db), "import", str(SEED)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return db


def answer(term: Terminal, done_before: int, count: int) -> None:
    """Answer `count` cards Good in an open review that shows `Done {done_before}`."""
    for done in range(done_before + 1, done_before + count + 1):
        term.wait_for("Answer")
        term.keys("Enter")
        term.wait_for("1 Again ·")
        term.keys("3")
        term.wait_for(f"Done {done}")


def answers(db: Path) -> list[tuple[int, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT card_id, rating FROM review_log WHERE undone = 0").fetchall()
    finally:
        conn.close()


def test_killed_mid_review_loses_no_answer(terminals: list[Terminal], tmp_path: Path) -> None:
    term = terminals[0]
    db = seeded_db(tmp_path)
    env = terminal_env(tmp_path, db)
    term.run([flashcards_exe(), "review"], env, tmp_path / "killed.status")
    term.wait_for("Done 0")
    answer(term, 0, 3)
    term.wait_for("Answer")  # a fourth card is on screen, unanswered
    os.kill(term.program_pid(), signal.SIGKILL)
    assert wait_for_file(tmp_path / "killed.status") == f"EXIT={128 + signal.SIGKILL}"
    given = answers(db)
    assert len(given) == 3 and {rating for _, rating in given} == {3}

    # The next start goes on with the session: the answered cards are not asked again.
    term.kill()
    status = tmp_path / "again.status"
    term.run([flashcards_exe(), "review"], env, status)
    term.wait_for("Done 0")
    answer(term, 0, 2)
    term.keys("C-q")
    assert wait_for_file(status) == "EXIT=0"
    after = answers(db)
    assert after[:3] == given and len(after) == 5
    assert len({card for card, _ in after}) == 5  # five different cards


def test_import_and_a_second_review_beside_an_open_review(
    terminals: list[Terminal], tmp_path: Path
) -> None:
    first, second = terminals
    db = seeded_db(tmp_path)
    with sqlite3.connect(db) as conn:  # enough new cards for both sessions
        conn.execute("UPDATE deck SET new_per_day = 100")
    conn.close()
    env = terminal_env(tmp_path, db)
    first.run([flashcards_exe(), "review"], env, tmp_path / "first.status")
    first.wait_for("Done 0")
    answer(first, 0, 1)

    imported = subprocess.run(
        [flashcards_exe(), "--db", str(db), "import", str(FIXTURES / "wrapped_twelve.txt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "locked" not in imported.stderr

    second.run([flashcards_exe(), "review"], env, tmp_path / "second.status")
    second.wait_for("Done 0")
    for step in range(2):  # both sessions answer, interleaved
        answer(first, 1 + step, 1)
        answer(second, step, 1)
    for term in (first, second):
        assert "locked" not in term.screen().lower()
        term.keys("C-q")
    assert wait_for_file(tmp_path / "first.status") == "EXIT=0"
    assert wait_for_file(tmp_path / "second.status") == "EXIT=0"
    assert len(answers(db)) == 5
