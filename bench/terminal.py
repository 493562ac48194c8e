"""Programs in a real terminal: a private tmux server to start them in and read their screen.

The server has its own socket name, so it never touches the learner's own tmux sessions, and
is stopped (that server only) when the benchmark is done.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

WIDTH, HEIGHT = 100, 30
_SPACES = re.compile(r"\s+")
_SERVERS = itertools.count(1)


class TerminalError(RuntimeError):
    """tmux is missing, or a program never showed what was expected."""


def squeeze(text: str) -> str:
    """Text with every run of whitespace (line wraps included) as one space."""
    return _SPACES.sub(" ", text).strip()


class Tmux:
    """A private tmux server."""

    def __init__(self) -> None:
        if shutil.which("tmux") is None:
            raise TerminalError("tmux is not installed")
        self.socket = f"flashcards-bench-{os.getpid()}-{next(_SERVERS)}"
        self.count = 0
        # A session that idles for the server's life, so that starting a program does not
        # also start a server.
        self._tmux("new-session", "-d", "-s", "idle", "-x", str(WIDTH), "-y", str(HEIGHT))
        self.path = Path(self._tmux("display-message", "-p", "#{socket_path}").strip())

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise TerminalError(f"tmux {' '.join(args[:2])}: {done.stderr.strip()}")
        return done.stdout

    def start(self, argv: Sequence[str], env: dict[str, str] | None = None) -> str:
        """Start `argv` (no shell in between) in a new session; returns the session's name."""
        self.count += 1
        name = f"run{self.count}"
        options = [f"-e{key}={value}" for key, value in (env or {}).items()]
        self._tmux(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), *options,
            *map(str, argv),
        )  # fmt: skip
        return name

    def screen(self, session: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", session)

    def send(self, session: str, *keys: str) -> None:
        self._tmux("send-keys", "-t", session, *keys)

    def pid(self, session: str) -> int:
        return int(self._tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())

    def stop(self, session: str) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-session", "-t", session],
            capture_output=True,
            check=False,
        )

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        self.path.unlink(missing_ok=True)  # a killed server may leave its socket file behind

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_for(
        self, session: str, needle: str, timeout: float, poll: float = 0.005, gone: bool = False
    ) -> str:
        """Poll the screen until `needle` (whitespace squeezed) is on it (with `gone`: is no
        longer on it); returns the screen."""
        wanted = squeeze(needle)
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.screen(session)
            if (wanted in squeeze(screen)) != gone:
                return screen
            if time.perf_counter() > deadline:
                state = "still" if gone else "not"
                raise TerminalError(
                    f"{needle!r} {state} on screen after {timeout:.0f} s; the screen was:\n{screen}"
                )
            time.sleep(poll)

    def time_to_screen(
        self, argv: Sequence[str], needle: str, env: dict[str, str] | None = None, timeout=30.0
    ) -> float:
        """Seconds from starting `argv` until `needle` is on its screen; then it is stopped."""
        start = time.perf_counter()
        session = self.start(argv, env)
        try:
            self.wait_for(session, needle, timeout)
            return time.perf_counter() - start
        finally:
            self.stop(session)


def peak_rss_mb(pid: int) -> float:
    """The peak resident set size (VmHWM) of a live process, in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise TerminalError(f"no VmHWM for process {pid}")
