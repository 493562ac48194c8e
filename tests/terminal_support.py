"""Driving the installed program in a real terminal: one tmux server per test."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from pathlib import Path

import pytest

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
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)  # tmux leaves its socket behind

    def program_pid(self) -> int:
        """The pid of the program running in the window (the child of its shell)."""
        shell = self.tmux("display-message", "-p", "#{pane_pid}").strip()
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        assert children, f"no program under the shell {shell}"
        return int(children[0])


def wait_for_file(path: Path, timeout: float = TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.05)
    pytest.fail(f"{path} was never written")


def terminal_env(tmp: Path, db: Path) -> dict[str, str]:
    """The environment of a learner's terminal, with the database at `db`."""
    return {
        "FLASHCARDS_DB": str(db),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
    }
