"""Headwords cut into syllables in a second process while an import goes on.

An import stores each headword's cut (``note.cut``) so that an export cuts nothing; but
cutting 5,000 headwords takes some 0.13 s, a sixth of such an import, and the first cut
loads the hyphenation patterns (some 0.05 s more). So a large import starts a worker
process (:mod:`flashcards.text.side_process`) before it reads the document — the worker
loads the patterns meanwhile — gives it the headwords as soon as they are read, a batch at
a time, and plans the rest while it cuts them; the plan takes the cuts last, waiting for
any not yet come. Whichever cut a headword, the cut is the same (:func:`headword_cut`, the
one function). A worker that dies, is silent for :data:`PATIENCE` seconds or answers out
of turn is let go, and this process cuts the rest. Small documents (below
:data:`MIN_BYTES`) and a busy machine never start one; the environment variable
``FLASHCARDS_IMPORT_WORKER`` (``0`` or ``1``) decides instead.
"""

from __future__ import annotations

import contextlib
import gc
import queue
import subprocess
import sys
from collections import deque
from collections.abc import Sequence
from typing import IO, cast

from flashcards.text.side_process import (
    Worker,
    message,
    module_command,
    read_message,
    start,
    wanted,
    write_message,
)

__all__ = ["MIN_BYTES", "CutsAhead", "Headword", "cuts_ahead", "headword_cut", "serve"]

#: A headword as it is cut: word, IPA, part of speech, definition.
Headword = tuple[str, "str | None", str, str]

#: The smallest document for which a worker pays for its start-up: some 1,500 entries,
#: or fewer with a long talk (an entry of the list is some 170 bytes).
MIN_BYTES = 256 * 1024
#: Headwords the worker cuts and answers at a time.
BATCH = 250
#: How long to wait for a batch's cuts (seconds) before cutting here: a batch takes the
#: worker some 7 ms.
PATIENCE = 5.0


def headword_cut(word: str, ipa: str | None, pos: str, definition: str) -> str:
    """A headword cut into syllables, as its note stores it (``note.cut``): what is shown
    and exported when the learner gave no syllables of their own."""
    from flashcards.text.syllables import syllable_text  # not loaded while a worker cuts

    return syllable_text(word, ipa, definition=definition, pos=pos)


class CutsAhead(Worker):
    """The cuts of headwords (:meth:`cut`), taken from a worker's answers where they have
    come, else cut here."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        self._cuts: dict[Headword, str] = {}
        self._asked: deque[list[Headword]] = deque()
        #: Cuts the worker answered, and cuts made here.
        self.there = 0
        self.here = 0
        super().__init__(process)

    def give(self, headwords: Sequence[Headword]) -> None:
        """Have the worker cut ``headwords`` (each once)."""
        if self._process is None:
            return
        distinct = list(dict.fromkeys(headwords))
        for at in range(0, len(distinct), BATCH):
            batch = distinct[at : at + BATCH]
            self._asked.append(batch)
            self._outbox.put(message(batch))

    def cut(self, word: str, ipa: str | None, pos: str, definition: str) -> str:
        """The headword's cut: the worker's, waited for if it was given the headword, else
        cut here."""
        key = (word, ipa, pos, definition)
        found = self._cuts.get(key)
        while found is None and self._asked:
            self._collect()
            found = self._cuts.get(key)
        if found is None:
            self.here += 1
            return headword_cut(word, ipa, pos, definition)
        return found

    def _collect(self) -> None:
        """Take the next batch's answer, and any others that have come; let the worker go
        when it is silent too long or at the first wrong answer."""
        block = True
        while self._asked:
            try:
                answer = (
                    self._answers.get(timeout=PATIENCE) if block else self._answers.get_nowait()
                )
            except queue.Empty:
                if block:
                    self._stop()
                return
            block = False
            batch = self._asked.popleft()
            if not (
                isinstance(answer, list)
                and len(answer) == len(batch)
                and all(type(cut) is str for cut in answer)
            ):
                self._stop()
                return
            self._cuts.update(zip(batch, cast(list[str], answer), strict=True))
            self.there += len(batch)

    def _stop(self) -> None:
        self._asked.clear()
        super()._stop()


def cuts_ahead(size: int) -> CutsAhead:
    """A :class:`CutsAhead` for an import of a document of ``size`` bytes: with a worker
    (starting up while the document is read) when it is large enough, a processor is free
    and one can be started."""
    if not wanted("FLASHCARDS_IMPORT_WORKER", size >= MIN_BYTES):
        return CutsAhead()
    process = start(_command())
    return CutsAhead(process) if process is not None else CutsAhead()


def _command() -> list[str]:
    """How the worker is started: this module run by this interpreter."""
    return module_command("flashcards.text.cuts_ahead")


def serve(given: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: cut each batch of headwords read from ``given``, answer on ``answers``,
    until the end."""
    while True:
        try:
            batch = cast(list[Headword], read_message(given))
        except EOFError:
            return
        write_message(answers, [headword_cut(*headword) for headword in batch])
        answers.flush()


def warm() -> None:
    """Load what cutting reads first (the hyphenation patterns), while the headwords are
    read."""
    headword_cut("syllable", "ˈsɪləbəl", "noun", "")


if __name__ == "__main__":
    # A short-lived process whose values make no cycles: the collector would only walk them.
    gc.disable()
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        warm()
        serve(sys.stdin.buffer, sys.stdout.buffer)
