"""The installed `flashcards` in a real terminal (tmux): first run, a review, Ctrl+Q.

What a pilot test cannot show: the entry point, the real database file, real key handling
and the exit status. Each test uses its own tmux server (-L) and kills it at the end. The
screen is polled for the text expected next; nothing waits a fixed time.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import flashcards_exe

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

TIMEOUT = 60.0


class Terminal:
    """One tmux server with one window running a command."""

    def __init__(self, tmp: Path) -> None:
        self.socket = f"flashcards-test-{uuid.uuid4().hex[:12]}"
        self.tmp = tmp

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout

    def run(self, command: list[str], env: dict[str, str], status: Path) -> None:
        """Start `command` in a 100x30 window; its exit status goes to `status`."""
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"env {assignments} {shlex.join(command)}; echo EXIT=$? > {shlex.quote(str(status))}"
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", "sh", "-c", line)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def kill(self) -> None:
        self.tmux("kill-server")


def wait_for_file(path: Path, timeout: float = TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.05)
    pytest.fail(f"{path} was never written")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    yield term
    term.kill()


def test_first_run_review_three_cards_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "learner.db"
    env = {
        "FLASHCARDS_DB": str(db),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    exe = flashcards_exe()

    # First run: the bundled deck is loaded and shown.
    status = tmp_path / "first.status"
    terminal.run([exe], env, status)
    shown = terminal.wait_for("Making AI accessible with Andrej Karpathy")
    assert "Review" in shown and "Quiz" in shown
    terminal.wait_for("20 cards waiting")
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
