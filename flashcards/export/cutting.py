"""The per-note work of an export, done in a second process while this one does the rest.

Making each note's fields (:func:`~flashcards.export.making.make_note`: the syllables,
the escaped and highlighted fields, the clozes, the GUIDs) is most of an export's own
work, and depends on that note alone. So for a large export a worker process is started —
a new interpreter (``python -m flashcards.export.cutting``), never a fork: the app exports
from a thread — and is given each page of notes as soon as it is read, a page ahead of the
one the export works on; while it makes them, the export reads the next page and writes
the rows of the one before, then takes each page's made notes.

The worker computes exactly what the export would (the same function), so the package is
the same either way; whenever the worker cannot be started, dies or answers out of turn,
the export makes the rest itself. Small exports never start one (below :data:`MIN_NOTES`
notes the start-up costs more than the work), nor does a busy machine, whose processors
are all taken: there the worker would only take turns with the export. The environment variable
``FLASHCARDS_EXPORT_WORKER`` overrides the choice: ``0`` never starts one, ``1`` always does.

The protocol, on the worker's standard input and output: a page is a ``marshal``-ed tuple
``(deck name, source, entries)`` (each an :data:`~flashcards.export.making.Entry`), its
answer the list of their :data:`~flashcards.export.making.Made`; each message is framed by
its length (:func:`write_message`), so that it is read at once and unmarshalled from bytes
(``marshal.load`` of a stream reads it a few bytes at a time, six times slower).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import IO, Any, cast

from flashcards.export.making import Entry, Made, make_note

__all__ = ["MIN_NOTES", "PATIENCE", "Cutter", "cutter", "read_message", "serve", "write_message"]

#: The fewest notes for which a worker pays for its start-up (measured: see the README).
MIN_NOTES = 2000
#: How long to wait for a page's answer (seconds) before making it here: a page takes the
#: worker some 40 ms.
PATIENCE = 30.0

#: A page of notes to make: the deck's name, the Source field, the notes.
Page = tuple[str, str, list[Entry]]


class Cutter:
    """The made notes of pages of notes: :meth:`send` pages as they are read, and
    :meth:`take` each page's made notes (in the order sent) when they are to be written.
    Without a worker, :meth:`take` makes them here.

    A thread reads the worker's answers as they come, so the worker never waits for this
    process to read, and any number of pages may be sent ahead."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        self._process = process
        self._sent: deque[Page] = deque()
        self._answers: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._listener: threading.Thread | None = None
        if process is not None:
            self._listener = threading.Thread(
                target=_listen, args=(process.stdout, self._answers), daemon=True
            )
            self._listener.start()

    @property
    def parallel(self) -> bool:
        """Whether a worker makes the pages."""
        return self._process is not None

    def send(self, deck_name: str, source: str, notes: list[Entry]) -> None:
        """Give the worker a page of deck ``deck_name`` to make (nothing to do without
        one)."""
        page = (deck_name, source, notes)
        self._sent.append(page)
        process = self._process
        if process is None:
            return
        try:
            assert process.stdin is not None
            write_message(process.stdin, page)
            process.stdin.flush()
        except (OSError, ValueError):
            self._stop()

    def take(self) -> list[Made]:
        """The made notes of the oldest page sent and not yet taken."""
        deck_name, source, notes = page = self._sent.popleft()
        if self._process is not None:
            try:
                made = self._answers.get(timeout=PATIENCE)
            except queue.Empty:
                made = None
            if _answers_page(made, page):
                return made  # type: ignore[return-value]
            self._stop()  # silent, dead or out of turn: every page still owed is made here
        return [make_note(n, deck_name, source) for n in notes]

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        if self._listener is not None:  # it reads to the end of the dead worker's answers
            self._listener.join()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def close(self) -> None:
        """Stop the worker (at once: it has nothing left to say)."""
        self._stop()

    def __enter__(self) -> Cutter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _answers_page(made: object, page: Page) -> bool:
    """Whether ``made`` has the shape of the answer to ``page``: a made note for each."""
    return (
        isinstance(made, list)
        and len(made) == len(page[2])
        and all(type(m) is tuple and len(m) == 5 for m in made)
    )


def write_message(stream: IO[bytes], value: Any) -> None:
    """Write ``value`` marshalled, after its length (8 bytes, little-endian)."""
    data = marshal.dumps(value)
    stream.write(len(data).to_bytes(_LENGTH, "little"))
    stream.write(data)


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


_LENGTH = 8
#: No page's message comes near this (a page of 500 notes is some 300 kB).
_LARGEST = 1 << 30


def _listen(answers: IO[bytes], to: queue.SimpleQueue[object]) -> None:
    """Pass on each answer the worker writes; None once it has no more."""
    try:
        while True:
            to.put(read_message(answers))
    except (OSError, EOFError, ValueError, TypeError):
        to.put(None)


def cutter(notes: int) -> Cutter:
    """A :class:`Cutter` for an export of ``notes`` vocabulary notes: with a worker when
    there are enough of them, a processor is free to run it and it can be started; else one
    that makes them here."""
    wanted = os.environ.get("FLASHCARDS_EXPORT_WORKER", "")
    if wanted == "0" or (wanted != "1" and (notes < MIN_NOTES or not _a_core_is_free())):
        return Cutter()
    root = str(Path(__file__).resolve().parents[2])  # where the package is found
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": root if not path else os.pathsep.join((root, path))}
    try:
        process = subprocess.Popen(
            _command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return Cutter()
    return Cutter(process)


def _command() -> list[str]:
    """How the worker is started: this module run by this interpreter."""
    return [sys.executable, "-m", "flashcards.export.cutting"]


def _a_core_is_free() -> bool:
    """Whether a processor is free for the worker: this process's own, and one more that
    the last minute's load leaves idle. On a busy machine a worker only competes with this
    process for the same processor (measured: slower than making the notes here)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows)
        load = 0.0
    return cores > 1 and load < cores - 0.5


def serve(given: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: make each page read from ``given``, answer on ``answers``, until the end."""
    while True:
        try:
            deck_name, source, notes = cast(Page, read_message(given))
        except EOFError:
            return
        write_message(answers, [make_note(n, deck_name, source) for n in notes])
        answers.flush()


if __name__ == "__main__":
    # A short-lived process whose values make no cycles: the collector would only walk them.
    gc.disable()
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        serve(sys.stdin.buffer, sys.stdout.buffer)
