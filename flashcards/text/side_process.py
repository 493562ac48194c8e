"""A second Python process for text work, while this one goes on: what the export's note
worker (:mod:`flashcards.export.cutting`) and the import's syllable cuts
(:mod:`flashcards.text.cuts_ahead`) share.

A worker is a new interpreter running one of the package's modules (never a fork: the app
exports and imports from threads), talking on its standard input and output in messages
that are ``marshal``-ed values framed by their length (:func:`write_message`), so that each
is read at once and unmarshalled from bytes (``marshal.load`` of a stream reads it a few
bytes at a time, six times slower). One is worth starting only when a processor is free
for it (:func:`core_is_free`); an environment variable (``0``/``1``) may decide instead.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

__all__ = [
    "Worker",
    "core_is_free",
    "listen",
    "message",
    "module_command",
    "peak_mb",
    "post",
    "read_message",
    "start",
    "wanted",
    "write_message",
]

_LENGTH = 8
#: No message comes near this (a page of 500 notes is some 300 kB).
_LARGEST = 1 << 30


def message(value: Any) -> bytes:
    """``value`` marshalled, after its length (8 bytes, little-endian)."""
    data = marshal.dumps(value)
    return len(data).to_bytes(_LENGTH, "little") + data


def write_message(stream: IO[bytes], value: Any) -> None:
    """Write ``value`` as one message."""
    stream.write(message(value))


def read_message(stream: IO[bytes]) -> object:
    """The next value :func:`write_message` wrote; EOFError when the stream ends (or ends
    inside a message)."""
    head = stream.read(_LENGTH)
    if len(head) < _LENGTH:
        raise EOFError("no more messages")
    size = int.from_bytes(head, "little")
    if size > _LARGEST:
        raise ValueError(f"a message of {size} bytes")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("a message cut short")
    return marshal.loads(data)


def post(outbox: queue.SimpleQueue[bytes | None], to: IO[bytes]) -> None:
    """Write each message put in ``outbox`` to a worker, until None or a failed write."""
    while (message := outbox.get()) is not None:
        try:
            to.write(message)
            to.flush()
        except (OSError, ValueError):  # the worker is gone: the listener sees it end
            return


def listen(answers: IO[bytes], to: queue.SimpleQueue[object]) -> None:
    """Pass on each answer a worker writes; None once it has no more."""
    try:
        while True:
            to.put(read_message(answers))
    except (OSError, EOFError, ValueError, TypeError):
        to.put(None)


def wanted(variable: str, enough: bool) -> bool:
    """Whether to start a worker: as the environment variable ``variable`` says (``0``
    never, ``1`` always), else when there is ``enough`` work and a processor is free."""
    said = os.environ.get(variable, "")
    if said in ("0", "1"):
        return said == "1"
    return enough and core_is_free()


def core_is_free() -> bool:
    """Whether a processor is free for a worker: this process's own, and one more that the
    last minute's load leaves idle. On a busy machine a worker only competes with this
    process for the same processor (measured: slower than doing the work here)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows)
        load = 0.0
    return cores > 1 and load < cores - 0.5


def module_command(module: str) -> list[str]:
    """How a worker running ``module`` is started: by this interpreter."""
    return [sys.executable, "-m", module]


def start(command: list[str]) -> subprocess.Popen[bytes] | None:
    """The worker process of ``command``, its input and output piped (its errors dropped),
    finding this package first; None when it cannot be started."""
    root = str(Path(__file__).resolve().parents[2])  # where the package is found
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": root if not path else os.pathsep.join((root, path))}
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def peak_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM, MiB) of the live process ``pid``; None when the
    system does not tell (no /proc)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Worker:
    """A worker process (or none: everything is done here), with the two threads that
    carry messages to it (``_outbox``) and its answers back (``_answers``; None once it has
    no more), so that neither process ever waits for the other to read."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        self._process = process
        self._answers: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        if process is not None:
            self._threads = [
                threading.Thread(target=listen, args=(process.stdout, self._answers), daemon=True),
                threading.Thread(target=post, args=(self._outbox, process.stdin), daemon=True),
            ]
            for thread in self._threads:
                thread.start()

    @property
    def parallel(self) -> bool:
        """Whether a worker process works."""
        return self._process is not None

    def _stopping(self, process: subprocess.Popen[bytes]) -> None:
        """What to do with the live worker just before it is stopped (nothing here)."""

    def _stop(self) -> None:
        """Stop the worker at once (what it has not answered is let go)."""
        process, self._process = self._process, None
        if process is None:
            return
        self._stopping(process)
        if process.poll() is None:
            process.kill()
        process.wait()
        self._outbox.put(None)
        for thread in self._threads:  # the listener reads to the end of the dead worker's answers
            thread.join()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def close(self) -> None:
        """Stop the worker (at once: nothing it has not said yet is needed)."""
        self._stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
