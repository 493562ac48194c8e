"""The Syllables field of an export, cut in a second process while this one makes the rest.

Cutting each headword into syllables (:func:`~flashcards.export.fields.syllables_html`) is
about a third of an export's work, and depends only on the note's word, IPA, part of speech,
definition and stored syllables. So for a large export a worker process is started — a new
interpreter (``python -m flashcards.export.cutting``), never a fork: the app exports from a
thread — and is given each page of notes as soon as it is read, a page ahead of the one the
export works on; while it cuts them, the export makes the other fields, clozes, GUIDs and
rows, then takes each page's cuts.

The worker computes exactly what the export would (the same function), so the package is
the same either way; whenever the worker cannot be started, dies or answers out of turn,
the export cuts the rest itself. Small exports never start one (below :data:`MIN_NOTES`
notes the start-up costs more than the cutting), nor does a busy machine, whose processors
are all taken: there the worker would only take turns with the export. The environment variable
``FLASHCARDS_EXPORT_WORKER`` overrides the choice: ``0`` never starts one, ``1`` always does.

The protocol, on the worker's standard input and output: a page is a ``marshal``-ed list of
``(word, ipa, pos, definition, syllables)`` tuples, its answer the list of their fields.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from flashcards.text.syllables import Headword

__all__ = ["MIN_NOTES", "PATIENCE", "Cutter", "cutter"]

#: The fewest notes for which a worker pays for its start-up (measured: see the README).
MIN_NOTES = 2000
#: How long to wait for a page's answer (seconds) before cutting it here: a page takes the
#: worker some 30 ms.
PATIENCE = 30.0

_Headword = tuple[str, str | None, str, str, str]


class Cutter:
    """The Syllables fields of pages of notes: :meth:`send` pages as they are read, and
    :meth:`take` each page's fields (in the order sent) when its other fields are made.
    Without a worker, :meth:`take` cuts them here.

    A thread reads the worker's answers as they come, so the worker never waits for this
    process to read, and any number of pages may be sent ahead."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        self._process = process
        self._sent: deque[Sequence[Headword]] = deque()
        self._answers: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._listener: threading.Thread | None = None
        if process is not None:
            self._listener = threading.Thread(
                target=_listen, args=(process.stdout, self._answers), daemon=True
            )
            self._listener.start()

    @property
    def parallel(self) -> bool:
        """Whether a worker cuts the pages."""
        return self._process is not None

    def send(self, notes: Sequence[Headword]) -> None:
        """Give the worker a page to cut (nothing to do without one)."""
        self._sent.append(notes)
        process = self._process
        if process is None:
            return
        page = [(n.word, n.ipa, n.pos, n.definition, n.syllables) for n in notes]
        try:
            assert process.stdin is not None
            marshal.dump(page, process.stdin)
            process.stdin.flush()
        except (OSError, ValueError):
            self._stop()

    def take(self) -> list[str]:
        """The Syllables fields of the oldest page sent and not yet taken."""
        notes = self._sent.popleft()
        if self._process is not None:
            try:
                cut = self._answers.get(timeout=PATIENCE)
            except queue.Empty:
                cut = None
            if isinstance(cut, list) and len(cut) == len(notes):
                return cut
            self._stop()  # silent, dead or out of turn: every page still owed is cut here
        from flashcards.export.fields import syllables_html

        return [syllables_html(n) for n in notes]

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


def _listen(answers: IO[bytes], to: queue.SimpleQueue[object]) -> None:
    """Pass on each answer the worker writes; None once it has no more."""
    try:
        while True:
            to.put(marshal.load(answers))
    except (OSError, EOFError, ValueError, TypeError):
        to.put(None)


def cutter(notes: int) -> Cutter:
    """A :class:`Cutter` for an export of ``notes`` vocabulary notes: with a worker when
    there are enough of them, a processor is free to run it and it can be started; else one
    that cuts here."""
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
    process for the same processor (measured: slower than cutting here)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows)
        load = 0.0
    return cores > 1 and load < cores - 0.5


class _Given:
    """A headword as the worker is given it (the fields :func:`syllables_html` reads)."""

    __slots__ = ("definition", "ipa", "pos", "syllables", "word")

    def __init__(self, given: _Headword) -> None:
        self.word, self.ipa, self.pos, self.definition, self.syllables = given


def serve(given: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: cut each page read from ``given``, answer on ``answers``, until the end."""
    from flashcards.export.fields import syllables_html

    while True:
        try:
            page = marshal.load(given)
        except EOFError:
            return
        marshal.dump([syllables_html(_Given(h)) for h in page], answers)
        answers.flush()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        serve(sys.stdin.buffer, sys.stdout.buffer)
