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
import queue
import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, Generic, TypeVar, cast

from flashcards.export.making import Entry, Made, make_note
from flashcards.text.side_process import (
    Worker,
    message,
    module_command,
    peak_mb,
    read_message,
    start,
    wanted,
    write_message,
)

__all__ = ["MIN_NOTES", "PATIENCE", "Cutter", "cutter", "read_message", "serve", "write_message"]

#: The fewest notes for which a worker pays for its start-up (measured: see the README).
MIN_NOTES = 2000
#: Pages the worker is given to make ahead of the one it is making (fewer and it waits for
#: pages while this process writes).
AHEAD = 4
#: Pages read ahead of the one to be written next, at most.
WINDOW = 8
#: How long to wait for a page's answer (seconds) before making it here: a page takes the
#: worker some 40 ms.
PATIENCE = 30.0

#: A page of notes to make: the deck's name, the Source field, the notes.
Page = tuple[str, str, list[Entry]]


class Cutter(Worker):
    """The made notes of pages of notes, in order: :meth:`made` takes the pages as they are
    read and gives each page's made notes when it is to be written.

    With a worker, the pages are shared between the two processes as each has time: the
    worker is always given the next page while it has fewer than :data:`AHEAD` waiting, and
    while the page to be written next is still with it, this process makes the pages that
    follow (at most :data:`WINDOW` pages are read ahead); once every page is read, it makes
    the last pages given to the worker itself, from the last, rather than wait for them.
    Whichever made a page, it is the same. Two threads carry the pages to the worker and its
    answers back, so neither process ever waits for the other to read."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        #: Pages made by the worker, and here; the worker's peak resident memory (MiB) as it
        #: ended, where the system tells.
        self.there = 0
        self.here = 0
        self.worker_peak_mb: float | None = None
        super().__init__(process)

    def made(self, pages: Iterable[tuple[T, Page]]) -> Iterator[tuple[T, list[Made]]]:
        """Each of ``pages`` (something of the caller's, and the page) with its made notes,
        in order."""
        waiting: deque[_Slot[T]] = deque()  # read, not yet written
        asked: deque[_Slot[T]] = deque()  # with the worker, not yet answered
        unread: Iterator[tuple[T, Page]] | None = iter(pages)
        while waiting or unread is not None:
            if self._process is not None and not self._collect(asked, block=False):
                self._fail(asked)
            if waiting and waiting[0].made is not None:
                slot = waiting.popleft()
                assert slot.made is not None
                yield slot.mine, slot.made
                continue
            if unread is not None and len(waiting) < WINDOW:
                give = self._process is not None and len(asked) < AHEAD
                if give or not any(slot.made is None and not slot.there for slot in waiting):
                    item = next(unread, None)
                    if item is None:
                        unread = None
                        continue
                    slot = _Slot(item[0], item[1], there=give)
                    waiting.append(slot)
                    if give:
                        asked.append(slot)
                        self._outbox.put(message(slot.page))
                    continue
            here = next((s for s in waiting if s.made is None and not s.there), None)
            if here is None and unread is None:
                # all read: make here the last pages given the worker, which it has not
                # begun (the one it makes first is waited for); its answers are let go
                here = next((s for s in list(asked)[:0:-1] if s.made is None), None)
            if here is not None:
                here.made = _make(here.page)
                self.here += 1
                continue
            if not self._collect(asked, block=True):
                self._fail(asked)

    def _fail(self, asked: deque[_Slot[T]]) -> None:
        """The worker is silent, dead or answers out of turn: stop it, and make here every
        page still owed."""
        self._stop()
        for slot in asked:
            slot.there = False
        asked.clear()

    def _collect(self, asked: deque[_Slot[T]], block: bool) -> bool:
        """Give the oldest pages asked the answers come (waiting for one when ``block``);
        False when the worker failed."""
        while asked:
            try:
                answer = (
                    self._answers.get(timeout=PATIENCE) if block else self._answers.get_nowait()
                )
            except queue.Empty:
                return not block
            slot = asked[0]
            if not _answers_page(answer, slot.page):
                return False
            if slot.made is None:  # else made here meanwhile
                slot.made = answer  # type: ignore[assignment]
                self.there += 1
            asked.popleft()
            block = False
        return True

    def _stopping(self, process: subprocess.Popen[bytes]) -> None:
        self.worker_peak_mb = peak_mb(process.pid)


T = TypeVar("T")


class _Slot(Generic[T]):
    """A page read: the caller's own, the page, whether the worker makes it, and once made
    its made notes."""

    __slots__ = ("made", "mine", "page", "there")

    def __init__(self, mine: T, page: Page, there: bool) -> None:
        self.mine, self.page, self.there = mine, page, there
        self.made: list[Made] | None = None


def _make(page: Page) -> list[Made]:
    deck_name, source, notes = page
    return [make_note(n, deck_name, source) for n in notes]


def _answers_page(made: object, page: Page) -> bool:
    """Whether ``made`` has the shape of the answer to ``page``: a made note for each."""
    return (
        isinstance(made, list)
        and len(made) == len(page[2])
        and all(type(m) is tuple and len(m) == 5 for m in made)
    )


def cutter(notes: int) -> Cutter:
    """A :class:`Cutter` for an export of ``notes`` vocabulary notes: with a worker when
    there are enough of them, a processor is free to run it and it can be started; else one
    that makes them here."""
    if not wanted("FLASHCARDS_EXPORT_WORKER", notes >= MIN_NOTES):
        return Cutter()
    process = start(_command())
    return Cutter(process) if process is not None else Cutter()


def _command() -> list[str]:
    """How the worker is started: this module run by this interpreter."""
    return module_command("flashcards.export.cutting")


def warm() -> None:
    """Load what making a note reads first (the hyphenation patterns, some 0.1 s)."""
    _make(("", "", [(0, "warm", None, "", "", None, "", "", None, None, [], "warm", "")]))


def serve(given: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: make each page read from ``given``, answer on ``answers``, until the end."""
    while True:
        try:
            page = cast(Page, read_message(given))
        except EOFError:
            return
        write_message(answers, _make(page))
        answers.flush()


if __name__ == "__main__":
    # A short-lived process whose values make no cycles: the collector would only walk them.
    gc.disable()
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        warm()  # while the first page is read
        serve(sys.stdin.buffer, sys.stdout.buffer)
